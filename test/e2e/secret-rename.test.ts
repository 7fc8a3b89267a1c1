// `hush secret rename OLD NEW`: the file moves within its scope byte for
// byte, and `hush log` shows the move as a rename on both names.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { git, gitRepo } from "../helpers/git.js";
import { ALICE, BOB } from "../helpers/keys.js";

const ALICE_ENV = { SOPS_AGE_KEY: ALICE.identity };

function repo(): string {
  const dir = gitRepo({
    ".hush.yaml": `version: 1\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  bob: { recipients: [${BOB.recipient}] }\nshared:\n  readers: ["*"]\n`,
  });
  git(dir, "add", ".hush.yaml");
  git(dir, "commit", "-q", "-m", "config");
  expect(hush(["secret", "create", "db", "--password=pw-1234", "--scope", "shared", "--commit"], { cwd: dir, env: ALICE_ENV }).status).toBe(0);
  expect(hush(["secret", "create", "postgres", "--password=other", "--scope", "shared", "--commit"], { cwd: dir, env: ALICE_ENV }).status).toBe(0);
  return dir;
}

describe("hush secret rename", () => {
  it("moves the file as it is, commits the move, and both names' logs say it was a rename", () => {
    const dir = repo();
    const before = readFileSync(join(dir, "secrets/shared/db.yaml"));
    const r = hush(["secret", "rename", "db", "maindb", "--commit"], { cwd: dir, env: ALICE_ENV });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^renamed secret db to maindb \(shared\): secrets\/shared\/db\.yaml -> secrets\/shared\/maindb\.yaml \[commit [0-9a-f]{12}\]\n$/);
    expect(readFileSync(join(dir, "secrets/shared/maindb.yaml"))).toEqual(before);
    expect(existsSync(join(dir, "secrets/shared/db.yaml"))).toBe(false);
    expect(git(dir, "status", "--porcelain")).toBe("");
    expect(JSON.parse(hush(["secret", "get", "maindb", "--reveal", "--json"], { cwd: dir, env: { SOPS_AGE_KEY: BOB.identity } }).stdout).values).toEqual({
      password: "pw-1234",
    });
    const logNew = hush(["log", "maindb"], { cwd: dir, env: ALICE_ENV });
    expect(logNew.stdout).toMatch(/hush: rename secret db to maindb \(shared\)\n {6}renamed from secrets\/shared\/db\.yaml\n/);
    const logOld = hush(["log", "db"], { cwd: dir, env: ALICE_ENV });
    expect(logOld.stdout).toMatch(/hush: rename secret db to maindb \(shared\)\n {6}renamed to secrets\/shared\/maindb\.yaml\n/);
    expect(logOld.stdout).toMatch(/created; keys added: password/);
    const json = JSON.parse(hush(["log", "maindb", "--json"], { cwd: dir, env: ALICE_ENV }).stdout) as Array<{ commits: Array<{ renamedFrom?: string }> }>;
    expect(json[0]!.commits[0]!.renamedFrom).toBe("secrets/shared/db.yaml");
  });

  it("refuses a name that is taken, an invalid name and an unknown secret; nothing moves", () => {
    const dir = repo();
    expect(hush(["secret", "rename", "db", "postgres"], { cwd: dir, env: ALICE_ENV })).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/^hush: secret "postgres" already exists \(secrets\/shared\/postgres\.yaml\)/),
    });
    expect(hush(["secret", "rename", "db", "../x"], { cwd: dir, env: ALICE_ENV }).status).not.toBe(0);
    expect(hush(["secret", "rename", "nope", "x"], { cwd: dir, env: ALICE_ENV }).stderr).toMatch(/^hush: secret "nope" not found/);
    expect(existsSync(join(dir, "secrets/shared/db.yaml"))).toBe(true);
    expect(git(dir, "status", "--porcelain")).toBe("");
  });
});
