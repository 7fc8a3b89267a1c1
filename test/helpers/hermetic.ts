// Tests never see the developer's own keys or hush settings (STYLE habit 9).
for (const name of Object.keys(process.env)) {
  if (name.startsWith("SOPS_") || name.startsWith("HUSH_") || name === "XDG_CONFIG_HOME" || name.startsWith("GIT_")) {
    delete process.env[name];
  }
}
