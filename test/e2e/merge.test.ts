// The merge driver under a real `git merge`: real encryption (hush secret
// create/update), the driver configured by `hush git setup`, the result
// checked with the real `age` binary and the npm `sops-age` package.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { decryptSops } from "sops-age";
import { hush, hushOk, hushOnPath } from "../helpers/cli.js";
import { gitRepo, gitWithEnv } from "../helpers/git.js";
import { tempDir } from "../helpers/tmp.js";
import { ALICE, BOB, CI } from "../helpers/keys.js";

const FILE = "secrets/shared/db.yaml";
const aliceEnv = { SOPS_AGE_KEY: ALICE.identity };

function ok(r: { status: number | null; stderr: string }, what: string): void {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${r.stderr}`);
}

const cli = (dir: string, args: string[], env: Record<string, string> = aliceEnv): string => hushOk(args, { cwd: dir, env });

function valuesOf(dir: string): Record<string, string> {
  return JSON.parse(cli(dir, ["secret", "get", "db", "--reveal", "--json", "--scope", "shared"])).values;
}

let dir: string;
beforeEach(() => {
  dir = gitRepo({
    ".hush.yaml": `version: 1\ndefault_scope: shared\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  bob: { recipients: [${BOB.recipient}] }\nshared:\n  readers: ["*"]\n`,
  });
  cli(dir, ["secret", "create", "db", "--user=app", "--password=base-pass", "--host=db.local", "--scope", "shared"]);
  cli(dir, ["git", "setup"]);
  ok(gitWithEnv(dir, {}, "add", "-A"), "git add");
  ok(gitWithEnv(dir, {}, "commit", "-q", "-m", "base"), "git commit");
});

function branchChange(branch: string, args: string[]): void {
  ok(gitWithEnv(dir, {}, "checkout", "-q", "-B", branch), "checkout");
  cli(dir, ["secret", "update", "db", ...args, "--scope", "shared"]);
  ok(gitWithEnv(dir, {}, "commit", "-q", "-am", `change on ${branch}`), "commit");
}

describe("merge driver (real git merge)", () => {
  it("two branches changing different keys merge cleanly; the file decrypts to both changes with age and sops-age", async () => {
    branchChange("feature", ["--password=feature-pass"]);
    const theirsText = readFileSync(join(dir, FILE), "utf8");
    ok(gitWithEnv(dir, {}, "checkout", "-q", "main"), "checkout main");
    branchChange("main", ["--user=main-user", "--token=new-token"]);
    const oursText = readFileSync(join(dir, FILE), "utf8");

    const merge = gitWithEnv(dir, aliceEnv, "merge", "--no-edit", "feature");
    expect(merge.stderr).not.toContain("CONFLICT");
    expect(merge.status).toBe(0);
    expect(valuesOf(dir)).toEqual({ user: "main-user", password: "feature-pass", host: "db.local", token: "new-token" });

    const text = readFileSync(join(dir, FILE), "utf8");
    // Unchanged values keep their exact ciphertext (data key and IVs reused).
    const line = (t: string, key: string) => t.split("\n").find((l) => l.startsWith(`${key}:`));
    expect(line(text, "host")).toBe(line(oursText, "host"));
    expect(line(text, "user")).toBe(line(oursText, "user"));
    // The value taken from theirs keeps theirs' ciphertext; ours' key groups are kept as they were.
    expect(line(text, "password")).toBe(line(theirsText, "password"));
    expect(text.slice(text.indexOf("sops:"), text.indexOf("lastmodified"))).toBe(oursText.slice(oursText.indexOf("sops:"), oursText.indexOf("lastmodified")));
    expect(text).not.toContain("feature-pass");

    // The real age binary opens the data key of every recipient entry it holds a key for.
    const wire = parse(text) as { sops: { age: Array<{ recipient: string; enc: string }> } };
    expect(wire.sops.age.map((e) => e.recipient).sort()).toEqual([ALICE.recipient, BOB.recipient].sort());
    const keyFile = join(tempDir(), "key.txt");
    writeFileSync(keyFile, `${ALICE.identity}\n${BOB.identity}\n`, { mode: 0o600 });
    for (const entry of wire.sops.age) {
      const dataKey = execFileSync("age", ["-d", "-i", keyFile], { input: entry.enc });
      expect(dataKey.length).toBe(32);
    }
    // An independent sops decoder reads the values.
    const fromSopsAge = await decryptSops(text, { secretKey: BOB.identity, fileType: "yaml" });
    expect(fromSopsAge).toMatchObject({ user: "main-user", password: "feature-pass", host: "db.local", token: "new-token" });

    // hush check (MAC, recipients) accepts the merged file.
    expect(hush(["check"], { cwd: dir, env: aliceEnv }).status).toBe(0);
  });

  it("the same key changed differently on both sides: a clear conflict, still encrypted, resolved by updating the key", () => {
    branchChange("feature", ["--password=theirs-pass"]);
    ok(gitWithEnv(dir, {}, "checkout", "-q", "main"), "checkout main");
    branchChange("main", ["--password=ours-pass", "--host=db.main"]);

    const merge = gitWithEnv(dir, aliceEnv, "merge", "--no-edit", "feature");
    expect(merge.status).not.toBe(0);
    expect(merge.stdout).toContain(`CONFLICT (content): Merge conflict in ${FILE}`);
    expect(merge.stderr).toContain(`key "password" changed differently on both sides`);
    expect(merge.stderr).toContain(`hush edit ${FILE}`);
    expect(merge.stderr + merge.stdout).not.toContain("ours-pass");

    const text = readFileSync(join(dir, FILE), "utf8");
    expect(text).not.toContain("ours-pass");
    expect(text).not.toContain("theirs-pass");
    expect(gitWithEnv(dir, {}, "status", "--porcelain").stdout).toContain(`UU ${FILE}`);
    // The values as the user sees them in `hush edit`: markers around both plaintexts, the clean key merged.
    expect(valuesOf(dir)).toEqual({ user: "app", host: "db.main", password: "<<<<<<< ours\nours-pass\n=======\ntheirs-pass\n>>>>>>> theirs" });

    // Before `git add` the index holds only the sides: --staged names the file instead of failing to read it.
    const unmerged = hush(["check", "--staged"], { cwd: dir });
    expect(unmerged.status).toBe(3);
    expect(unmerged.stderr).toContain(`${FILE}:1:1: unmerged: a merge is in progress`);
    // The markers are encrypted, yet `hush check` (no key) and the pre-commit hook refuse the unresolved file.
    const check = hush(["check"], { cwd: dir });
    expect(check.status).toBe(3);
    expect(check.stdout + check.stderr).toMatch(new RegExp(`${FILE}:\\d+:1: unresolved merge conflict in key "password"`));
    cli(dir, ["hook", "install"]);
    ok(gitWithEnv(dir, {}, "add", FILE), "git add");
    const refused = gitWithEnv(dir, { PATH: `${hushOnPath()}:${process.env.PATH}` }, "commit", "-q", "--no-edit");
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain("unresolved merge conflict");

    cli(dir, ["secret", "update", "db", "--password=resolved-pass", "--scope", "shared"]);
    ok(gitWithEnv(dir, {}, "add", FILE), "git add");
    ok(gitWithEnv(dir, { PATH: `${hushOnPath()}:${process.env.PATH}` }, "commit", "-q", "--no-edit"), "git commit");
    expect(valuesOf(dir).password).toBe("resolved-pass");
  });

  it("without an identity: git's own conflict over the ciphertext, and stderr says why", () => {
    branchChange("feature", ["--password=f"]);
    ok(gitWithEnv(dir, {}, "checkout", "-q", "main"), "checkout main");
    branchChange("main", ["--user=m"]);
    const merge = gitWithEnv(dir, {}, "merge", "--no-edit", "feature");
    expect(merge.status).not.toBe(0);
    expect(merge.stderr).toContain("cannot merge per key");
    expect(merge.stderr).toContain("falling back to git's line merge");
    const text = readFileSync(join(dir, FILE), "utf8");
    expect(text).toContain("<<<<<<< ours");
    // The pre-commit check refuses the conflicted file.
    const check = hush(["check"], { cwd: dir, env: aliceEnv });
    expect(check.status).toBe(3);
  });

  it("recipients changed on the other side (a user added) are kept, and the file stays valid", () => {
    ok(gitWithEnv(dir, {}, "checkout", "-q", "-B", "feature"), "checkout");
    cli(dir, ["user", "add", "ci", CI.recipient]);
    ok(gitWithEnv(dir, {}, "commit", "-q", "-am", "add ci"), "commit");
    ok(gitWithEnv(dir, {}, "checkout", "-q", "main"), "checkout main");
    branchChange("main", ["--password=p2"]);
    const merge = gitWithEnv(dir, aliceEnv, "merge", "--no-edit", "feature");
    expect(merge.status).toBe(0);
    expect(merge.stderr).toContain("recipients added on the other side kept");
    const text = readFileSync(join(dir, FILE), "utf8");
    const recipients = (parse(text) as { sops: { age: Array<{ recipient: string }> } }).sops.age.map((e) => e.recipient);
    expect(recipients.sort()).toEqual([ALICE.recipient, BOB.recipient, CI.recipient].sort());
    expect(JSON.parse(cli(dir, ["secret", "get", "db", "--reveal", "--json", "--scope", "shared"], { SOPS_AGE_KEY: CI.identity })).values.password).toBe("p2");
    expect(hush(["check"], { cwd: dir, env: aliceEnv }).status).toBe(0);
  });

  it("a reader removed on the other side (data key rotated there): removed from the result, which gets a new data key", () => {
    ok(gitWithEnv(dir, {}, "checkout", "-q", "-B", "feature"), "checkout");
    cli(dir, ["user", "remove", "bob"]);
    ok(gitWithEnv(dir, {}, "commit", "-q", "-am", "remove bob"), "commit");
    ok(gitWithEnv(dir, {}, "checkout", "-q", "main"), "checkout main");
    branchChange("main", ["--password=p3"]);
    const oursText = readFileSync(join(dir, FILE), "utf8");
    const merge = gitWithEnv(dir, aliceEnv, "merge", "--no-edit", "feature");
    expect(merge.status).toBe(0);
    expect(merge.stderr).toContain(`removed recipients ${BOB.recipient}; the merged file gets a new data key`);
    const text = readFileSync(join(dir, FILE), "utf8");
    expect((parse(text) as { sops: { age: Array<{ recipient: string }> } }).sops.age.map((e) => e.recipient)).toEqual([ALICE.recipient]);
    expect(text.split("\n").find((l) => l.startsWith("host:"))).not.toBe(oursText.split("\n").find((l) => l.startsWith("host:")));
    expect(valuesOf(dir)).toEqual({ user: "app", password: "p3", host: "db.local" });
    const asBob = hush(["secret", "get", "db", "--reveal", "--scope", "shared"], { cwd: dir, env: { SOPS_AGE_KEY: BOB.identity } });
    expect(asBob.status).not.toBe(0);
  });
});
