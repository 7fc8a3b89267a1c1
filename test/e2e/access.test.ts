// `hush access` from recipients only: no identity is given to the CLI.
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { gitRepo } from "../helpers/git.js";
import { ALICE, BOB, CI, DAVE } from "../helpers/keys.js";

function sopsShaped(keys: string[], recipients: string[]): string {
  const enc = "ENC[AES256_GCM,data:QUFB,iv:AAAA,tag:BBBB,type:str]";
  const lines = keys.map((k) => `${k}: ${enc}`);
  lines.push("sops:", "    age:");
  for (const r of recipients) lines.push(`        - recipient: ${r}`, "          enc: |", "            x");
  lines.push(`    lastmodified: "2026-01-01T00:00:00Z"`, `    mac: ${enc}`, "    version: 3.9.0", "");
  return lines.join("\n");
}

const CONFIG = `version: 1\nusers:\n  alice:\n    recipients: [${ALICE.recipient}]\n  bob:\n    recipients: [${BOB.recipient}]\n  ci:\n    recipients: [${CI.recipient}]\nescrow: [${DAVE.recipient}]\n`;

function repo(): string {
  return gitRepo({
    ".hush.yaml": CONFIG,
    "secrets/shared/db.yaml": sopsShaped(["user", "password"], [ALICE.recipient, BOB.recipient, CI.recipient, DAVE.recipient]),
    // ci missing, a former member's key still on the file:
    "secrets/shared/mlflow.yaml": sopsShaped(["token"], [ALICE.recipient, BOB.recipient, "age1formermember", DAVE.recipient]),
    "secrets/users/alice/wandb.yaml": sopsShaped(["key"], [ALICE.recipient, DAVE.recipient]),
    // bob can read alice's file: .hush.yaml says he should not
    "secrets/users/alice/leaky.yaml": sopsShaped(["key"], [ALICE.recipient, BOB.recipient, DAVE.recipient]),
  });
}

describe("hush access", () => {
  it("--json: readers, stale recipients, missing users, unexpected readers", () => {
    const r = hush(["access", "--json"], { cwd: repo() });
    expect(r.stderr).toBe("");
    const m = JSON.parse(r.stdout) as { users: string[]; secrets: Array<Record<string, unknown>>; counts: Record<string, number> };
    expect(m.users).toEqual(["alice", "bob", "ci"]);
    const by = Object.fromEntries(m.secrets.map((s) => [s.file as string, s]));
    expect(by["secrets/shared/db.yaml"]).toMatchObject({ readers: ["alice", "bob", "ci"], staleRecipients: [], missingUsers: [], escrow: [DAVE.recipient] });
    expect(by["secrets/shared/mlflow.yaml"]).toMatchObject({ readers: ["alice", "bob"], staleRecipients: ["age1formermember"], missingUsers: ["ci"] });
    expect(by["secrets/users/alice/wandb.yaml"]).toMatchObject({ user: "alice", readers: ["alice"], unexpectedReaders: [] });
    expect(by["secrets/users/alice/leaky.yaml"]).toMatchObject({ readers: ["alice", "bob"], unexpectedReaders: ["bob"] });
    expect(m.counts).toEqual({ secrets: 4, withStaleRecipients: 1, withMissingUsers: 1, withUnexpectedReaders: 1 });
  });

  it("human view: one line per secret and a summary", () => {
    const r = hush(["access"], { cwd: repo() });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^NAME +SCOPE +READERS +NOTES\n/);
    expect(r.stdout).toMatch(/^mlflow +shared +alice, bob +stale recipients: age1formermember; missing: ci; escrow$/m);
    // Aligned: every row's SCOPE column starts where the header's does.
    const rows = r.stdout.split("\n").slice(0, 5);
    expect(new Set(rows.map((l) => l.search(/ (shared|user:|SCOPE)/))).size).toBe(1);
    expect(r.stdout).toContain("4 secrets, 3 users; 1 with stale recipients, 1 missing a reader, 1 readable by someone .hush.yaml does not list");
  });

  it("--user bob: what his departure exposes, including another user's file he can still read", () => {
    const r = hush(["access", "--user", "bob", "--json"], { cwd: repo() });
    const e = JSON.parse(r.stdout) as { user: string; readable: Array<{ file: string }> };
    expect(e.readable.map((s) => s.file).sort()).toEqual(["secrets/shared/db.yaml", "secrets/shared/mlflow.yaml", "secrets/users/alice/leaky.yaml"]);
    const human = hush(["access", "--user", "bob"], { cwd: repo() });
    expect(human.stdout).toContain("bob can decrypt 3 secrets now");
  });

  it("--user with a former member's recipient, and an unknown name", () => {
    const r = hush(["access", "--user", "age1formermember", "--json"], { cwd: repo() });
    expect(JSON.parse(r.stdout).readable.map((s: { name: string }) => s.name)).toEqual(["mlflow"]);
    const bad = hush(["access", "--user", "mallory"], { cwd: repo() });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`no user "mallory"`);
  });
});
