// `hush log` over a real git history, without any private key: files are
// sops-shaped (keys in clear, ENC[...] values, age recipients), so no identity
// is needed or given.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { git, gitRepo, gitWithEnv } from "../helpers/git.js";
import { writeTree } from "../helpers/tmp.js";
import { ALICE, BOB, CI } from "../helpers/keys.js";
import { rmSync } from "node:fs";
import { join } from "node:path";

/** A sops-shaped file: the ciphertext of a value is a hash of it, so a changed value changes its line. */
function sopsShaped(values: Record<string, string>, recipients: string[]): string {
  const enc = (v: string): string => `ENC[AES256_GCM,data:${createHash("sha256").update(v).digest("base64")},iv:AAAA,tag:BBBB,type:str]`;
  const lines = Object.entries(values).map(([k, v]) => `${k}: ${enc(v)}`);
  lines.push("sops:", "    age:");
  for (const r of recipients)
    lines.push(
      `        - recipient: ${r}`,
      "          enc: |",
      "            -----BEGIN AGE ENCRYPTED FILE-----",
      "            -----END AGE ENCRYPTED FILE-----",
    );
  lines.push(`    lastmodified: "2026-01-01T00:00:00Z"`, `    mac: ${enc(JSON.stringify(values))}`, "    version: 3.9.0", "");
  return lines.join("\n");
}

const CONFIG = `version: 1\nusers:\n  alice:\n    recipients: [${ALICE.recipient}]\n  bob:\n    recipients: [${BOB.recipient}]\n  ci:\n    recipients: [${CI.recipient}]\n`;
const CANARY = "VALUE-CANARY-77";

function commitAs(dir: string, who: string, message: string): void {
  git(dir, "add", "-A");
  git(
    dir,
    "-c",
    `user.name=${who}`,
    "-c",
    `user.email=${who.toLowerCase()}@example.com`,
    "commit",
    "-q",
    "--author",
    `${who} <${who.toLowerCase()}@example.com>`,
    "-m",
    message,
  );
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
    expect(db[1]).toMatchObject({
      author: "Bob",
      email: "bob@example.com",
      added: ["host"],
      changed: ["password"],
      removed: [],
      recipientsAdded: [{ recipient: CI.recipient, users: ["ci"] }],
      recipientsRemoved: [],
    });
    expect(db[0]).toMatchObject({
      removed: ["user"],
      changed: [],
      recipientsRemoved: [{ recipient: BOB.recipient, users: ["bob"] }],
      recipientsAdded: [{ recipient: "age1formerkey", users: [] }],
    });
    expect(out[1]!.commits.map((c) => [c.created, c.deleted])).toEqual([
      [false, true],
      [true, false],
    ]);
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

// Merges, over real encryption (hush secret create/update with a real age key) and hush's per-key merge driver (`hush git setup`).
describe("hush log: merge commits", () => {
  const FILE = "secrets/shared/db.yaml";
  const aliceEnv = { SOPS_AGE_KEY: ALICE.identity };
  const CANARIES = ["CANARY-BASE-31", "CANARY-MAIN-32", "CANARY-FEAT-33", "CANARY-TOKEN-34", "CANARY-FIX-35"];

  /** git with a fixed author; `env` reaches the merge driver (it needs the identity). */
  function run(dir: string, env: Record<string, string>, ...args: string[]): string {
    const r = gitWithEnv(dir, env, ...args);
    if (r.status !== 0) throw new Error(`git ${args.join(" ")} failed (${r.status}): ${r.stdout}${r.stderr}`);
    return r.stdout;
  }
  function cli(dir: string, args: string[]): string {
    const r = hush(args, { cwd: dir, env: aliceEnv });
    if (r.status !== 0) throw new Error(`hush ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
    return r.stdout;
  }
  function repo(): string {
    const dir = gitRepo({
      ".hush.yaml": `version: 1\ndefault_scope: shared\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  bob: { recipients: [${BOB.recipient}] }\nshared:\n  readers: ["*"]\n`,
    });
    cli(dir, ["secret", "create", "db", "--user=app", `--password=${CANARIES[0]}`, "--host=db.local"]);
    cli(dir, ["git", "setup"]);
    run(dir, {}, "add", "-A");
    run(dir, {}, "commit", "-q", "-m", "base");
    return dir;
  }
  function change(dir: string, branch: string, args: string[], message: string): void {
    run(dir, {}, "checkout", "-q", "-B", branch);
    cli(dir, ["secret", "update", "db", ...args]);
    run(dir, {}, "commit", "-q", "-am", message);
  }
  type Entry = {
    commit: string;
    subject: string;
    merge: boolean;
    parents: string[];
    added: string[];
    changed: string[];
    removed: string[];
    recipientsAdded: unknown[];
    recipientsRemoved: unknown[];
  };
  function entries(dir: string): Entry[] {
    const r = hush(["log", "db", "--json"], { cwd: dir });
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as Array<{ file: string; commits: Entry[] }>;
    expect(out.map((h) => h.file)).toEqual([FILE]);
    return out[0]!.commits;
  }
  function noValues(dir: string): void {
    const text = hush(["log"], { cwd: dir }).stdout + hush(["log", "db"], { cwd: dir }).stdout + hush(["log", "--json"], { cwd: dir }).stdout;
    for (const canary of CANARIES) expect(text).not.toContain(canary);
    expect(text).not.toContain("ENC[");
  }

  it("a per-key merge (the driver's own file) is listed as a merge, with the keys it changed against the first parent", () => {
    const dir = repo();
    // Keys user, password, host: an unchanged line (password) between the two sides' changes, so the
    // key taken from the second parent is a hunk of its own (one `--cc` would drop).
    change(dir, "feature", [`--user=${CANARIES[2]}`], "feature: user");
    run(dir, {}, "checkout", "-q", "main");
    change(dir, "main", [`--host=${CANARIES[1]}`, `--token=${CANARIES[3]}`], "main: host, token");
    const main = run(dir, {}, "rev-parse", "HEAD").trim();
    const feature = run(dir, {}, "rev-parse", "feature").trim();
    const merged = run(dir, aliceEnv, "merge", "--no-edit", "feature");
    expect(merged).not.toContain("CONFLICT");
    const head = run(dir, {}, "rev-parse", "HEAD").trim();
    // The driver wrote a file of its own: it equals neither side.
    expect(run(dir, {}, "rev-parse", `HEAD:${FILE}`)).not.toBe(run(dir, {}, "rev-parse", `HEAD^1:${FILE}`));
    expect(run(dir, {}, "rev-parse", `HEAD:${FILE}`)).not.toBe(run(dir, {}, "rev-parse", `HEAD^2:${FILE}`));

    const log = entries(dir);
    expect(log.map((c) => c.subject).sort()).toEqual(["Merge branch 'feature'", "base", "feature: user", "main: host, token"]);
    expect(log[0]).toMatchObject({
      commit: head,
      merge: true,
      parents: [main, feature],
      added: [],
      changed: ["user"],
      removed: [],
      recipientsAdded: [],
      recipientsRemoved: [],
    });
    for (const c of log.slice(1)) expect(c.merge).toBe(false);
    expect(log.find((c) => c.subject === "main: host, token")).toMatchObject({
      parents: [run(dir, {}, "rev-parse", "HEAD^1^").trim()],
      added: ["token"],
      changed: ["host"],
    });

    const human = hush(["log", "db"], { cwd: dir }).stdout;
    expect(human).toContain(`  ${head.slice(0, 10)}  `);
    expect(human).toContain(`      merge of ${main.slice(0, 10)} + ${feature.slice(0, 10)}, vs ${main.slice(0, 10)}: changed: user\n`);
    noValues(dir);
  });

  it("a fast-forward, and merges that take one side's file unchanged, add no entry; the branch's commits stay listed", () => {
    const dir = repo();
    change(dir, "ff", [`--host=${CANARIES[1]}`], "ff: host");
    run(dir, {}, "checkout", "-q", "main");
    run(dir, {}, "merge", "-q", "--ff-only", "ff");
    // The other side's file taken as it is (main did not touch db).
    change(dir, "feature", [`--password=${CANARIES[2]}`], "feature: password");
    run(dir, {}, "checkout", "-q", "main");
    writeTree(dir, { "README.md": "x\n" });
    run(dir, {}, "add", "README.md");
    run(dir, {}, "commit", "-q", "-m", "main: readme");
    run(dir, aliceEnv, "merge", "--no-edit", "feature");
    expect(run(dir, {}, "rev-parse", `HEAD:${FILE}`)).toBe(run(dir, {}, "rev-parse", `HEAD^2:${FILE}`));
    // Ours kept as it is: `-s ours` drops the branch's change.
    change(dir, "dropped", [`--token=${CANARIES[3]}`], "dropped: token");
    run(dir, {}, "checkout", "-q", "main");
    run(dir, {}, "merge", "-q", "--no-edit", "-s", "ours", "dropped");
    expect(run(dir, {}, "rev-parse", `HEAD:${FILE}`)).toBe(run(dir, {}, "rev-parse", `HEAD^1:${FILE}`));

    const log = entries(dir);
    expect(log.map((c) => c.subject)).toEqual(["dropped: token", "feature: password", "ff: host", "base"]);
    expect(log.every((c) => !c.merge)).toBe(true);
    expect(hush(["log", "db"], { cwd: dir }).stdout).not.toContain("merge of");
    // -n counts only commits that change a secret: HEAD (the `-s ours` merge) and the merge before it change none.
    const limited = JSON.parse(hush(["log", "db", "-n", "2", "--json"], { cwd: dir }).stdout) as Array<{ commits: Entry[] }>;
    expect(limited[0]!.commits.map((c) => c.subject)).toEqual(["dropped: token", "feature: password"]);
    noValues(dir);
  });

  it("a merge that resolves a conflict (one key changed on both sides) is listed, with the resolved key", () => {
    const dir = repo();
    change(dir, "feature", [`--password=${CANARIES[2]}`], "feature: password");
    run(dir, {}, "checkout", "-q", "main");
    change(dir, "main", [`--password=${CANARIES[1]}`, "--host=db.main"], "main: password, host");
    const conflicted = gitWithEnv(dir, aliceEnv, "merge", "--no-edit", "feature");
    expect(conflicted.status).not.toBe(0);
    expect(conflicted.stdout).toContain(`CONFLICT (content): Merge conflict in ${FILE}`);
    cli(dir, ["secret", "update", "db", `--password=${CANARIES[4]}`]);
    run(dir, {}, "add", FILE);
    run(dir, {}, "commit", "-q", "--no-edit");
    const main = run(dir, {}, "rev-parse", "HEAD^1").trim();

    const log = entries(dir);
    expect(log).toHaveLength(4);
    expect(log[0]).toMatchObject({ merge: true, parents: [main, run(dir, {}, "rev-parse", "feature").trim()], added: [], changed: ["password"], removed: [] });
    expect(hush(["log", "db"], { cwd: dir }).stdout).toContain(`merge of ${main.slice(0, 10)} + `);
    noValues(dir);
  });
});
