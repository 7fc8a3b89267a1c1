// End to end, in a temp git repo: three users with real age keys; who can read
// what is checked through hush and through the real `age` binary.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { gitRepo } from "../helpers/git.js";
import { tempDir } from "../helpers/tmp.js";
import { ALICE, BOB, CI } from "../helpers/keys.js";

const KEYS = { alice: ALICE, bob: BOB, ci: CI };
type Who = keyof typeof KEYS;

/** A command that must succeed; its stderr is the failure message. */
function ok<T extends { status: number | null; stderr: string }>(r: T): T {
  expect(r.status, r.stderr).toBe(0);
  return r;
}

function repo(): string {
  return gitRepo({
    ".hush.yaml": `version: 1
users:
  alice: { recipients: [${ALICE.recipient}], email: alice@example.com }
  bob: { recipients: [${BOB.recipient}] }
  ci: { recipients: [${CI.recipient}] }
shared:
  readers: ["*"]
`,
  });
}

const as = (who: Who) => ({ SOPS_AGE_KEY: KEYS[who].identity });

function run(root: string, who: Who | undefined, args: string[], input?: string) {
  return hush(args, { cwd: root, env: who ? as(who) : {}, ...(input !== undefined ? { input } : {}) });
}

function reveal(root: string, who: Who, name: string, extra: string[] = []) {
  const r = run(root, who, ["secret", "get", name, "--reveal", "--json", ...extra]);
  return r.status === 0 ? (JSON.parse(r.stdout) as { values: Record<string, string>; scope: string }) : r;
}

/** Which of our keys open each age entry of a file, according to the real `age` binary. */
function ageOpeners(file: string): Set<Who> {
  const data = parse(readFileSync(file, "utf8")) as { sops: { age: Array<{ recipient: string; enc: string }> } };
  const keyDir = tempDir("hush-keys-");
  const openers = new Set<Who>();
  for (const [who, key] of Object.entries(KEYS) as Array<[Who, (typeof KEYS)[Who]]>) {
    const keyFile = join(keyDir, `${who}.txt`);
    writeFileSync(keyFile, key.identity + "\n", { mode: 0o600 });
    for (const entry of data.sops.age) {
      const r = spawnSync("age", ["-d", "-i", keyFile], { input: entry.enc });
      if (r.status === 0) {
        expect(r.stdout.length).toBe(32); // the raw sops data key
        openers.add(who);
      }
    }
  }
  return openers;
}

function secretFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name), `${rel}${e.name}/`);
      else if (e.name.endsWith(".yaml")) out.push(`${rel}${e.name}`);
    }
  };
  walk(join(root, "secrets"), "secrets/");
  return out.sort();
}

describe("access by recipients (alice, bob, ci)", () => {
  it("user scope for its owner only, shared for all; after `user remove bob` bob opens nothing", () => {
    const root = repo();
    ok(run(root, "alice", ["secret", "create", "mine", "--token=alice-token", "--scope", "user"]));
    ok(run(root, "alice", ["secret", "create", "db", "--user=admin", "--password=pw1", "--scope", "shared"]));
    ok(run(root, "bob", ["secret", "create", "bobs", "--token=bob-token"]));
    expect(secretFiles(root)).toEqual(["secrets/shared/db.yaml", "secrets/users/alice/mine.yaml", "secrets/users/bob/bobs.yaml"]);

    // hush's view
    expect(reveal(root, "alice", "mine")).toMatchObject({ values: { token: "alice-token" }, scope: "user" });
    for (const who of ["bob", "ci"] as const) {
      const r = run(root, who, ["--as", "alice", "secret", "get", "mine", "--reveal"]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).not.toContain("alice-token");
    }
    for (const who of ["alice", "bob", "ci"] as const) expect(reveal(root, who, "db")).toMatchObject({ values: { user: "admin", password: "pw1" } });

    // the real age binary's view
    expect(ageOpeners(join(root, "secrets/users/alice/mine.yaml"))).toEqual(new Set(["alice"]));
    expect(ageOpeners(join(root, "secrets/users/bob/bobs.yaml"))).toEqual(new Set(["bob"]));
    expect(ageOpeners(join(root, "secrets/shared/db.yaml"))).toEqual(new Set(["alice", "bob", "ci"]));

    const removed = run(root, "alice", ["user", "remove", "bob"]);
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stdout).toContain("db (shared)");
    expect(removed.stdout).toContain("bobs (user bob)");
    expect(removed.stdout).not.toContain("pw1");

    // bob opens no file at all, by hush or by age; the others read everything
    for (const file of secretFiles(root)) expect(ageOpeners(join(root, file)).has("bob")).toBe(false);
    expect(existsSync(join(root, "secrets/users/bob/bobs.yaml"))).toBe(false);
    expect(run(root, "bob", ["--as", "ci", "secret", "get", "db", "--reveal"]).status).not.toBe(0);
    expect(reveal(root, "alice", "db")).toMatchObject({ values: { user: "admin", password: "pw1" } });
    expect(reveal(root, "ci", "db")).toMatchObject({ values: { user: "admin", password: "pw1" } });
    expect(reveal(root, "alice", "mine")).toMatchObject({ values: { token: "alice-token" } });
    expect(ageOpeners(join(root, "secrets/shared/db.yaml"))).toEqual(new Set(["alice", "ci"]));
    expect(readFileSync(join(root, ".hush.yaml"), "utf8")).not.toContain(BOB.recipient);
    expect(readFileSync(join(root, ".sops.yaml"), "utf8")).not.toContain(BOB.recipient);
  });

  it("a key file readable by others is warned about (and still used)", () => {
    const root = repo();
    const keyFile = join(tempDir(), "keys.txt");
    writeFileSync(keyFile, ALICE.identity + "\n", { mode: 0o644 });
    const r = hush(["secret", "create", "db", "--k=v", "--scope", "shared"], { cwd: root, env: { SOPS_AGE_KEY_FILE: keyFile } });
    expect(r.status, r.stderr).toBe(0);
    const get = hush(["secret", "get", "db", "--reveal"], { cwd: root, env: { SOPS_AGE_KEY_FILE: keyFile } });
    expect(get.status, get.stderr).toBe(0);
    expect(get.stderr).toMatch(/warning: .*keys\.txt/);
    expect(get.stderr).not.toContain(ALICE.identity);
  });

  it("list and get need no key at all", () => {
    const root = repo();
    ok(run(root, "alice", ["secret", "create", "mine", "--token=t", "--scope", "user"]));
    ok(run(root, "alice", ["secret", "create", "db", "--user=u", "--password=p", "--scope", "shared"]));
    const list = run(root, undefined, ["secret", "list", "--json"]);
    expect(list.status, list.stderr).toBe(0);
    const infos = JSON.parse(list.stdout) as Array<{ name: string; scope: string; user?: string; keys: string[]; recipients: string[] }>;
    expect(infos.map((i) => [i.name, i.scope, i.user ?? null, i.keys])).toEqual([
      ["db", "shared", null, ["user", "password"]],
      ["mine", "user", "alice", ["token"]],
    ]);
    expect(infos[0]!.recipients).toEqual([ALICE.recipient, BOB.recipient, CI.recipient]);
    const get = run(root, undefined, ["--as", "alice", "secret", "get", "mine"]);
    expect(get.status, get.stderr).toBe(0);
    expect(get.stdout).toContain("token");
    expect(get.stdout).not.toContain(": t\n");
    const shared = run(root, undefined, ["secret", "get", "db", "--json"]);
    expect(JSON.parse(shared.stdout)).toMatchObject({ name: "db", scope: "shared", keys: ["user", "password"] });
    // --reveal does need one
    const noKey = run(root, undefined, ["secret", "get", "db", "--reveal"]);
    expect(noKey.status).not.toBe(0);
  });
});
