// `hush user rekey NAME NEW_RECIPIENT`: a user's key changes without removing
// and re-adding them. Everything they may read opens with the new key; nothing
// opens with the old one; the other readers keep their access.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { git, gitRepo } from "../helpers/git.js";
import { ALICE, BOB, DAVE } from "../helpers/keys.js";

const ALICE_ENV = { SOPS_AGE_KEY: ALICE.identity };

function repo(): string {
  const dir = gitRepo({
    ".hush.yaml": `version: 1\nusers:\n  alice: { recipients: [${ALICE.recipient}] } # team lead\n  bob: { recipients: [${BOB.recipient}], email: bob@example.com }\nshared:\n  readers: ["*"]\n`,
  });
  expect(hush(["secret", "create", "db", "--password=shared-pw", "--scope", "shared"], { cwd: dir, env: ALICE_ENV }).status).toBe(0);
  expect(hush(["secret", "create", "mine", "--token=bob-own-token"], { cwd: dir, env: { SOPS_AGE_KEY: BOB.identity } }).status).toBe(0);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "base");
  return dir;
}

const read = (dir: string, name: string, identity: string) =>
  hush(["secret", "get", name, "--reveal", "--json", "--as", "bob"], { cwd: dir, env: { SOPS_AGE_KEY: identity } });

describe("hush user rekey", () => {
  it("bob's files move to his new key (DAVE's, here): the new key opens them, the old one opens nothing, alice keeps hers", () => {
    const dir = repo();
    // bob runs it with his old key, which still opens his own secret.
    const r = hush(["user", "rekey", "bob", DAVE.recipient, "--commit"], { cwd: dir, env: { SOPS_AGE_KEY: BOB.identity } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^new key for user bob: rotated 2 file\(s\) their old key opened, re-wrapped 0 \[commit [0-9a-f]{12}\]\n/);
    const config = readFileSync(join(dir, ".hush.yaml"), "utf8");
    expect(config).toContain(`bob: { recipients: [ ${DAVE.recipient} ], email: bob@example.com }`);
    expect(config).toContain("# team lead");
    expect(readFileSync(join(dir, ".sops.yaml"), "utf8")).toContain(DAVE.recipient);
    expect(JSON.parse(read(dir, "mine", DAVE.identity).stdout).values).toEqual({ token: "bob-own-token" });
    expect(JSON.parse(read(dir, "db", DAVE.identity).stdout).values).toEqual({ password: "shared-pw" });
    expect(read(dir, "mine", BOB.identity).status).not.toBe(0);
    expect(read(dir, "db", BOB.identity).status).not.toBe(0);
    expect(JSON.parse(hush(["secret", "get", "db", "--reveal", "--json"], { cwd: dir, env: ALICE_ENV }).stdout).values).toEqual({ password: "shared-pw" });
    for (const f of ["secrets/shared/db.yaml", "secrets/users/bob/mine.yaml"]) expect(readFileSync(join(dir, f), "utf8")).not.toContain(BOB.recipient);
    expect(git(dir, "status", "--porcelain")).toBe("");
    expect(hush(["check"], { cwd: dir, env: ALICE_ENV }).status).toBe(0);
  });

  it("without a key that opens bob's own files: refused, nothing written", () => {
    const dir = repo();
    const r = hush(["user", "rekey", "bob", DAVE.recipient], { cwd: dir, env: ALICE_ENV });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^hush: /);
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it("an unknown user or a bad recipient: one line, nothing written", () => {
    const dir = repo();
    expect(hush(["user", "rekey", "carol", DAVE.recipient], { cwd: dir, env: ALICE_ENV }).stderr).toMatch(/^hush: user "carol" is not in \.hush\.yaml/);
    expect(hush(["user", "rekey", "bob", "age1nope"], { cwd: dir, env: ALICE_ENV }).stderr).toMatch(/^hush: "age1nope" is not a valid age recipient/);
    expect(hush(["user", "rekey", "bob", ALICE.recipient], { cwd: dir, env: { SOPS_AGE_KEY: BOB.identity } }).stderr).toMatch(/alice.*bob|bob.*alice/);
    expect(git(dir, "status", "--porcelain")).toBe("");
  });
});
