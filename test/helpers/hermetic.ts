// Tests never see the developer's own keys or hush settings (STYLE habit 9).
// HUSH_TEST_* (where the shared fixtures are) and HUSH_PROPERTY_RUNS are the tests' own switches.
for (const name of Object.keys(process.env)) {
  const own = name.startsWith("HUSH_TEST_") || name === "HUSH_PROPERTY_RUNS";
  if (own) continue;
  if (name.startsWith("SOPS_") || name.startsWith("HUSH_") || name === "XDG_CONFIG_HOME" || name.startsWith("GIT_")) {
    delete process.env[name];
  }
}
