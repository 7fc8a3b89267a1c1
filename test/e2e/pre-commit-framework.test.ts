// The hook manifest (.pre-commit-hooks.yaml) installed by the real pre-commit
// framework (Debian's pre-commit, which CI installs), as a team would use it:
// `repo:` this repository at the committed HEAD, `pre-commit install`, then
// commits. The framework clones the repository at `rev`, so what is tested is
// the last commit, not uncommitted edits. Also the documented `repo: local` /
// `language: system` variant, which runs the `hush` on PATH.
// Needs the npm registry (the framework installs the hook with npm).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hushOnPath } from "../helpers/cli.js";
import { git } from "../helpers/git.js";
import { ALL, hushRepo } from "../unit/check/repo.js";
import { sopsText } from "../unit/check/sops-text.js";

const ROOT = join(import.meta.dirname, "../..");
const HEAD = git(ROOT, "rev-parse", "HEAD").trim();

// One framework cache for the file: the first install (clone, npm install, npm pack, npm install -g) is the slow part.
let cache: string;
beforeAll(() => {
  cache = mkdtempSync(join(tmpdir(), "hush-pre-commit-home-"));
});
afterAll(() => rmSync(cache, { recursive: true, force: true }));

function preCommit(dir: string, args: string[], path = process.env.PATH!): { status: number | null; output: string } {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(SOPS_|HUSH_|GIT_)/.test(k)) env[k] = v;
  const r = spawnSync(args[0] === "git" ? "git" : "pre-commit", args[0] === "git" ? args.slice(1) : args, {
    cwd: dir,
    encoding: "utf8",
    env: {
      ...env,
      PATH: path,
      PRE_COMMIT_HOME: cache,
      GIT_CONFIG_NOSYSTEM: "1",
      npm_config_update_notifier: "false",
      npm_config_fund: "false",
      npm_config_audit: "false",
    },
    timeout: 240_000,
  });
  return { status: r.status, output: r.stdout + r.stderr };
}

/** A hush repository with the framework's config, everything committed but the config's hook run. */
function teamRepo(config: string): string {
  const dir = hushRepo();
  writeFileSync(join(dir, ".pre-commit-config.yaml"), config);
  return dir;
}

function expectRefusesPlaintextAndPassesClean(dir: string, path?: string): void {
  git(dir, "add", "-A");
  const first = preCommit(dir, ["git", "commit", "-q", "-m", "init"], path);
  expect(first.output).toMatch(/hush check\.+Passed/);
  expect(first.status).toBe(0);
  const base = git(dir, "rev-parse", "HEAD").trim();

  writeFileSync(join(dir, "secrets/shared/leak.yaml"), "token: plaintext-token-value\n");
  git(dir, "add", "-A");
  const refused = preCommit(dir, ["git", "commit", "-q", "-m", "leak"], path);
  expect(refused.status).not.toBe(0);
  expect(refused.output).toMatch(/hush check\.+Failed/);
  expect(refused.output).toMatch(/^secrets\/shared\/leak.yaml:1:1: plaintext value for key "token"/m);
  expect(refused.output).not.toContain("plaintext-token-value");
  expect(git(dir, "rev-parse", "HEAD").trim()).toBe(base);

  git(dir, "rm", "-q", "--cached", "secrets/shared/leak.yaml");
  rmSync(join(dir, "secrets/shared/leak.yaml"));
  writeFileSync(join(dir, "secrets/shared/db.yaml"), sopsText(["user", "password"], { recipients: ALL }));
  git(dir, "add", "-A");
  const clean = preCommit(dir, ["git", "commit", "-q", "-m", "clean"], path);
  expect(clean.output).toMatch(/hush check\.+Passed/);
  expect(clean.status).toBe(0);
  expect(git(dir, "rev-parse", "HEAD").trim()).not.toBe(base);
}

describe("the pre-commit framework", () => {
  it("installs hush-check from .pre-commit-hooks.yaml (repo: this repository, rev: HEAD) and refuses a plaintext secret", () => {
    const manifest = readFileSync(join(ROOT, ".pre-commit-hooks.yaml"), "utf8");
    expect(manifest).toContain("id: hush-check");
    const dir = teamRepo(`repos:\n  - repo: ${ROOT}\n    rev: ${HEAD}\n    hooks:\n      - id: hush-check\n`);
    const installed = preCommit(dir, ["install", "--install-hooks"]);
    expect(installed.output).toContain("pre-commit installed at .git/hooks/pre-commit");
    expect(installed.status).toBe(0);
    // No hush on PATH: the framework's own environment provides it.
    expectRefusesPlaintextAndPassesClean(dir);
  }, 300_000);

  it("the documented repo: local / language: system variant runs the hush on PATH", () => {
    const dir = teamRepo(
      [
        "repos:",
        "  - repo: local",
        "    hooks:",
        "      - id: hush-check",
        "        name: hush check",
        "        entry: hush check --staged",
        "        language: system",
        "        pass_filenames: false",
        "        always_run: true",
        "",
      ].join("\n"),
    );
    expect(preCommit(dir, ["install"]).status).toBe(0);
    expectRefusesPlaintextAndPassesClean(dir, `${hushOnPath()}:${process.env.PATH}`);
  }, 120_000);
});
