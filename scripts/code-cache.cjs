// Writes dist/cli-bundle/hush.cjs.cache: V8's code cache of the CLI bundle
// after running the commands whose start-up is measured (decrypt, run) on the
// example workspace, so the functions they call are in the cache too. Run in
// a fresh process by scripts/bundle.js: the cache is only accepted by the same
// Node version and V8 flags, which a plain `node bin/hush.js` start matches.
"use strict";
const { readFileSync, renameSync, writeFileSync, mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { loadCli, BUNDLE } = require("../bin/hush.js");

const WORKSPACE = join(__dirname, "../.secrets.example");
const silent = { out() {}, err() {} };

async function train() {
  const { cli, script } = loadCli({ useCache: false });
  const home = mkdtempSync(join(tmpdir(), "hush-code-cache-"));
  // The demo key by value: no file mode to fix, no warning to print.
  Object.assign(process.env, { HOME: home, SOPS_AGE_KEY: readFileSync(join(WORKSPACE, "DEMO-ONLY-age-key.txt"), "utf8") });
  delete process.env.SOPS_AGE_KEY_FILE;
  delete process.env.SOPS_AGE_KEY_CMD;
  const commands = [
    ["--version"],
    ["decrypt", join(WORKSPACE, "secrets/shared/postgres.yaml")],
    ["-C", WORKSPACE, "run", "--with-secrets", "--", "true"],
    ["-C", WORKSPACE, "run", "--env-file", ".env.hush", "--", "true"],
  ];
  try {
    for (const argv of commands) {
      const status = await cli.main(argv, { output: silent, exit: false });
      if (status !== 0) throw new Error(`hush ${argv.join(" ")} exited ${status} while training the code cache`);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  const cache = script.createCachedData();
  const temp = `${BUNDLE}.cache.${process.pid}`;
  writeFileSync(temp, cache);
  renameSync(temp, `${BUNDLE}.cache`);
}

train().catch((error) => {
  process.stderr.write(`code cache: ${error.message}\n`);
  process.exit(1);
});
