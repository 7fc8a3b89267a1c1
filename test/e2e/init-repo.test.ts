// `hush init` in a fresh git repository.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { gitRepo, git } from "../helpers/git.js";
import { ALICE } from "../helpers/keys.js";
import { tempDir } from "../helpers/tmp.js";
import { parseHushConfig } from "../../src/config/hush-config.js";
import { BLOCK_BEGIN } from "../../src/config/sops-yaml-writer.js";

/** A command that must succeed; its stderr is the failure message. */
function ok<T extends { status: number | null; stderr: string }>(r: T): T {
  expect(r.status, r.stderr).toBe(0);
  return r;
}

describe("hush init", () => {
  it("creates .hush.yaml with the current user, the dirs and a generated .sops.yaml", () => {
    const root = gitRepo();
    git(root, "config", "user.name", "Alice Smith");
    const r = hush(["init", "--json"], { cwd: root, env: { SOPS_AGE_KEY: ALICE.identity } });
    expect(r.stderr).toBe("");
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ user: "alice-smith", recipient: ALICE.recipient });
    const config = parseHushConfig(readFileSync(join(root, ".hush.yaml"), "utf8"), join(root, ".hush.yaml"));
    expect(config.users).toEqual({ "alice-smith": { recipients: [ALICE.recipient], email: "test@example.com" } });
    for (const dir of ["secrets/shared", "secrets/users", "stacks"]) expect(existsSync(join(root, dir, ".gitkeep"))).toBe(true);
    const sops = readFileSync(join(root, ".sops.yaml"), "utf8");
    expect(sops.startsWith(`creation_rules:\n  ${BLOCK_BEGIN}\n`)).toBe(true);
    expect(sops).toContain("^secrets/users/alice-smith/.*\\\\.yaml$");
    expect(hush(["whoami"], { cwd: root, env: { SOPS_AGE_KEY: ALICE.identity } }).stdout).toMatch(/^alice-smith \(identity/);
  });

  it("--user names the user; --commit commits the new files; a second init is refused", () => {
    const root = gitRepo();
    const r = hush(["init", "--user", "alice", "--commit"], { cwd: root, env: { SOPS_AGE_KEY: ALICE.identity } });
    expect(r.status, r.stderr).toBe(0);
    expect(git(root, "status", "--porcelain")).toBe("");
    expect(git(root, "log", "-1", "--format=%s")).toBe("hush: init\n");
    const again = hush(["init"], { cwd: root, env: { SOPS_AGE_KEY: ALICE.identity } });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    expect(hush(["init", "--user", "../x"], { cwd: gitRepo(), env: {} }).stderr).toMatch(/invalid user name/);
  });

  it("without any identity, creates the layout and says how to add a user", () => {
    const root = gitRepo();
    const r = hush(["init", "--user", "alice"], { cwd: root, env: {} });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: no age identity found/);
    expect(readFileSync(join(root, ".hush.yaml"), "utf8")).toContain("users: {}");
  });
});

describe("hush init --keygen", () => {
  it("writes a 0600 key to the default key file and adds its recipient; never overwrites it", () => {
    const root = gitRepo();
    const home = tempDir("hush-home-");
    const r = hush(["init", "--keygen", "--user", "alice", "--json"], { cwd: root, home });
    expect(r.status, r.stderr).toBe(0);
    const keyFile = join(home, ".config/sops/age/keys.txt");
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const recipient = (JSON.parse(r.stdout) as { recipient: string }).recipient;
    expect(recipient).toMatch(/^age1/);
    expect(readFileSync(keyFile, "utf8")).toContain(`# public key: ${recipient}`);
    expect(r.stdout + r.stderr).not.toContain("AGE-SECRET-KEY-");
    expect(hush(["whoami"], { cwd: root, home }).stdout).toMatch(/^alice \(identity from default key file/);
    ok(hush(["secret", "create", "db", "--k=v"], { cwd: root, home }));
    expect(hush(["secret", "get", "db", "--reveal", "--json"], { cwd: root, home }).stdout).toContain('"k": "v"');
    const before = readFileSync(keyFile, "utf8");
    const again = hush(["init", "--keygen"], { cwd: gitRepo(), home });
    expect(again.status).toBe(2); // USAGE: drop --keygen to use the existing key
    expect(again.stderr).toMatch(/never overwrites a key file/);
    expect(readFileSync(keyFile, "utf8")).toBe(before);
  });
});
