// `hush check --staged` reads what the change touches and what it must be
// cross-checked against, not the whole repository: a stack that references a
// changed or deleted secret is still checked; an unrelated one is not.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { git } from "../helpers/git.js";
import { ALL, hushRepo } from "../unit/check/repo.js";
import { sopsText } from "../unit/check/sops-text.js";

/** The fixture repository committed, plus a second stack that references only `other`. */
function committed(): string {
  const dir = hushRepo({
    "secrets/shared/other.yaml": sopsText(["key"], { recipients: ALL }),
    "stacks/unrelated.yaml": 'env:\n  X: "{{other.key}}"\n',
  });
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "base");
  return dir;
}

const check = (dir: string) => hush(["check", "--staged", "--json", "--as", "alice"], { cwd: dir });

describe("hush check --staged: proportional to the change", () => {
  it("a staged secret is cross-checked against every stack that references it, and only those", () => {
    const dir = committed();
    writeFileSync(join(dir, "secrets/shared/mlflow.yaml"), sopsText(["username", "password", "extra"], { recipients: ALL }));
    git(dir, "add", "-A");
    const r = check(dir);
    expect(r.status, r.stdout).toBe(0);
    // prod.yaml references mlflow; unrelated.yaml does not.
    expect(JSON.parse(r.stdout).counts).toMatchObject({ judged: 1, stackFiles: 1 });
  });

  it("deleting a secret an unstaged stack references is refused at that stack's reference", () => {
    const dir = committed();
    git(dir, "rm", "-q", "secrets/shared/mlflow.yaml");
    const r = check(dir);
    expect(r.status).toBe(3);
    const problems = JSON.parse(r.stdout).problems as Array<{ file: string; message: string }>;
    expect(problems.map((p) => p.file)).toEqual(["stacks/prod.yaml", "stacks/prod.yaml"]);
    expect(problems.every((p) => p.message.includes(`secret "mlflow" not found`))).toBe(true);
  });

  it("removing a key an unstaged stack references is refused", () => {
    const dir = committed();
    writeFileSync(join(dir, "secrets/shared/mlflow.yaml"), sopsText(["username"], { recipients: ALL }));
    git(dir, "add", "-A");
    const r = check(dir);
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout).problems.map((p: { message: string }) => p.message)).toEqual([
      expect.stringContaining('secret "mlflow" has no key "password"'),
    ]);
  });

  it("a staged stack is checked against the secrets it references; a changed .hush.yaml judges everything", () => {
    const dir = committed();
    writeFileSync(join(dir, "stacks/unrelated.yaml"), 'env:\n  X: "{{other.nokey}}"\n');
    git(dir, "add", "-A");
    const bad = check(dir);
    expect(bad.status).toBe(3);
    expect(JSON.parse(bad.stdout).problems.map((p: { message: string }) => p.message)).toEqual([expect.stringContaining('secret "other" has no key "nokey"')]);
    git(dir, "checkout", "--", ".");
    git(dir, "reset", "-q", "--hard");
    rmSync(join(dir, "secrets/shared/other.yaml"));
    writeFileSync(join(dir, ".hush.yaml"), `${committedHushYaml(dir)}# touched\n`);
    git(dir, "add", ".hush.yaml");
    const all = check(dir);
    expect(JSON.parse(all.stdout).counts).toMatchObject({ stackFiles: 2 });
  });
});

function committedHushYaml(dir: string): string {
  return git(dir, "show", "HEAD:.hush.yaml");
}
