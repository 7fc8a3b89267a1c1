// Paths and files hush trusts: path settings in .hush.yaml must stay inside
// the repository, names from files or the CLI cannot climb out, and a config
// file found by walking up is used only when no one else could have written it.
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush, type CliResult } from "../helpers/cli.js";
import { git, gitRepo } from "../helpers/git.js";
import { tempDir } from "../helpers/tmp.js";
import { ALICE, BOB } from "../helpers/keys.js";

const env = { SOPS_AGE_KEY: ALICE.identity };
const HUSH_YAML = `version: 1\ndefault_scope: user\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n`;

function repoIn(root: string, extra = ""): string {
  mkdirSync(root, { recursive: true });
  git(root, "init", "-q", "-b", "main");
  writeFileSync(join(root, ".hush.yaml"), HUSH_YAML + extra);
  return root;
}

function ok(r: CliResult): CliResult {
  expect(r.status, r.stderr).toBe(0);
  return r;
}

describe("path settings of .hush.yaml stay inside the repository", () => {
  for (const [setting, value] of [
    ["secrets_dir", "../x"],
    ["secrets_dir", "a/../../x"],
    ["secrets_dir", "/tmp/hush-abs"],
    ["secrets_dir", ".git/hooks"],
    ["secrets_dir", "..\\x"],
    ["stacks_dir", "../stacks"],
    ["stacks_dir", "/etc"],
  ] as const) {
    it(`${setting}: ${value} is refused at load, placed, and nothing is written outside`, () => {
      const outer = tempDir("hush-outer-");
      const root = repoIn(join(outer, "repo"), `${setting}: ${JSON.stringify(value)}\n`);
      for (const args of [["secret", "create", "db", "--a=1"], ["check"], ["whoami"]]) {
        const r = hush(args, { cwd: root, env });
        expect(r.status, args.join(" ")).not.toBe(0);
        expect(r.stderr, args.join(" ")).toContain(`.hush.yaml:5:${setting.length + 3}: ${setting} must be a relative path inside the repository`);
        expect(r.stderr).not.toContain("internal error");
      }
      // The old code wrote secrets/../x/users/alice/db.yaml next to the repository (and `check` died of ENOENT).
      expect(readdirSync(outer)).toEqual(["repo"]);
      expect(existsSync("/tmp/hush-abs")).toBe(false);
    });
  }

  it("relative paths inside the repository still work", () => {
    const root = repoIn(join(tempDir(), "repo"), "secrets_dir: vault/secrets\nstacks_dir: ./conf\n");
    ok(hush(["secret", "create", "db", "--a=1"], { cwd: root, env }));
    expect(existsSync(join(root, "vault/secrets/users/alice/db.yaml"))).toBe(true);
  });
});

describe("names from the CLI and from .hush.yaml cannot climb out", () => {
  it("secret and user names with separators or dots are refused before any file is touched", () => {
    const outer = tempDir("hush-outer-");
    const root = repoIn(join(outer, "repo"));
    for (const args of [
      ["secret", "create", "../../x", "--a=1"],
      ["secret", "create", "..", "--a=1"],
      ["secret", "get", "../x"],
      ["secret", "update", "../x", "--a=2"],
      ["secret", "delete", "../x"],
      ["export", "k8s", "../x"],
      ["user", "add", "..", BOB.recipient],
      ["user", "add", "../bob", BOB.recipient],
      ["user", "remove", ".."],
    ]) {
      const r = hush(args, { cwd: root, env });
      expect(r.status, args.join(" ")).not.toBe(0);
      expect(r.stderr, args.join(" ")).toMatch(/^hush: invalid (secret|user) name: "/);
    }
    const as = hush(["secret", "create", "x", "--a=1", "--as", ".."], { cwd: root, env });
    expect(as.stderr).toContain('user ".." (from --as) is not in .hush.yaml');
    expect(readdirSync(outer)).toEqual(["repo"]);
    expect(existsSync(join(root, "secrets"))).toBe(false);
  });

  it("a user named .. in .hush.yaml is refused at its place", () => {
    const root = repoIn(join(tempDir(), "repo"));
    writeFileSync(join(root, ".hush.yaml"), `version: 1\nusers:\n  "..": { recipients: [${ALICE.recipient}] }\n`);
    const r = hush(["secret", "create", "x", "--a=1"], { cwd: root, env });
    expect(r.stderr).toContain('.hush.yaml:3:3: "users...": the name ".." is not allowed');
  });
});

const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;

describe.skipIf(!asRoot)("config files found by walking up must be the user's own (run as root: chown needs it)", () => {
  /** A shared directory (like /tmp) holding a .sops.yaml that sends everything to BOB, and a work dir below it. */
  function sharedParent(mode: number, uid: number, gid = 0): { work: string; planted: string } {
    const shared = tempDir("hush-shared-");
    chmodSync(shared, 0o1777);
    const planted = join(shared, ".sops.yaml");
    writeFileSync(planted, `creation_rules:\n  - age: ${BOB.recipient}\n`);
    chownSync(planted, uid, gid);
    chmodSync(planted, mode);
    const work = join(shared, "alice-work");
    mkdirSync(work);
    writeFileSync(join(work, "p.yaml"), "token: t0p\n");
    return { work, planted };
  }

  for (const [what, mode, uid, gid, reason] of [
    ["owned by another user", 0o644, NOBODY, NOBODY, `owned by uid ${NOBODY}, not by you or root`],
    ["writable by every user", 0o666, 0, 0, "writable by every user"],
    ["writable by a group that is not the user's own", 0o664, 0, NOBODY, `writable by group ${NOBODY}`],
  ] as const) {
    it(`a .sops.yaml ${what} is ignored with one warning; its key is not used`, () => {
      const { work, planted } = sharedParent(mode, uid, gid);
      const r = hush(["encrypt", "p.yaml"], { cwd: work, env: {} });
      expect(r.stderr).toContain(
        `hush: warning: ignoring ${planted}: ${reason}, so anyone could have planted its rules (and their key); fix its owner or mode, or pass --config\n`,
      );
      expect(r.stdout).not.toContain(BOB.recipient);
      // Nothing else to encrypt to: refused (sops's exit for no recipients is not a success).
      expect(r.status).not.toBe(0);
      // With an explicit recipient the file is still encrypted, to that recipient only.
      const given = ok(hush(["encrypt", "--age", ALICE.recipient, "p.yaml"], { cwd: work, env: {} }));
      expect(given.stdout).toContain(ALICE.recipient);
      expect(given.stdout).not.toContain(BOB.recipient);
    });
  }

  it("the user's own .sops.yaml (owned by them, not writable by others) is used; --config names one explicitly", () => {
    const { work, planted } = sharedParent(0o644, 0);
    const r = ok(hush(["encrypt", "p.yaml"], { cwd: work, env: {} }));
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(BOB.recipient);
    // A file the user names is theirs to judge.
    chownSync(planted, NOBODY, NOBODY);
    const named = ok(hush(["encrypt", "--config", planted, "p.yaml"], { cwd: work, env: {} }));
    expect(named.stdout).toContain(BOB.recipient);
  });

  it("a .hush.yaml owned by another user in a parent directory is not used", () => {
    const shared = tempDir("hush-shared-");
    chmodSync(shared, 0o1777);
    // The planter lists alice with their own key: secrets "for alice" would go to them.
    const planted = join(shared, ".hush.yaml");
    writeFileSync(planted, `version: 1\nusers:\n  alice: { recipients: [${BOB.recipient}] }\n`);
    chownSync(planted, NOBODY, NOBODY);
    const work = join(shared, "work");
    mkdirSync(work);
    const r = hush(["secret", "create", "db", "--password=x", "--as", "alice"], { cwd: work, env });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toBe(
      `hush: ignoring ${planted}: owned by uid ${NOBODY}, not by you or root, so anyone could have planted its users and recipients. run hush inside your own repository, or fix the file's owner or mode (chown, chmod go-w)\n`,
    );
    expect(existsSync(join(shared, "secrets"))).toBe(false);
    expect(dirname(planted)).toBe(shared);
  });

  it("a .git planted next to the .sops.yaml in the shared directory does not make it trusted", () => {
    const { work, planted } = sharedParent(0o644, NOBODY, NOBODY);
    mkdirSync(join(dirname(planted), ".git"));
    chownSync(join(dirname(planted), ".git"), NOBODY, NOBODY);
    const r = hush(["encrypt", "p.yaml"], { cwd: work, env: {} });
    expect(r.stderr).toContain(`hush: warning: ignoring ${planted}: owned by uid ${NOBODY}, not by you or root`);
    expect(r.stdout).not.toContain(BOB.recipient);
  });

  it("inside a work tree only its owner can write, the checkout is trusted whoever owns it (CI running as root)", () => {
    const root = gitRepo({ ".hush.yaml": HUSH_YAML, ".sops.yaml": `creation_rules:\n  - age: ${ALICE.recipient}\n`, "p.yaml": "a: 1\n" });
    execFileSync("chown", ["-R", `${NOBODY}:${NOBODY}`, root]);
    chmodSync(root, 0o755);
    ok(hush(["secret", "list"], { cwd: root, env }));
    const r = ok(hush(["encrypt", "p.yaml"], { cwd: root, env: {} }));
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(ALICE.recipient);
    // ...but never a file every user may write.
    chmodSync(join(root, ".sops.yaml"), 0o666);
    const w = hush(["encrypt", "p.yaml"], { cwd: root, env: {} });
    expect(w.stderr).toContain(`ignoring ${join(root, ".sops.yaml")}: writable by every user`);
    expect(w.status).not.toBe(0);
  });

  it("a repository checked out by its owner is trusted (the everyday case)", () => {
    const root = gitRepo({ ".hush.yaml": HUSH_YAML, ".sops.yaml": `creation_rules:\n  - age: ${ALICE.recipient}\n`, "p.yaml": "a: 1\n" });
    ok(hush(["secret", "create", "db", "--a=1"], { cwd: root, env }));
    const r = ok(hush(["encrypt", "p.yaml"], { cwd: root, env: {} }));
    expect(r.stderr).toBe("");
  });
});
