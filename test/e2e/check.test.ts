// `hush check` through bin/hush.js (build first: `npx tsc -p .`): levels,
// JSON, exit statuses, on a machine with no private key at all.
import { rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { HUSH_YAML, hushRepo } from "../unit/check/repo.js";
import { sopsText } from "../unit/check/sops-text.js";
import { ALICE, BOB } from "../helpers/keys.js";
import { BLOCK_BEGIN, BLOCK_END } from "../../src/config/sops-yaml-writer.js";

describe("hush check (working tree)", () => {
  it("passes a clean repository at every level below DECRYPTABLE with no private key", () => {
    const dir = hushRepo();
    for (const level of ["NONE", "SECRET_EXISTS", "SECRET_AND_KEY_EXISTS"]) {
      const r = hush(["check", "--level", level], { cwd: dir });
      expect(r.stderr).toBe("");
      expect(r.stdout).toMatch(new RegExp(`^ok: 2 secret files, 1 stacks \\(3 references at ${level}\\), \\d+ files searched for age keys\\n$`));
      expect(r.status).toBe(0);
    }
  });

  it("DECRYPTABLE fails clearly when there is no private key", () => {
    const r = hush(["check", "--level", "DECRYPTABLE"], { cwd: hushRepo() });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^stacks\/prod.yaml:4:16: secret "mlflow" \(secrets\/shared\/mlflow.yaml\) cannot be decrypted: no age identity found/m);
    expect(r.stderr).toMatch(/^stacks\/prod.yaml:7:11: secret "token" \(secrets\/users\/alice\/token.yaml\) cannot be decrypted/m);
  });

  it("reports each rule with --json and exits 3", () => {
    const dir = hushRepo({ "stacks/prod.yaml": 'env:\n  A: "{{mlflow.nokey}}"\n' });
    writeFileSync(join(dir, "secrets/shared/plain.yaml"), "token: abc\n");
    const r = hush(["check", "--json"], { cwd: dir });
    expect(r.status).toBe(3);
    const report = JSON.parse(r.stdout) as { ok: boolean; level: string; users: string[]; problems: Array<{ file: string; line: number; code: string }> };
    expect(report).toMatchObject({ ok: false, level: "SECRET_AND_KEY_EXISTS", users: ["alice"] });
    expect(report.problems.map((p) => `${p.file}:${p.line} ${p.code}`)).toEqual([
      "secrets/shared/plain.yaml:1 VALUE_FORMAT_INVALID",
      "secrets/shared/plain.yaml:1 NOT_ENCRYPTED",
      "stacks/prod.yaml:2 VALIDATION_FAILED",
    ]);
    expect(r.stdout).not.toContain("abc");
  });

  it("--json: one stable code per rule, so a CI can tell them apart (exit 3 for all)", () => {
    const dir = hushRepo({
      // two users sharing a recipient; a user-scope secret shadowing a shared one under `shadowing: refuse`
      ".hush.yaml": HUSH_YAML.replace("  ci: {", `  alice2: { recipients: [${ALICE.recipient}] }\n  ci: {`) + "shadowing: refuse\n",
      ".sops.yaml": ["creation_rules:", `  ${BLOCK_BEGIN}`, `  - path_regex: "^secrets/shared/"`, `    age: ${BOB.recipient}`, `  ${BLOCK_END}`, ""].join("\n"),
      "secrets/shared/notes.txt": "not a secret file\n",
      "secrets/shared/narrow.yaml": sopsText(["a"], { recipients: [ALICE.recipient] }),
      "secrets/users/alice/mlflow.yaml": sopsText(["username", "password"], { recipients: [ALICE.recipient] }),
      "config/key.txt": `${ALICE.identity}\n`,
      "deploy.env": "GITHUB_TOKEN=ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8\n",
    });
    const r = hush(["check", "--json"], { cwd: dir });
    expect(r.status, r.stderr).toBe(3);
    const codes = (JSON.parse(r.stdout) as { problems: Array<{ file: string; code: string }> }).problems.map((p) => `${p.file} ${p.code}`);
    expect(codes).toEqual(expect.arrayContaining([
      ".hush.yaml RECIPIENT_SHARED",
      ".sops.yaml SOPS_YAML_STALE",
      "config/key.txt PRIVATE_KEY_LEAKED",
      "deploy.env TOKEN_LEAKED",
      "secrets/shared/narrow.yaml RECIPIENTS_MISMATCH",
      "secrets/shared/notes.txt FILE_MISPLACED",
      "secrets/users/alice/mlflow.yaml SECRET_SHADOWED",
    ]));
    expect(codes.filter((c) => c.endsWith(" CHECK_FAILED"))).toEqual([]);
  });

  it("refuses an unknown level from the environment with the valid ones (exit 2)", () => {
    const r = hush(["check"], { cwd: hushRepo(), env: { HUSH_SECRET_VALIDATION_LEVEL: "STRICT" } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("use one of NONE, SECRET_EXISTS, SECRET_AND_KEY_EXISTS, DECRYPTABLE");
  });

  it("refuses symbolic links under secrets/, dangling ones too, without following them", () => {
    const dir = hushRepo();
    symlinkSync("mlflow.yaml", join(dir, "secrets/shared/alias.yaml"));
    symlinkSync("/nonexistent/target.yaml", join(dir, "secrets/shared/dangling.yaml"));
    const r = hush(["check"], { cwd: dir });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("secrets/shared/alias.yaml:1:1: a symbolic link; hush refuses symlinks under the secrets directory");
    expect(r.stderr).toContain("secrets/shared/dangling.yaml:1:1: a symbolic link");
    expect(r.stderr).not.toContain("internal error");
  });

  it("--staged outside git is a clear error", () => {
    const dir = hushRepo();

    rmSync(join(dir, ".git"), { recursive: true });
    const r = hush(["check", "--staged"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is not inside a git repository/);
    expect(hush(["check"], { cwd: dir, env: { HUSH_USER: "alice" } }).status).toBe(0);
  });
});
