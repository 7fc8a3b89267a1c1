// What the CLI does the same way everywhere now that it goes through the
// library (issue 13): one opener (identity warnings for every command that
// opens hush), one --scope check, and `hook install` through the facade (the
// repository's root, wherever it is run from).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { hush, hushOk } from "../helpers/cli.js";
import { gitRepo } from "../helpers/git.js";
import { ALICE } from "../helpers/keys.js";
import { tempDir } from "../helpers/tmp.js";

const HUSH_YAML = `version: 1\ndefault_scope: shared\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n`;

describe("every command that opens hush", () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = gitRepo({ ".hush.yaml": HUSH_YAML, "stacks/app.yaml": 'env:\n  DB_PASSWORD: "{{db.password}}"\n', "app.tmpl": "password={{db.password}}\n" });
    hushOk(["secret", "create", "db", "--password=hunter2"], { cwd: dir, env: { SOPS_AGE_KEY: ALICE.identity } });
    // A key file others can read: still used, and said once by whichever command loaded it.
    const keyFile = join(tempDir(), "keys.txt");
    writeFileSync(keyFile, `${ALICE.identity}\n`, { mode: 0o644 });
    env = { SOPS_AGE_KEY_FILE: keyFile, HUSH_USER: "alice" };
  });

  const warned = (stderr: string): number => stderr.split("\n").filter((l) => /^hush: warning: .*keys\.txt/.test(l)).length;

  it("warns once about the identities it loaded (stack, export, inject, secret, check; run before its child starts)", () => {
    const commands = [
      ["stack", "resolve", "app", "--reveal"],
      ["stack", "validate", "app", "--level", "DECRYPTABLE"],
      ["export", "k8s", "db"],
      ["inject", "-i", "app.tmpl"],
      ["secret", "get", "db", "--reveal"],
      ["check", "--level", "DECRYPTABLE"],
    ];
    for (const args of commands) {
      const r = hush(args, { cwd: dir, env });
      expect(r.status, `${args.join(" ")}: ${r.stderr}`).toBe(0);
      expect(warned(r.stderr), `hush ${args.join(" ")}: ${r.stderr}`).toBe(1);
      expect(r.stderr).not.toContain(ALICE.identity);
    }
    expect(hushOk(["stack", "resolve", "app", "--reveal"], { cwd: dir, env })).toContain("hunter2");
    const run = hush(["run", "--stack", "app", "--", "sh", "-c", "echo child-output"], { cwd: dir, env });
    expect(run.status, run.stderr).toBe(0);
    expect(warned(run.stderr)).toBe(1);
  });

  it("says nothing when no identity was loaded", () => {
    const r = hush(["stack", "validate", "app"], { cwd: dir, env });
    expect(r).toMatchObject({ status: 0, stderr: "" });
  });

  it("checks --scope one way: the same message and exit 2 from secret, stack and export commands", () => {
    const message = 'hush: --scope must be one of user, shared (got "everyone")\n';
    for (const args of [
      ["secret", "get", "db", "--scope", "everyone"],
      ["secret", "create", "x", "--k=v", "--scope", "everyone"],
      ["stack", "register-secrets", "app", "--scope", "everyone"],
      ["export", "k8s", "db", "--scope", "everyone"],
    ]) {
      expect(hush(args, { cwd: dir, env, input: "" }), args.join(" ")).toMatchObject({ status: 2, stderr: message });
    }
    expect(hush(["secret", "list", "--scope", "everyone"], { cwd: dir, env })).toMatchObject({ status: 2, stderr: 'hush: --scope must be one of user, shared, all (got "everyone")\n' });
  });
});

describe("hush hook install goes through the facade", () => {
  it("names the hush root, not the directory it was run from, and refuses outside a hush repository", () => {
    const top = gitRepo({ "README.md": "monorepo\n", "infra/.hush.yaml": HUSH_YAML });
    mkdirSync(join(top, "infra/secrets/shared"), { recursive: true });
    const installed = hush(["hook", "install"], { cwd: join(top, "infra/secrets/shared") });
    expect(installed.status, installed.stderr).toBe(0);
    expect(installed.stdout).toMatch(/runs hush -C infra check --staged/);
    expect(readFileSync(join(top, ".git/hooks/pre-commit"), "utf8")).toContain("-C infra ");

    const plain = gitRepo({ "README.md": "no hush here\n" });
    const refused = hush(["hook", "install"], { cwd: plain });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^hush: no \.hush\.yaml in .* or any parent directory/);
    expect(existsSync(join(plain, ".git/hooks/pre-commit"))).toBe(false);
  });
});
