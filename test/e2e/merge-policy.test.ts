// The merge driver keeps only the recipients the policy lists: .hush.yaml for
// files of the store layout, the matching .sops.yaml creation rule for plain
// sops files. The attack: a teammate (no private key) pushes a branch that
// only copies an age entry and relabels it with an outsider's recipient; the
// old driver wrapped ours' data key to the outsider at merge time.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { hush, hushOk } from "../helpers/cli.js";
import { gitRepo, gitWithEnv } from "../helpers/git.js";
import { tempDir } from "../helpers/tmp.js";
import { ALICE, BOB, CI, DAVE } from "../helpers/keys.js";

const aliceEnv = { SOPS_AGE_KEY: ALICE.identity };
const HUSH_YAML = `version: 1\ndefault_scope: shared\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  bob: { recipients: [${BOB.recipient}] }\n  ci: { recipients: [${CI.recipient}] }\nshared:\n  readers: ["*"]\n`;

function ok(r: { status: number | null; stderr: string }, what: string): void {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${r.stderr}`);
}

const cli = (dir: string, args: string[], env: Record<string, string> = aliceEnv): string => hushOk(args, { cwd: dir, env });

function recipientsOf(text: string): string[] {
  return (parse(text) as { sops: { age: Array<{ recipient: string }> } }).sops.age.map((e) => e.recipient);
}

/** The attack: copy bob's age entry (same enc) and relabel it with `outsider`; no private key needed. */
function addRelabelledEntry(file: string, outsider: string): void {
  const text = readFileSync(file, "utf8");
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.trim() === `recipient: ${BOB.recipient}`);
  let start = at;
  while (!lines[start]!.trimStart().startsWith("- enc:")) start--;
  const copy = lines.slice(start, at + 1).map((l) => l.replace(BOB.recipient, outsider));
  lines.splice(at + 1, 0, ...copy);
  writeFileSync(file, lines.join("\n"));
}

/** Whether the real `age` binary opens any age entry of the file with `identity`. */
function ageOpensAnyEntry(text: string, identity: string): boolean {
  const keyFile = join(tempDir(), "key.txt");
  writeFileSync(keyFile, identity + "\n", { mode: 0o600 });
  const entries = (parse(text) as { sops: { age: Array<{ enc: string }> } }).sops.age;
  return entries.some((e) => spawnSync("age", ["-d", "-i", keyFile], { input: e.enc }).status === 0);
}

function commitAll(dir: string, message: string): void {
  ok(gitWithEnv(dir, {}, "add", "-A"), "git add");
  ok(gitWithEnv(dir, {}, "commit", "-q", "-m", message), "git commit");
}

describe("merge driver recipients follow the policy (real git merge)", () => {
  let dir: string;
  beforeEach(() => {
    dir = gitRepo({ ".hush.yaml": HUSH_YAML });
    cli(dir, ["secret", "create", "db", "--user=app", "--password=base-pass", "--scope", "shared"]);
    cli(dir, ["git", "setup"]);
    commitAll(dir, "base");
  });

  it("an outsider's relabelled entry from the other side is dropped, the merge stops, and the outsider cannot read alice's new value", async () => {
    const FILE = "secrets/shared/db.yaml";
    ok(gitWithEnv(dir, {}, "checkout", "-q", "-b", "feature"), "checkout");
    addRelabelledEntry(join(dir, FILE), DAVE.recipient);
    commitAll(dir, "innocent-looking change");
    ok(gitWithEnv(dir, {}, "checkout", "-q", "main"), "checkout main");
    cli(dir, ["secret", "update", "db", "--password=alice-new-pass", "--scope", "shared"]);
    commitAll(dir, "rotate password");

    const merge = gitWithEnv(dir, aliceEnv, "merge", "--no-edit", "feature");
    expect(merge.status).not.toBe(0);
    expect(merge.stdout).toContain(`CONFLICT (content): Merge conflict in ${FILE}`);
    const said = merge.stderr.split("\n").find((l) => l.includes("not in .hush.yaml"));
    expect(said).toBeDefined();
    expect(said).toContain(FILE);
    expect(said).toContain(DAVE.recipient.slice(0, 12));
    expect(said).not.toContain(DAVE.recipient); // shortened
    expect(gitWithEnv(dir, {}, "status", "--porcelain").stdout).toContain(`UU ${FILE}`);

    const text = readFileSync(join(dir, FILE), "utf8");
    expect(recipientsOf(text).sort()).toEqual([ALICE.recipient, BOB.recipient, CI.recipient].sort());
    expect(text).not.toContain("alice-new-pass");
    // The outsider: no entry opens with the real age binary, and hush refuses too.
    expect(ageOpensAnyEntry(text, DAVE.identity)).toBe(false);
    const asDave = hush(["secret", "get", "db", "--reveal", "--scope", "shared"], { cwd: dir, env: { SOPS_AGE_KEY: DAVE.identity } });
    expect(asDave.status).not.toBe(0);
    expect(asDave.stdout + asDave.stderr).not.toContain("alice-new-pass");
    // The members read the merged value; the file passes the pre-commit check once added.
    for (const id of [ALICE, BOB, CI]) {
      const values = JSON.parse(cli(dir, ["secret", "get", "db", "--reveal", "--json", "--scope", "shared"], { SOPS_AGE_KEY: id.identity })).values;
      expect(values).toEqual({ user: "app", password: "alice-new-pass" });
    }
    expect(hush(["check"], { cwd: dir, env: aliceEnv }).status).toBe(0);
  });

  it("the outsider entry on a file only the other side changed never reaches the driver, and hush check refuses it", () => {
    // Documents the boundary: git runs no driver for a one-sided change; the pre-commit/CI check is the guard there.
    const FILE = "secrets/shared/db.yaml";
    ok(gitWithEnv(dir, {}, "checkout", "-q", "-b", "feature"), "checkout");
    addRelabelledEntry(join(dir, FILE), DAVE.recipient);
    commitAll(dir, "innocent-looking change");
    ok(gitWithEnv(dir, {}, "checkout", "-q", "main"), "checkout main");
    ok(gitWithEnv(dir, aliceEnv, "merge", "--no-edit", "feature"), "merge");
    const check = hush(["check"], { cwd: dir });
    expect(check.status).toBe(3);
    expect(check.stdout + check.stderr).toContain("should not be there");
  });

  /** The attack on a plain sops file: a branch adds dave's relabelled entry, main changes the token meanwhile. */
  function relabelOnBranchChangeOnMain(FILE: string): void {
    commitAll(dir, "plain sops file");
    ok(gitWithEnv(dir, {}, "checkout", "-q", "-b", "feature"), "checkout");
    addRelabelledEntry(join(dir, FILE), DAVE.recipient);
    commitAll(dir, "innocent-looking change");
    ok(gitWithEnv(dir, {}, "checkout", "-q", "main"), "checkout main");
    cli(dir, ["set", FILE, '["token"]', '"alice-new-token"']);
    commitAll(dir, "new token");
  }

  it("a plain sops file under a .sops.yaml creation rule: recipients the rule does not list are dropped", () => {
    const FILE = "config/app.yaml";
    writeFileSync(join(dir, ".sops.yaml"), `creation_rules:\n  - path_regex: ^config/.*\\.yaml$\n    age: ${ALICE.recipient},${BOB.recipient}\n`);
    writeFileSync(join(dir, ".gitattributes"), readFileSync(join(dir, ".gitattributes"), "utf8") + "config/*.yaml merge=hush diff=hush\n");
    execFileSync("mkdir", ["-p", join(dir, "config")]);
    writeFileSync(join(dir, FILE), "token: base-token\nurl: https://example.test\n");
    cli(dir, ["encrypt", "-i", FILE]);
    relabelOnBranchChangeOnMain(FILE);

    const merge = gitWithEnv(dir, aliceEnv, "merge", "--no-edit", "feature");
    expect(merge.status).not.toBe(0);
    const said = merge.stderr.split("\n").find((l) => l.includes("not in .sops.yaml"));
    expect(said).toContain(FILE);
    expect(said).toContain(DAVE.recipient.slice(0, 12));
    const text = readFileSync(join(dir, FILE), "utf8");
    expect(recipientsOf(text).sort()).toEqual([ALICE.recipient, BOB.recipient].sort());
    expect(ageOpensAnyEntry(text, DAVE.identity)).toBe(false);
    expect(cli(dir, ["decrypt", FILE], { SOPS_AGE_KEY: BOB.identity })).toContain("token: alice-new-token");
  });

  it("a sops file no .hush.yaml scope or .sops.yaml rule covers: only ours' recipients stay", () => {
    const FILE = "config/app.yaml";
    writeFileSync(join(dir, ".gitattributes"), readFileSync(join(dir, ".gitattributes"), "utf8") + "config/*.yaml merge=hush diff=hush\n");
    execFileSync("mkdir", ["-p", join(dir, "config")]);
    writeFileSync(join(dir, FILE), "token: base-token\n");
    cli(dir, ["encrypt", "-i", "--age", `${ALICE.recipient},${BOB.recipient}`, FILE]);
    relabelOnBranchChangeOnMain(FILE);
    const merge = gitWithEnv(dir, aliceEnv, "merge", "--no-edit", "feature");
    expect(merge.status).not.toBe(0);
    expect(merge.stderr).toContain(`${FILE}: dropped recipient ${DAVE.recipient.slice(0, 12)}`);
    expect(merge.stderr).toContain("no .hush.yaml scope or .sops.yaml creation rule covers this file");
    const text = readFileSync(join(dir, FILE), "utf8");
    expect(recipientsOf(text).sort()).toEqual([ALICE.recipient, BOB.recipient].sort());
    expect(ageOpensAnyEntry(text, DAVE.identity)).toBe(false);
  });

  it("a user added in .hush.yaml on the other side (and synced there) is policy after the merge: kept, the merge is clean", () => {
    // The merged .hush.yaml (ours, theirs and their merge base merged by git's merge-file) is the policy, not ours alone.
    ok(gitWithEnv(dir, {}, "checkout", "-q", "-b", "feature"), "checkout");
    cli(dir, ["user", "add", "dave", DAVE.recipient]);
    commitAll(dir, "add dave");
    ok(gitWithEnv(dir, {}, "checkout", "-q", "main"), "checkout main");
    writeFileSync(join(dir, ".hush.yaml"), "# team secrets\n" + readFileSync(join(dir, ".hush.yaml"), "utf8"));
    cli(dir, ["secret", "update", "db", "--password=p2", "--scope", "shared"]);
    commitAll(dir, "new password");
    const merge = gitWithEnv(dir, aliceEnv, "merge", "--no-edit", "feature");
    expect(merge.stderr).not.toContain("not in .hush.yaml");
    expect(merge.status).toBe(0);
    const text = readFileSync(join(dir, "secrets/shared/db.yaml"), "utf8");
    expect(recipientsOf(text)).toContain(DAVE.recipient);
    expect(JSON.parse(cli(dir, ["secret", "get", "db", "--reveal", "--json", "--scope", "shared"], { SOPS_AGE_KEY: DAVE.identity })).values.password).toBe(
      "p2",
    );
  });

  it("git rebase: the replayed commit's .hush.yaml counts (a user it adds is kept), and an outsider it adds is dropped", () => {
    ok(gitWithEnv(dir, {}, "checkout", "-q", "-b", "feature"), "checkout");
    cli(dir, ["user", "add", "dave", DAVE.recipient]);
    commitAll(dir, "add dave");
    ok(gitWithEnv(dir, {}, "checkout", "-q", "main"), "checkout main");
    cli(dir, ["secret", "update", "db", "--password=p3", "--scope", "shared"]);
    commitAll(dir, "new password");
    ok(gitWithEnv(dir, {}, "checkout", "-q", "feature"), "checkout feature");
    const rebase = gitWithEnv(dir, aliceEnv, "rebase", "main");
    expect(rebase.stderr).not.toContain("dropped");
    expect(rebase.status).toBe(0);
    expect(recipientsOf(readFileSync(join(dir, "secrets/shared/db.yaml"), "utf8"))).toContain(DAVE.recipient);

    ok(gitWithEnv(dir, {}, "checkout", "-q", "-b", "evil", "main"), "checkout");
    addRelabelledEntry(join(dir, "secrets/shared/db.yaml"), DAVE.recipient);
    commitAll(dir, "innocent-looking change");
    ok(gitWithEnv(dir, {}, "checkout", "-q", "main"), "checkout main");
    cli(dir, ["secret", "update", "db", "--password=p4", "--scope", "shared"]);
    commitAll(dir, "another password");
    ok(gitWithEnv(dir, {}, "checkout", "-q", "evil"), "checkout evil");
    const evil = gitWithEnv(dir, aliceEnv, "rebase", "main");
    expect(evil.status).not.toBe(0);
    expect(evil.stderr).toContain(`secrets/shared/db.yaml: dropped recipient ${DAVE.recipient.slice(0, 12)}`);
    expect(ageOpensAnyEntry(readFileSync(join(dir, "secrets/shared/db.yaml"), "utf8"), DAVE.identity)).toBe(false);
  });
});
