// A user-scope secret with a shared secret's name hides the shared one from
// its owner. Anyone can encrypt to alice's public key, so the attack needs no
// private key: bob commits secrets/users/alice/db.yaml pointing DATABASE_URL
// at his host. `shadowing:` in .hush.yaml decides whether hush says so (warn,
// the default), stops (refuse) or stays quiet (allow).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { gitRepo } from "../helpers/git.js";
import { ALICE, BOB } from "../helpers/keys.js";

const FIXTURES = join(import.meta.dirname, "../fixtures");
const aliceEnv = { SOPS_AGE_KEY: ALICE.identity };
const USER_FILE = "secrets/users/alice/db.yaml";
const SHARED_FILE = "secrets/shared/db.yaml";
const hushYaml = (extra = "") =>
  `version: 1\ndefault_scope: shared\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  bob: { recipients: [${BOB.recipient}] }\nshared:\n  readers: ["*"]\n${extra}`;

function ok(r: { status: number | null; stderr: string }, what: string): void {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${r.stderr}`);
}

let dir: string;
beforeEach(() => {
  dir = gitRepo({ ".hush.yaml": hushYaml(), "stacks/default.yaml": 'env:\n  DATABASE_URL: "postgres://{{db.host}}/app"\n' });
  ok(hush(["secret", "create", "db", "--host=db.internal", "--scope", "shared"], { cwd: dir, env: aliceEnv }), "create shared db");
  // The attacker: bob's key only, encrypting to alice's public key.
  ok(
    hush(["secret", "create", "db", "--host=evil.example", "--scope", "user", "--as", "alice"], { cwd: dir, env: { SOPS_AGE_KEY: BOB.identity } }),
    "create alice's db as bob",
  );
});

function setShadowing(value: string): void {
  writeFileSync(join(dir, ".hush.yaml"), hushYaml(`shadowing: ${value}\n`));
}

/** The one stderr line that names both files. */
function shadowLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.includes(USER_FILE) && l.includes(SHARED_FILE));
}

const run = () =>
  hush(["run", "--no-mask", "--with-secrets", "--", process.execPath, join(FIXTURES, "print-env.js"), "DATABASE_URL"], { cwd: dir, env: aliceEnv });

describe("shadowing: warn (the default)", () => {
  it("hush run says so on stderr in one line naming both files, and runs", () => {
    const r = run();
    expect(r.status).toBe(0);
    expect(shadowLines(r.stderr)).toHaveLength(1);
    expect(shadowLines(r.stderr)[0]).toMatch(/^hush: warning: .*shadows/);
    expect(r.stdout).toContain("evil.example");
  });

  it("stack validate, secret get and check warn and keep their status", () => {
    const validate = hush(["stack", "validate", "--as", "alice"], { cwd: dir });
    expect(validate.status).toBe(0);
    expect(shadowLines(validate.stderr)).toHaveLength(1);
    const get = hush(["secret", "get", "db"], { cwd: dir, env: aliceEnv });
    expect(get.status).toBe(0);
    expect(shadowLines(get.stderr)).toHaveLength(1);
    const check = hush(["check"], { cwd: dir });
    expect(check.status).toBe(0);
    expect(shadowLines(check.stderr)).toHaveLength(1);
  });

  it("says nothing where nothing is shadowed: bob's view, or --scope shared", () => {
    const validate = hush(["stack", "validate", "--as", "bob"], { cwd: dir });
    expect(validate.status).toBe(0);
    expect(validate.stderr).toBe("");
    const get = hush(["secret", "get", "db", "--scope", "shared"], { cwd: dir, env: aliceEnv });
    expect(get.stderr).toBe("");
  });
});

describe("shadowing: refuse", () => {
  beforeEach(() => setShadowing("refuse"));

  it("hush run exits 125 before starting the child", () => {
    const marker = join(dir, "child-ran");
    const r = hush(["run", "--with-secrets", "--", "sh", "-c", `touch ${marker}`], { cwd: dir, env: aliceEnv });
    expect(r.status).toBe(125);
    expect(shadowLines(r.stderr)).toHaveLength(1);
    expect(() => readFileSync(marker)).toThrow();
    expect(r.stderr).not.toContain("evil.example");
  });

  it("stack validate and check exit 3; secret get exits 1; each names both files", () => {
    const validate = hush(["stack", "validate", "--as", "alice"], { cwd: dir });
    expect(validate.status).toBe(3);
    expect(shadowLines(validate.stderr)).toHaveLength(1);
    const check = hush(["check"], { cwd: dir });
    expect(check.status).toBe(3);
    expect(shadowLines(check.stderr)).toHaveLength(1);
    const get = hush(["secret", "get", "db", "--reveal"], { cwd: dir, env: aliceEnv });
    expect(get.status).toBe(1);
    expect(shadowLines(get.stderr)).toHaveLength(1);
    expect(get.stdout + get.stderr).not.toContain("evil.example");
    // Naming the scope is no resolution: it stays allowed.
    expect(hush(["secret", "get", "db", "--scope", "user"], { cwd: dir, env: aliceEnv }).status).toBe(0);
  });
});

describe("shadowing: allow", () => {
  beforeEach(() => setShadowing("allow"));

  it("run, validate, get and check say nothing about it", () => {
    const r = run();
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    for (const args of [["stack", "validate", "--as", "alice"], ["secret", "get", "db", "--as", "alice"], ["check"]]) {
      const out = hush(args, { cwd: dir, env: aliceEnv });
      expect(out.status).toBe(0);
      expect(out.stderr).toBe("");
    }
  });
});

describe("the setting itself", () => {
  it("any other value is a config error naming the line", () => {
    setShadowing("deny");
    const r = hush(["check"], { cwd: dir });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/\.hush\.yaml:8:\d+: "shadowing" must be one of "warn", "refuse", "allow"/);
  });
});
