// `hush log` over a real git history, without any private key: files are
// sops-shaped (keys in clear, ENC[...] values, age recipients), so no identity
// is needed or given.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { git, gitRepo } from "../helpers/git.js";
import { writeTree } from "../helpers/tmp.js";
import { ALICE, BOB, CI } from "../helpers/keys.js";
import { rmSync } from "node:fs";
import { join } from "node:path";

/** A sops-shaped file: the ciphertext of a value is a hash of it, so a changed value changes its line. */
function sopsShaped(values: Record<string, string>, recipients: string[]): string {
  const enc = (v: string): string => `ENC[AES256_GCM,data:${createHash("sha256").update(v).digest("base64")},iv:AAAA,tag:BBBB,type:str]`;
  const lines = Object.entries(values).map(([k, v]) => `${k}: ${enc(v)}`);
  lines.push("sops:", "    age:");
  for (const r of recipients) lines.push(`        - recipient: ${r}`, "          enc: |", "            -----BEGIN AGE ENCRYPTED FILE-----", "            -----END AGE ENCRYPTED FILE-----");
  lines.push(`    lastmodified: "2026-01-01T00:00:00Z"`, `    mac: ${enc(JSON.stringify(values))}`, "    version: 3.9.0", "");
  return lines.join("\n");
}

const CONFIG = `version: 1\nusers:\n  alice:\n    recipients: [${ALICE.recipient}]\n  bob:\n    recipients: [${BOB.recipient}]\n  ci:\n    recipients: [${CI.recipient}]\n`;
const CANARY = "VALUE-CANARY-77";

function commitAs(dir: string, who: string, message: string): void {
  git(dir, "add", "-A");
  git(dir, "-c", `user.name=${who}`, "-c", `user.email=${who.toLowerCase()}@example.com`, "commit", "-q", "--author", `${who} <${who.toLowerCase()}@example.com>`, "-m", message);
}

function history(): string {
  const dir = gitRepo({ ".hush.yaml": CONFIG, "secrets/shared/db.yaml": sopsShaped({ user: "app", password: CANARY }, [ALICE.recipient, BOB.recipient]) });
  commitAs(dir, "Alice", "add db");
  writeTree(dir, { "secrets/shared/db.yaml": sopsShaped({ user: "app", password: "new-pass", host: "h" }, [ALICE.recipient, BOB.recipient, CI.recipient]) });
  commitAs(dir, "Bob", "rotate db password, add host, grant ci");
  writeTree(dir, { "secrets/shared/db.yaml": sopsShaped({ password: "new-pass", host: "h" }, [ALICE.recipient, CI.recipient, "age1formerkey"]) });
  writeTree(dir, { "secrets/users/alice/token.yaml": sopsShaped({ token: "t" }, [ALICE.recipient]) });
  commitAs(dir, "Alice", "drop user key, remove bob");
  rmSync(join(dir, "secrets/users/alice/token.yaml"));
  writeTree(dir, { "stacks/default.yaml": "env: {}\n" });
  commitAs(dir, "Alice", "remove token");
  return dir;
}

describe("hush log", () => {
  it("--json: per secret, commit by commit, keys and recipients by user, newest first", () => {
    const dir = history();
    const r = hush(["log", "--json"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Array<{ file: string; name: string; commits: Array<Record<string, unknown>> }>;
    expect(out.map((h) => h.file)).toEqual(["secrets/shared/db.yaml", "secrets/users/alice/token.yaml"]);
    const db = out[0]!.commits;
    expect(db.map((c) => c.subject)).toEqual(["drop user key, remove bob", "rotate db password, add host, grant ci", "add db"]);
    expect(db[2]).toMatchObject({ author: "Alice", created: true, added: ["user", "password"] });
    expect(db[1]).toMatchObject({ author: "Bob", email: "bob@example.com", added: ["host"], changed: ["password"], removed: [], recipientsAdded: [{ recipient: CI.recipient, users: ["ci"] }], recipientsRemoved: [] });
    expect(db[0]).toMatchObject({ removed: ["user"], changed: [], recipientsRemoved: [{ recipient: BOB.recipient, users: ["bob"] }], recipientsAdded: [{ recipient: "age1formerkey", users: [] }] });
    expect(out[1]!.commits.map((c) => [c.created, c.deleted])).toEqual([[false, true], [true, false]]);
    expect(r.stdout).not.toContain(CANARY);
    expect(r.stdout).not.toContain("ENC[");
  });

  it("NAME narrows to that secret; the human view names users and never values", () => {
    const dir = history();
    const r = hush(["log", "db"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("secrets/shared/db.yaml  (db, shared)");
    expect(r.stdout).not.toContain("token.yaml");
    expect(r.stdout).toContain("keys added: host; changed: password; access granted: ci (");
    expect(r.stdout).toContain(`access removed: bob (${BOB.recipient})`);
    expect(r.stdout).toContain("age1formerkey (no user)");
    expect(r.stdout + r.stderr).not.toContain(CANARY);
  });

  it("a user removed from .hush.yaml since is still named, from the .hush.yaml committed then", () => {
    const dir = history();
    writeTree(dir, { ".hush.yaml": CONFIG.replace(`  bob:\n    recipients: [${BOB.recipient}]\n`, "") });
    commitAs(dir, "Alice", "remove user bob");
    const json = hush(["log", "db", "--json"], { cwd: dir });
    expect(JSON.parse(json.stdout)[0].commits[0]).toMatchObject({ recipientsRemoved: [{ recipient: BOB.recipient, users: ["bob"], former: true }] });
    const r = hush(["log", "db"], { cwd: dir });
    expect(r.stdout).toContain(`access removed: bob, since removed from .hush.yaml (${BOB.recipient})`);
    expect(r.stdout).toContain("age1formerkey (no user)");
  });

  it("works with a textconv driver configured (it reads raw ciphertext lines, not the driver's view)", () => {
    const dir = history();
    writeTree(dir, { ".gitattributes": "secrets/**/*.yaml diff=hush\n" });
    git(dir, "config", "diff.hush.textconv", "false");
    const r = hush(["log", "db", "--json"], { cwd: dir });
    expect(JSON.parse(r.stdout)[0].commits).toHaveLength(3);
  });

  it("-n limits the commits looked at; a bad -n is a usage error", () => {
    const dir = history();
    const r = hush(["log", "-n", "1", "--json"], { cwd: dir });
    expect(JSON.parse(r.stdout).map((h: { commits: unknown[] }) => h.commits.length)).toEqual([1]);
    expect(hush(["log", "-n", "x"], { cwd: dir }).status).toBe(2);
  });

  it("no commits yet: says so; not a git repository: an error", () => {
    const dir = gitRepo({ ".hush.yaml": CONFIG });
    expect(hush(["log"], { cwd: dir }).stderr).toContain("no commits touch the secrets directory");
    rmSync(join(dir, ".git"), { recursive: true, force: true });
    const r = hush(["log"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("not in a git repository");
  });
});
