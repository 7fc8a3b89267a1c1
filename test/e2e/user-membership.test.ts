// `hush user add/remove/list` and `hush whoami` against a real temp git repo.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { git, gitRepo } from "../helpers/git.js";
import { ALICE, BOB, CI, DAVE } from "../helpers/keys.js";

/** A command that must succeed; its stderr is the failure message. */
function ok<T extends { status: number | null; stderr: string }>(r: T): T {
  expect(r.status, r.stderr).toBe(0);
  return r;
}

const CONFIG = `version: 1
users:
  alice: { recipients: [${ALICE.recipient}], email: alice@example.com }
  ci: { recipients: [${CI.recipient}] }
shared:
  readers: ["*"]
`;

const alice = { SOPS_AGE_KEY: ALICE.identity };

function withSecrets(): string {
  const root = gitRepo({ ".hush.yaml": CONFIG });
  ok(hush(["secret", "create", "db", "--password=pw", "--user=admin", "--scope", "shared"], { cwd: root, env: alice }));
  ok(hush(["secret", "create", "api", "--token=tk", "--scope", "shared"], { cwd: root, env: alice }));
  ok(hush(["secret", "create", "mine", "--k=v"], { cwd: root, env: alice }));
  git(root, "add", "-A");
  git(root, "commit", "-qm", "start");
  return root;
}

type SopsFile = Record<string, unknown> & { sops: { age: Array<{ recipient: string; enc: string }>; mac: string } };
const load = (root: string, rel: string) => parse(readFileSync(join(root, rel), "utf8")) as SopsFile;

describe("hush user add", () => {
  it("re-wraps the data key of every shared file; values and MAC untouched; --commit commits exactly those files", () => {
    const root = withSecrets();
    const before = load(root, "secrets/shared/db.yaml");
    const r = hush(["user", "add", "dave", DAVE.recipient, "--commit", "--json"], { cwd: root, env: alice });
    expect(r.status, r.stderr).toBe(0);
    const after = load(root, "secrets/shared/db.yaml");
    expect(after.password).toBe(before.password);
    expect(after.user).toBe(before.user);
    expect(after.sops.mac).toBe(before.sops.mac);
    expect(after.sops.age.slice(0, before.sops.age.length)).toEqual(before.sops.age); // staying entries not re-wrapped
    expect(after.sops.age.map((e) => e.recipient)).toEqual([ALICE.recipient, CI.recipient, DAVE.recipient]);
    const dave = hush(["secret", "get", "db", "--reveal", "--json"], { cwd: root, env: { SOPS_AGE_KEY: DAVE.identity } });
    expect(JSON.parse(dave.stdout).values).toEqual({ password: "pw", user: "admin" });
    // alice's own secret stays hers
    expect(load(root, "secrets/users/alice/mine.yaml").sops.age.map((e) => e.recipient)).toEqual([ALICE.recipient]);
    const committed = git(root, "show", "--name-only", "--format=%s", "HEAD").trim().split("\n");
    expect(committed[0]).toBe("hush: add user dave");
    expect(committed.slice(1).filter(Boolean).sort()).toEqual([".hush.yaml", ".sops.yaml", "secrets/shared/api.yaml", "secrets/shared/db.yaml"]);
    expect(git(root, "status", "--porcelain")).toBe("");
    const sopsYaml = readFileSync(join(root, ".sops.yaml"), "utf8");
    expect(sopsYaml).toContain("^secrets/users/dave/.*\\\\.yaml$");
    expect(sopsYaml).toContain(DAVE.recipient);
  });

  it("refuses a duplicate user and warns about an invalid recipient", () => {
    const root = withSecrets();
    const dup = hush(["user", "add", "ci", DAVE.recipient], { cwd: root, env: alice });
    expect(dup.status).toBe(1);
    expect(dup.stderr).toMatch(/user "ci" already exists/);
    const typo = DAVE.recipient.slice(0, -1) + (DAVE.recipient.endsWith("q") ? "p" : "q");
    const r = hush(["user", "add", "dave", typo, BOB.recipient], { cwd: root, env: alice });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: .*not a valid age recipient/);
    expect(readFileSync(join(root, ".hush.yaml"), "utf8")).not.toContain(typo);
    const only = hush(["user", "add", "erin", "age1nope"], { cwd: root, env: alice });
    expect(only.status).toBe(1);
    expect(only.stderr).toMatch(/no valid age recipient/);
    const shared = hush(["user", "add", "frank", CI.recipient], { cwd: root, env: alice });
    expect(shared.status, shared.stderr).toBe(0);
    expect(shared.stderr).toContain(`warning: ${CI.recipient} is already the recipient of user "ci"; removing one of them will not take it off the files`);
  });

  it("refuses bad user names before touching anything", () => {
    const root = withSecrets();
    for (const name of ["../x", "a/b", ".x", "a.b"]) {
      const r = hush(["user", "add", name, DAVE.recipient], { cwd: root, env: alice });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/invalid user name/);
    }
    expect(git(root, "status", "--porcelain")).toBe("");
  });
});

describe("hush user remove / list / whoami", () => {
  it("remove --commit commits the rotated files and config, and lists what the user has seen", () => {
    const root = withSecrets();
    const before = load(root, "secrets/shared/db.yaml");
    const r = hush(["user", "remove", "ci", "--commit", "--json"], { cwd: root, env: alice });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { seen: string[]; secrets: string[] };
    expect(out.seen.sort()).toEqual(["api (shared)", "db (shared)"]);
    const after = load(root, "secrets/shared/db.yaml");
    expect(after.password).not.toBe(before.password); // new data key: every value re-encrypted
    expect(after.sops.age.map((e) => e.recipient)).toEqual([ALICE.recipient]);
    const files = git(root, "show", "--name-only", "--format=", "HEAD").trim().split("\n").sort();
    expect(files).toEqual([".hush.yaml", ".sops.yaml", "secrets/shared/api.yaml", "secrets/shared/db.yaml"]);
    expect(hush(["user", "remove", "ci"], { cwd: root, env: alice }).stderr).toMatch(/user "ci" is not in .hush.yaml/);
  });

  it("rotates a file still encrypted to the user even where .hush.yaml no longer lets them read it", () => {
    const root = gitRepo({ ".hush.yaml": CONFIG });
    ok(hush(["user", "add", "bob", BOB.recipient], { cwd: root, env: alice }));
    ok(hush(["secret", "create", "db", "--password=pw", "--scope", "shared"], { cwd: root, env: alice }));
    // The readers were narrowed by hand and the file never re-keyed: bob's entry is still on it.
    writeFileSync(join(root, ".hush.yaml"), readFileSync(join(root, ".hush.yaml"), "utf8").replace('readers: ["*"]', "readers: [alice, ci]"));
    expect(load(root, "secrets/shared/db.yaml").sops.age.map((e) => e.recipient)).toContain(BOB.recipient);
    const r = ok(hush(["user", "remove", "bob", "--json"], { cwd: root, env: alice }));
    expect((JSON.parse(r.stdout) as { seen: string[] }).seen).toEqual(["db (shared)"]);
    expect(load(root, "secrets/shared/db.yaml").sops.age.map((e) => e.recipient)).toEqual([ALICE.recipient, CI.recipient]);
    expect(hush(["secret", "get", "db", "--reveal", "--scope", "shared", "--as", "alice"], { cwd: root, env: { SOPS_AGE_KEY: BOB.identity } }).status).not.toBe(
      0,
    );
  });

  it("user sync applies a hand-edited .hush.yaml: check names it, sync re-keys the files and regenerates .sops.yaml", () => {
    const root = withSecrets();
    ok(hush(["user", "sync", "--commit"], { cwd: root, env: alice })); // writes the first .sops.yaml
    expect(readFileSync(join(root, ".sops.yaml"), "utf8")).toContain(CI.recipient);
    const edited = CONFIG.replace("  ci: {", `  dave: { recipients: [${DAVE.recipient}] }\n  ci: {`).replace('readers: ["*"]', "readers: [alice, dave]");
    writeFileSync(join(root, ".hush.yaml"), edited);
    const check = hush(["check"], { cwd: root });
    expect(check.status).toBe(3);
    expect(check.stderr).toContain(".sops.yaml:2:1: hush's creation rules are out of date with .hush.yaml");
    expect(check.stderr).toMatch(
      /secrets\/shared\/db.yaml:\d+:1: recipients differ from .hush.yaml: missing dave .*should not be there: ci .*run `hush user sync`/,
    );

    const r = ok(hush(["user", "sync", "--commit", "--json"], { cwd: root, env: alice }));
    const out = JSON.parse(r.stdout) as { rotated: string[]; rewrapped: string[]; changed: string[] };
    expect(out.rotated.sort()).toEqual(["secrets/shared/api.yaml", "secrets/shared/db.yaml"]);
    expect(out.rewrapped).toEqual([]);
    expect(load(root, "secrets/shared/db.yaml").sops.age.map((e) => e.recipient)).toEqual([ALICE.recipient, DAVE.recipient]);
    const sharedRule = readFileSync(join(root, ".sops.yaml"), "utf8").split("^secrets/shared/")[1];
    expect(sharedRule).toContain(DAVE.recipient);
    expect(sharedRule).not.toContain(CI.recipient);
    expect(hush(["secret", "get", "db", "--reveal", "--json", "--as", "alice"], { cwd: root, env: { SOPS_AGE_KEY: DAVE.identity } }).status).toBe(0);
    expect(hush(["secret", "get", "db", "--reveal", "--as", "alice"], { cwd: root, env: { SOPS_AGE_KEY: CI.identity } }).status).not.toBe(0);
    const files = git(root, "show", "--name-only", "--format=", "HEAD").trim().split("\n").sort();
    expect(files).toEqual([".hush.yaml", ".sops.yaml", "secrets/shared/api.yaml", "secrets/shared/db.yaml"]);
    expect(hush(["check"], { cwd: root }).status).toBe(0);
    expect(ok(hush(["user", "sync"], { cwd: root, env: alice })).stdout).toBe("already in sync with .hush.yaml\n");
    writeFileSync(join(root, ".hush.yaml"), edited.replace("readers: [alice, dave]", "readers: []"));
    expect(hush(["user", "sync"], { cwd: root, env: alice }).stderr).toMatch(/^hush: secrets\/shared\/api.yaml: .hush.yaml leaves this file with no reader/);
  });

  it("refuses to remove the last reader of a file, before touching anything", () => {
    const root = gitRepo({ ".hush.yaml": `version: 1\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n` });
    ok(hush(["secret", "create", "db", "--password=pw", "--scope", "shared"], { cwd: root, env: alice }));
    const before = readFileSync(join(root, "secrets/shared/db.yaml"), "utf8");
    const r = hush(["user", "remove", "alice"], { cwd: root, env: alice });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'hush: secrets/shared/db.yaml: removing "alice" would leave this file with no reader. add another user first (`hush user add`), or delete the secret\n',
    );
    expect(readFileSync(join(root, "secrets/shared/db.yaml"), "utf8")).toBe(before);
    expect(readFileSync(join(root, ".hush.yaml"), "utf8")).toContain("alice");
  });

  it("list shows users; whoami says which rule found the user", () => {
    const root = gitRepo({ ".hush.yaml": CONFIG });
    const list = JSON.parse(hush(["user", "list", "--json"], { cwd: root }).stdout) as Array<{ name: string }>;
    expect(list.map((u) => u.name)).toEqual(["alice", "ci"]);
    expect(hush(["--as", "ci", "whoami"], { cwd: root }).stdout).toBe("ci (--as ci)\n");
    expect(hush(["whoami"], { cwd: root, env: { HUSH_USER: "ci" } }).stdout).toBe("ci (HUSH_USER)\n");
    expect(hush(["--as", "alice", "whoami"], { cwd: root, env: { HUSH_USER: "ci" } }).stdout).toBe("alice (--as alice)\n");
    expect(hush(["whoami"], { cwd: root, env: { HUSH_USER: "zoe" } }).stderr).toContain('user "zoe" (from HUSH_USER) is not in .hush.yaml');
    expect(hush(["whoami"], { cwd: root, env: { SOPS_AGE_KEY: CI.identity } }).stdout).toMatch(/^ci \(identity from .* matches recipient age1/);
    git(root, "config", "user.email", "alice@example.com");
    expect(hush(["whoami", "--json"], { cwd: root }).stdout).toContain('"user": "alice"');
    git(root, "config", "user.email", "nobody@example.com");
    const none = hush(["whoami"], { cwd: root });
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/no active user/);
    expect(hush(["--as", "zoe", "whoami"], { cwd: root }).stderr).toMatch(/user "zoe"/);
  });
});
