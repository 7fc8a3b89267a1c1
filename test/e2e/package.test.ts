// The package as npm users get it, not the checkout: `npm pack` on a copy of
// the working tree (prepack builds there), the tarball installed into an empty
// prefix (`npm install -g`) and into an empty project, then the installed
// `hush` and the library from both `import` and `require()`.
// Needs the npm registry for the runtime dependencies (npm's cache after `npm ci`).
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, gitRepo } from "../helpers/git.js";
import { tempDir } from "../helpers/tmp.js";

const ROOT = join(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string };

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false", ...env },
    timeout: 180_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// One pack and two installs for the whole file (beforeAll, kept until afterAll).
let work: string;
let tarball: string;
let packStdout: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "hush-package-"));
  // The files git would see (tracked and untracked-not-ignored), so prepack's `rm -rf dist` never touches this checkout's build.
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter(Boolean);
  const copy = join(work, "src-copy");
  for (const f of files) {
    try {
      cpSync(join(ROOT, f), join(copy, f));
    } catch {
      // a file deleted in the working tree but still in the index
    }
  }
  symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"));
  mkdirSync(join(work, "out"));
  const packed = run("npm", ["pack", "--pack-destination", join(work, "out")], copy);
  expect(packed.status, packed.stderr).toBe(0);
  packStdout = packed.stdout;
  tarball = join(work, "out", `${pkg.name}-${pkg.version}.tgz`);
}, 240_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the published package", () => {
  it("is named hush-secrets (the npm name hush is another project's) and installs the command hush", () => {
    expect(pkg.name).toBe("hush-secrets");
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string> };
    expect(Object.keys(manifest.bin)).toEqual(["hush"]);
  });

  it("npm pack prints only the tarball's name on stdout (the pre-commit framework reads it)", () => {
    expect(packStdout).toBe(`${pkg.name}-${pkg.version}.tgz\n`);
  });

  it("installed globally into an empty prefix: hush --version and hush init in a new repository", () => {
    const prefix = join(work, "prefix");
    const installed = run("npm", ["install", "-g", "--prefix", prefix, tarball], work);
    expect(installed.status, installed.stderr).toBe(0);
    const bin = join(prefix, "bin/hush");
    const version = run(bin, ["--version"], work);
    expect(version).toMatchObject({ status: 0, stdout: `${pkg.version}\n` });
    const repo = gitRepo();
    const home = tempDir("hush-home-");
    const init = run(bin, ["init", "--keygen", "--user", "alice"], repo, { HOME: home, XDG_CONFIG_HOME: join(home, ".config") });
    expect(init.status, init.stderr).toBe(0);
    expect(readFileSync(join(repo, ".hush.yaml"), "utf8")).toMatch(/^ {2}alice:/m);
    const created = run(bin, ["secret", "create", "db", "--password=pw-from-installed"], repo, { HOME: home, XDG_CONFIG_HOME: join(home, ".config") });
    expect(created.status, created.stderr).toBe(0);
    const got = run(bin, ["secret", "get", "db", "--reveal", "--json"], repo, { HOME: home, XDG_CONFIG_HOME: join(home, ".config") });
    expect(JSON.parse(got.stdout).values).toEqual({ password: "pw-from-installed" });
    expect(git(repo, "status", "--porcelain")).toContain(".hush.yaml");
  });

  it("in a project: the library from import and from require()", () => {
    const project = join(work, "project");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
    const installed = run("npm", ["install", tarball], project);
    expect(installed.status, installed.stderr).toBe(0);
    const viaImport = run(
      process.execPath,
      ["--input-type=module", "-e", `import { Hush, isHushError } from "${pkg.name}"; console.log(typeof Hush.open, typeof isHushError);`],
      project,
    );
    expect(viaImport).toMatchObject({ status: 0, stdout: "function function\n" });
    // Node 20.19+ require()s ES modules; the exports map's "default" condition lets it resolve.
    const viaRequire = run(
      process.execPath,
      ["-e", `const { Hush, isHushError } = require("${pkg.name}"); console.log(typeof Hush.open, typeof isHushError);`],
      project,
    );
    expect(viaRequire.stderr).not.toMatch(/ERR_PACKAGE_PATH_NOT_EXPORTED|ERR_REQUIRE_ESM/);
    expect(viaRequire).toMatchObject({ status: 0, stdout: "function function\n" });
    // The Python module ships with the package (docs/python.md).
    expect(readFileSync(join(project, `node_modules/${pkg.name}/python/hush_secrets.py`), "utf8")).toContain("def get_secret(name, key=None)");
    const bin = run(join(project, "node_modules/.bin/hush"), ["--version"], project);
    expect(bin).toMatchObject({ status: 0, stdout: `${pkg.version}\n` });
  });
});
