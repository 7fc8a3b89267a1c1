// The executable as shipped: bin/hush.js starting the bundle from V8's code
// cache, the cold dependencies the bundle leaves out, and what happens when
// the build is missing.
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateHybridIdentity, identityToRecipient } from "age-encryption";
import { describe, expect, it } from "vitest";
import { HUSH_BIN, hush } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const ROOT = join(import.meta.dirname, "../..");

function node(script: string, cwd = ROOT) {
  return spawnSync(process.execPath, ["-e", script], { cwd, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
}

describe("bin/hush.js", () => {
  it("starts from the code cache the build wrote (V8 accepts it)", () => {
    const r = node('const { script } = require("./bin/hush.js").loadCli(); console.log(script.cachedDataRejected)');
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("false");
  });

  it("keeps no key and no value of the training run in the code cache", () => {
    // The cache is trained by decrypting the example workspace with its demo key.
    const workspace = join(ROOT, ".secrets.example");
    const key = readFileSync(join(workspace, "DEMO-ONLY-age-key.txt"), "utf8").match(/AGE-SECRET-KEY-1[0-9A-Z]+/)![0];
    const dec = hush(["decrypt", "--output-type", "json", join(workspace, "secrets/shared/postgres.yaml")], { cwd: ROOT, env: { SOPS_AGE_KEY: key } });
    expect(dec.status).toBe(0);
    const values = Object.values(JSON.parse(dec.stdout) as Record<string, string>);
    expect(values.length).toBeGreaterThan(0);
    const cache = readFileSync(join(ROOT, "dist/cli-bundle/hush.cjs.cache")).toString("latin1");
    for (const secret of [key, ...values]) expect(cache.includes(secret)).toBe(false);
  });

  it("still runs without a code cache", () => {
    const r = node('const { cli } = require("./bin/hush.js").loadCli({ useCache: false }); cli.main(["--version"])');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("says in one line how to build when the bundle is missing", () => {
    const dir = tempDir("hush-nobuild-");
    mkdirSync(join(dir, "bin"));
    copyFileSync(HUSH_BIN, join(dir, "bin/hush.js"));
    copyFileSync(join(ROOT, "bin/package.json"), join(dir, "bin/package.json"));
    const r = spawnSync(process.execPath, [join(dir, "bin/hush.js"), "--version"], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("hush: the CLI is not built (dist/cli-bundle/hush.cjs is missing); run `npm run build`\n");
  });

  it("runs the unbundled modules of dist/ under HUSH_DEBUG=1 (readable stack traces), the bundle otherwise", () => {
    // A copy of the package without the bundle: only the dist/ modules can answer.
    const dir = tempDir("hush-debug-");
    cpSync(join(ROOT, "bin"), join(dir, "bin"), { recursive: true });
    cpSync(join(ROOT, "dist"), join(dir, "dist"), { recursive: true, filter: (path) => !path.includes("cli-bundle") });
    copyFileSync(join(ROOT, "package.json"), join(dir, "package.json"));
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, [join(dir, "bin/hush.js"), "--version"], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", ...env } });
    expect(run({}).status).toBe(1);
    const debug = run({ HUSH_DEBUG: "1" });
    expect(debug.stderr).toBe("");
    expect(debug.status).toBe(0);
    expect(debug.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    // Without the dist/ modules either: one line, no stack trace.
    rmSync(join(dir, "dist/cli"), { recursive: true, force: true });
    const missing = run({ HUSH_DEBUG: "1" });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe("hush: HUSH_DEBUG needs the unbundled CLI (dist/cli/main.js is missing); run `npm run build`\n");
  });

  it("encrypts to and decrypts with a post-quantum hybrid key (age-encryption, outside the hot bundle)", async () => {
    const dir = tempDir("hush-pq-");
    const identity = await generateHybridIdentity();
    const recipient = await identityToRecipient(identity);
    writeFileSync(join(dir, "p.yaml"), "token: not-a-real-token\n");
    const enc = hush(["encrypt", "--age", recipient, "p.yaml"], { cwd: dir });
    expect(enc.stderr).toBe("");
    expect(enc.status).toBe(0);
    writeFileSync(join(dir, "s.yaml"), enc.stdout);
    const dec = hush(["decrypt", "s.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: identity } });
    expect(dec.stderr).toBe("");
    expect(dec.stdout).toBe("token: not-a-real-token\n");
  });
});
