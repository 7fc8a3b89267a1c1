// `hush secret import`: files the real sops wrote (the conformance fixtures,
// encrypted to the fixtures' age key) become named secrets encrypted to the
// scope's recipients; the original is left alone unless --remove.
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { requireSopsReal } from "../helpers/fixtures.js";
import { git, gitRepo } from "../helpers/git.js";
import { ALICE, BOB } from "../helpers/keys.js";

const real = requireSopsReal();
const FIXTURE_KEY = readFileSync(join(real, "age-test-key.txt"), "utf8")
  .split("\n")
  .find((l) => l.startsWith("AGE-SECRET-KEY-1"))!;
// alice holds the team's old sops key too (it opens the files to import); bob reads shared secrets.
const ALICE_ENV = { SOPS_AGE_KEY: `${ALICE.identity}\n${FIXTURE_KEY}` };

function repo(): string {
  const dir = gitRepo({
    ".hush.yaml": `version: 1\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  bob: { recipients: [${BOB.recipient}] }\nshared:\n  readers: ["*"]\n`,
  });
  for (const f of ["secret.enc.json", "example.json", "format.enc.env"]) copyFileSync(join(real, f), join(dir, f));
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "team's sops files");
  return dir;
}

describe("hush secret import", () => {
  it("imports a sops file written by the real sops as a shared secret; the original still decrypts with the old key", () => {
    const dir = repo();
    const before = readFileSync(join(dir, "secret.enc.json"));
    const r = hush(["secret", "import", "secret.enc.json", "--name", "github", "--scope", "shared"], { cwd: dir, env: ALICE_ENV });
    expect(r.stderr).toBe("");
    expect(r).toMatchObject({
      status: 0,
      stdout: "imported secret.enc.json as secret github (shared): secrets/shared/github.yaml, 1 key; secret.enc.json left as it is\n",
    });
    const got = hush(["secret", "get", "github", "--reveal", "--json"], { cwd: dir, env: { SOPS_AGE_KEY: BOB.identity } });
    expect(JSON.parse(got.stdout).values).toEqual({ github_oauth_token: "t00m4nys3cr3tz" });
    expect(readFileSync(join(dir, "secret.enc.json"))).toEqual(before);
    expect(hush(["decrypt", "secret.enc.json"], { cwd: dir, env: { SOPS_AGE_KEY: FIXTURE_KEY } }).stdout).toContain("t00m4nys3cr3tz");
    // The new file is encrypted to alice and bob, not to the old key.
    const stored = readFileSync(join(dir, "secrets/shared/github.yaml"), "utf8");
    expect(stored).toContain(BOB.recipient);
    expect(stored).not.toContain("t00m4nys3cr3tz");
    expect(hush(["check"], { cwd: dir, env: ALICE_ENV }).status).toBe(0);
  });

  it("--remove --commit takes the original away in the same commit", () => {
    const dir = repo();
    const r = hush(["secret", "import", "secret.enc.json", "--name", "legacy", "--remove", "--commit"], { cwd: dir, env: ALICE_ENV });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^imported secret\.enc\.json as secret legacy \(user alice\): secrets\/users\/alice\/legacy\.yaml, 1 key; removed secret\.enc\.json \[commit [0-9a-f]{12}\]\n$/,
    );
    expect(existsSync(join(dir, "secret.enc.json"))).toBe(false);
    expect(git(dir, "show", "--name-status", "--format=%s", "HEAD").trim().split("\n")).toEqual([
      "hush: import secret legacy (user alice) from secret.enc.json",
      "",
      "D\tsecret.enc.json",
      "A\tsecrets/users/alice/legacy.yaml",
    ]);
    expect(git(dir, "status", "--porcelain")).toBe("");
    expect(JSON.parse(hush(["secret", "get", "legacy", "--reveal", "--json"], { cwd: dir, env: ALICE_ENV }).stdout).values).toEqual({
      github_oauth_token: "t00m4nys3cr3tz",
    });
  });

  it('a key hush cannot store under its name (the dotenv fixture\'s "foo ") is refused by name, nothing written', () => {
    const dir = repo();
    const r = hush(["secret", "import", "format.enc.env", "--name", "legacy"], { cwd: dir, env: ALICE_ENV });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/^hush: key "foo " in secret "legacy" is not allowed/);
    expect(r.stderr).not.toContain(" bar");
    expect(existsSync(join(dir, "secrets"))).toBe(false);
  });

  it("refuses a file that is not a flat map of strings, naming every key that is not, and writes nothing", () => {
    const dir = repo();
    const r = hush(["secret", "import", "example.json", "--name", "person"], { cwd: dir, env: ALICE_ENV });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^hush: example\.json: a secret is a flat map of string values; in example\.json these keys are not: age \(a number\), address \(a map\), phoneNumbers \(a list\)\. quote numbers and booleans/,
    );
    expect(r.stderr).not.toContain("New York");
    expect(existsSync(join(dir, "secrets"))).toBe(false);
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it("without the key that opens the original: exit 1 (the sops exit codes are for sops's own commands), nothing written", () => {
    const dir = repo();
    const r = hush(["secret", "import", "secret.enc.json", "--name", "github"], { cwd: dir, env: { SOPS_AGE_KEY: ALICE.identity } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^hush: /);
    expect(existsSync(join(dir, "secrets/users/alice/github.yaml"))).toBe(false);
  });
});
