// Two users of a hand-edited .hush.yaml listing the same recipient: each
// reads the other's user-scope secrets. `user add` warns about it already;
// `check` (exit 3) and `user sync` (exit 1, nothing written) refuse it.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { git, gitRepo } from "../helpers/git.js";
import { ALICE, BOB, CI } from "../helpers/keys.js";

const aliceEnv = { SOPS_AGE_KEY: ALICE.identity };
// bob's entry lists alice's key: a copy-paste slip, or a teammate reading alice's scope.
const SHARING = `version: 1\ndefault_scope: user\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  bob:\n    recipients:\n      - ${BOB.recipient}\n      - ${ALICE.recipient}\nshared:\n  readers: ["*"]\n`;

function ok(r: { status: number | null; stderr: string }, what: string): void {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${r.stderr}`);
}

let dir: string;
beforeEach(() => {
  dir = gitRepo({ ".hush.yaml": SHARING });
  ok(hush(["secret", "create", "notes", "--text=alice-private", "--as", "alice"], { cwd: dir }), "create alice's");
  ok(hush(["secret", "create", "db", "--password=p", "--scope", "shared"], { cwd: dir }), "create shared");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "base");
});

/** The one line naming both users and the shortened recipient. */
function sharingLine(stderr: string): string | undefined {
  const lines = stderr.split("\n").filter((l) => l.includes('"alice"') && l.includes('"bob"'));
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe("two users sharing a recipient", () => {
  it("hush check exits 3 with one line at .hush.yaml naming both users and the shortened recipient", () => {
    const r = hush(["check"], { cwd: dir });
    expect(r.status).toBe(3);
    const line = sharingLine(r.stderr);
    expect(line).toMatch(/^\.hush\.yaml:8:1: users "alice" and "bob" share the recipient /);
    expect(line).toContain(ALICE.recipient.slice(0, 12));
    expect(line).not.toContain(ALICE.recipient);
  });

  it("hush user sync exits 1 and writes nothing", () => {
    // A further hand edit sync would otherwise apply: ci added as a user (and so a shared reader).
    const withCi = SHARING.replace("shared:\n", `  ci: { recipients: [${CI.recipient}] }\nshared:\n`);
    writeFileSync(join(dir, ".hush.yaml"), withCi);
    const before = readFileSync(join(dir, "secrets/shared/db.yaml"), "utf8");
    const r = hush(["user", "sync"], { cwd: dir, env: aliceEnv });
    expect(r.status).toBe(1);
    const line = sharingLine(r.stderr);
    expect(line).toContain(ALICE.recipient.slice(0, 12));
    expect(line).toContain("nothing was written");
    expect(readFileSync(join(dir, "secrets/shared/db.yaml"), "utf8")).toBe(before);
    expect(existsSync(join(dir, ".sops.yaml"))).toBe(false);
    expect(git(dir, "status", "--porcelain").trim()).toBe("M .hush.yaml");
  });

  it("once each user has a key of their own, check and sync pass", () => {
    writeFileSync(join(dir, ".hush.yaml"), SHARING.replace(`      - ${ALICE.recipient}\n`, ""));
    ok(hush(["user", "sync"], { cwd: dir, env: aliceEnv }), "user sync");
    const check = hush(["check"], { cwd: dir });
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  });
});
