// Tests never see the developer's own keys or hush settings (STYLE habit 9).
// HUSH_TEST_* and HUSH_PROPERTY_RUNS are the tests' own switches.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

for (const name of Object.keys(process.env)) {
  const own = name.startsWith("HUSH_TEST_") || name === "HUSH_PROPERTY_RUNS";
  if (own) continue;
  if (name.startsWith("SOPS_") || name.startsWith("HUSH_") || name === "XDG_CONFIG_HOME" || name.startsWith("GIT_")) {
    delete process.env[name];
  }
}

// The default identities live under HOME (~/.config/sops/age/keys.txt, ~/.ssh/id_ed25519, ~/.ssh/id_rsa):
// code that falls back to os.homedir() finds an empty home of the tests' own, never the developer's.
const home = mkdtempSync(join(tmpdir(), "hush-test-home-"));
process.env.HOME = home;
afterAll(() => rmSync(home, { recursive: true, force: true }));
