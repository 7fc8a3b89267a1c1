// The selection (which values are encrypted) is policy, never the file's own
// claim: the sops MAC does not cover the `sops:` block, so a teammate who can
// push but holds no key can rewrite a file's selection fields. These are the
// attacks, through the real CLI on real repositories.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HUSH_BIN, hush } from "../helpers/cli.js";
import { git, gitRepo } from "../helpers/git.js";
import { tempDir, writeTree } from "../helpers/tmp.js";
import { ALICE, BOB } from "../helpers/keys.js";

const env = { SOPS_AGE_KEY: ALICE.identity };
const NEW_VALUE = "tok-7f3a9c-NEVER-IN-CLEAR";

function ok<T extends { status: number | null; stderr: string }>(r: T): T {
  expect(r.status, r.stderr).toBe(0);
  return r;
}

/** A hush repository with a committed shared secret `db` (user, password), encrypted to alice. */
function store(): { root: string; file: string } {
  const root = gitRepo({
    ".hush.yaml": `version: 1\ndefault_scope: shared\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n`,
    "secrets/shared/.gitkeep": "",
  });
  ok(hush(["secret", "create", "db", "--user=admin", "--password=s3cr3t"], { cwd: root, env }));
  git(root, "add", "-A");
  git(root, "commit", "-qm", "start");
  return { root, file: join(root, "secrets/shared/db.yaml") };
}

/** What a committer without a key can do: change only the selection in the sops block (the MAC still verifies). */
const TAMPERS: Record<string, (text: string) => string> = {
  unencrypted_suffix: (t) => t.replace("    unencrypted_suffix: _unencrypted\n", "    unencrypted_suffix: _token\n"),
  encrypted_suffix: (t) => t.replace("    unencrypted_suffix: _unencrypted\n", "    encrypted_suffix: word\n"),
  encrypted_regex: (t) => t.replace("    unencrypted_suffix: _unencrypted\n", "    encrypted_regex: ^(user|password)$\n"),
  unencrypted_regex: (t) => t.replace("    unencrypted_suffix: _unencrypted\n", "    unencrypted_regex: ^api\n"),
  encrypted_comment_regex: (t) => t.replace("    unencrypted_suffix: _unencrypted\n", "    encrypted_comment_regex: sops:enc\n"),
  unencrypted_comment_regex: (t) => t.replace("    unencrypted_suffix: _unencrypted\n", "    unencrypted_comment_regex: sops:clear\n"),
  mac_only_encrypted: (t) => t.replace("    unencrypted_suffix: _unencrypted\n", "    unencrypted_suffix: _unencrypted\n    mac_only_encrypted: true\n"),
};

describe("store files: a selection field in the sops block is refused by every reader and writer", () => {
  for (const [field, tamper] of Object.entries(TAMPERS)) {
    it(`${field}: secret update refuses and writes nothing; secret get refuses; check --staged fails at the field`, () => {
      const { root, file } = store();
      const tampered = tamper(readFileSync(file, "utf8"));
      expect(tampered).toContain(field);
      writeFileSync(file, tampered);
      // The MAC does not cover the selection: the value still decrypts under sops's rules.
      const update = hush(["secret", "update", "db", `--api_token=${NEW_VALUE}`], { cwd: root, env });
      expect(update.status).toBe(1);
      expect(update.stderr).toContain("secrets/shared/db.yaml");
      expect(update.stderr).toContain(field);
      expect(update.stderr.trim().split("\n")).toHaveLength(1);
      expect(readFileSync(file, "utf8")).toBe(tampered);
      expect(readFileSync(file, "utf8")).not.toContain(NEW_VALUE);

      const get = hush(["secret", "get", "db", "--reveal"], { cwd: root, env });
      expect(get.status).toBe(1);
      expect(get.stderr).toContain(field);
      expect(get.stdout).not.toContain("s3cr3t");

      git(root, "add", "-A");
      const check = hush(["check", "--staged"], { cwd: root });
      expect(check.status).toBe(3);
      const line = tampered.split("\n").findIndex((l) => l.includes(field)) + 1;
      expect(check.stderr).toMatch(new RegExp(`^secrets/shared/db\\.yaml:${line}:1: the sops block sets ${field}`, "m"));
    });
  }

  it("hush set, run and user add refuse a tampered store file, textconv shows it keys-only", () => {
    const { root, file } = store();
    writeFileSync(file, TAMPERS.unencrypted_suffix!(readFileSync(file, "utf8")));
    const before = readFileSync(file, "utf8");
    const set = hush(["set", "secrets/shared/db.yaml", '["api_token"]', JSON.stringify(NEW_VALUE)], { cwd: root, env });
    expect(set.status).toBe(1);
    expect(set.stderr).toContain("unencrypted_suffix");
    // The store policy holds whatever a .sops.yaml says, and the flag does not lift it.
    writeFileSync(join(root, ".sops.yaml"), `creation_rules:\n  - path_regex: .*\n    age: ${ALICE.recipient}\n    unencrypted_suffix: _token\n`);
    const trusted = hush(["set", "--trust-file-selection", "secrets/shared/db.yaml", '["api_token"]', JSON.stringify(NEW_VALUE)], { cwd: root, env });
    expect(trusted.status).toBe(1);
    expect(trusted.stderr).toContain("hush store files have every value encrypted");
    const rotated = hush(["rotate", "-i", "--trust-file-selection", "secrets/shared/db.yaml"], { cwd: root, env });
    expect(rotated.status).toBe(1);
    const updated = hush(["updatekeys", "-y", "--trust-file-selection", "secrets/shared/db.yaml"], { cwd: root, env });
    expect(updated.status).toBe(1);
    expect(updated.stderr).toContain("hush store files have every value encrypted");
    const run = hush(["run", "--with-secrets", "db", "--", "true"], { cwd: root, env });
    expect(run.status).toBe(125);
    expect(run.stderr).toContain("unencrypted_suffix");
    const hushYaml = readFileSync(join(root, ".hush.yaml"), "utf8");
    const add = hush(["user", "add", "bob", BOB.recipient], { cwd: root, env });
    expect(add.status).toBe(1);
    expect(add.stderr).toContain("unencrypted_suffix");
    expect(readFileSync(join(root, ".hush.yaml"), "utf8")).toBe(hushYaml);
    const view = hush(["git", "textconv", "secrets/shared/db.yaml"], { cwd: root, env });
    expect(view.status).toBe(0);
    expect(view.stdout).toContain("# hush: keys only");
    expect(view.stdout).not.toContain("s3cr3t");
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it("a case variant of a field name (sops matches names case-insensitively) is refused the same way", () => {
    const { root, file } = store();
    const tampered = readFileSync(file, "utf8").replace("    unencrypted_suffix: _unencrypted\n", "    Unencrypted_Suffix: _token\n");
    writeFileSync(file, tampered);
    const update = hush(["secret", "update", "db", `--api_token=${NEW_VALUE}`], { cwd: root, env });
    expect(update.status).toBe(1);
    expect(update.stderr).toContain('the sops block sets unencrypted_suffix "_token"');
    expect(readFileSync(file, "utf8")).toBe(tampered);
    git(root, "add", "-A");
    const check = hush(["check", "--staged"], { cwd: root });
    expect(check.status).toBe(3);
    expect(check.stderr).toContain('the sops block sets unencrypted_suffix "_token"');
  });

  it("check fails on plaintext values under a copied sops block that says unencrypted_regex: .*", () => {
    const { root, file } = store();
    const sopsBlock = readFileSync(file, "utf8").slice(readFileSync(file, "utf8").indexOf("sops:\n"));
    writeFileSync(
      join(root, "secrets/shared/leak.yaml"),
      `password: hunter2\napi_token: abc123\n${sopsBlock.replace("    unencrypted_suffix: _unencrypted\n", "    unencrypted_regex: .*\n")}`,
    );
    git(root, "add", "-A");
    const check = hush(["check", "--staged"], { cwd: root });
    expect(check.status).toBe(3);
    expect(check.stderr).toContain('secrets/shared/leak.yaml:1:1: plaintext value for key "password"');
    expect(check.stderr).toContain('secrets/shared/leak.yaml:2:1: plaintext value for key "api_token"');
    expect(check.stderr).toMatch(/leak\.yaml:\d+:1: the sops block sets unencrypted_regex/);
    expect(check.stderr + check.stdout).not.toMatch(/hunter2|abc123/);
  });
});

/** A directory with a .sops.yaml (rule for app.yaml: alice, `selection` lines if any) and app.yaml encrypted by it. */
function sopsDir(ruleExtra = "", encryptFlags: string[] = []): { dir: string; file: string } {
  const dir = tempDir();
  writeTree(dir, {
    ".sops.yaml": `creation_rules:\n  - path_regex: app\\.yaml$\n    age: ${ALICE.recipient}\n${ruleExtra}`,
    "app.yaml": "user: admin\npassword: s3cr3t\n",
  });
  ok(hush(["encrypt", "-i", ...encryptFlags, "app.yaml"], { cwd: dir }));
  return { dir, file: join(dir, "app.yaml") };
}

describe("other sops files: the creation rule's selection is the policy", () => {
  it("set refuses a file whose selection a committer changed, names both selections, writes nothing; --trust-file-selection accepts it", () => {
    const { dir, file } = sopsDir();
    writeFileSync(file, TAMPERS.unencrypted_suffix!(readFileSync(file, "utf8")));
    const before = readFileSync(file, "utf8");
    const r = hush(["set", "app.yaml", '["api_token"]', JSON.stringify(NEW_VALUE)], { cwd: dir, env });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain('unencrypted_suffix "_token"');
    expect(r.stderr).toMatch(/differs from creation rule 1 of .*\.sops\.yaml, which has every value encrypted/);
    expect(r.stderr).toContain("--trust-file-selection");
    expect(readFileSync(file, "utf8")).toBe(before);
    // The user's explicit choice: the file's own selection, so the value is written as that selection says (in clear).
    ok(hush(["set", "--trust-file-selection", "app.yaml", '["api_token"]', JSON.stringify(NEW_VALUE)], { cwd: dir, env }));
    expect(readFileSync(file, "utf8")).toContain(`api_token: ${NEW_VALUE}`);
  });

  it("unset, rotate, updatekeys and edit refuse it as well; decrypt reads it with a warning", () => {
    const { dir, file } = sopsDir();
    writeFileSync(file, TAMPERS.encrypted_regex!(readFileSync(file, "utf8")));
    const before = readFileSync(file, "utf8");
    for (const args of [
      ["unset", "app.yaml", '["user"]'],
      ["rotate", "-i", "app.yaml"],
      ["updatekeys", "-y", "app.yaml"],
      ["edit", "app.yaml"],
    ]) {
      const r = hush(args, { cwd: dir, env: { ...env, EDITOR: "true" } });
      expect(r.status, `${args[0]}: ${r.stderr}`).toBe(1);
      expect(r.stderr, args[0]).toContain("encrypted_regex");
      expect(readFileSync(file, "utf8"), args[0]).toBe(before);
    }
    const d = ok(hush(["decrypt", "app.yaml"], { cwd: dir, env }));
    expect(d.stdout).toBe("user: admin\npassword: s3cr3t\n");
    expect(d.stderr).toMatch(/warning.*encrypted_regex/i);
  });

  it("a file whose selection is its rule's is written without the flag", () => {
    const { dir, file } = sopsDir("    encrypted_regex: ^password$\n");
    expect(readFileSync(file, "utf8")).toContain("user: admin");
    ok(hush(["set", "app.yaml", '["password"]', '"n3w"'], { cwd: dir, env }));
    expect(ok(hush(["decrypt", "app.yaml"], { cwd: dir, env })).stdout).toBe("user: admin\npassword: n3w\n");
  });

  it("a selection chosen with a flag at encryption, with no rule backing it, needs --trust-file-selection to rewrite", () => {
    const dir = tempDir();
    writeTree(dir, { "plain.yaml": "user: admin\npassword: s3cr3t\n" });
    ok(hush(["encrypt", "-i", "--age", ALICE.recipient, "--encrypted-regex", "^password$", "plain.yaml"], { cwd: dir }));
    const r = hush(["set", "plain.yaml", '["password"]', '"n3w"'], { cwd: dir, env });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('encrypted_regex "^password$"');
    ok(hush(["set", "--trust-file-selection", "plain.yaml", '["password"]', '"n3w"'], { cwd: dir, env }));
  });

  it("check refuses a committed non-store sops file whose selection differs from its rule", () => {
    const root = gitRepo({
      ".hush.yaml": `version: 1\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n`,
      "secrets/k8s/app.yaml": "user: admin\npassword: s3cr3t\n",
      ".sops.yaml": `creation_rules:\n  - path_regex: k8s/.*\\.yaml$\n    age: ${ALICE.recipient}\n    encrypted_regex: ^password$\n`,
    });
    ok(hush(["encrypt", "-i", "secrets/k8s/app.yaml"], { cwd: root }));
    git(root, "add", "-A");
    ok(hush(["check", "--staged"], { cwd: root }));
    const file = join(root, "secrets/k8s/app.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("    encrypted_regex: ^password$\n", "    encrypted_regex: ^nothing$\n"));
    git(root, "add", "-A");
    const r = hush(["check", "--staged"], { cwd: root });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(
      /secrets\/k8s\/app\.yaml:\d+:1: the file's selection \(encrypted_regex "\^nothing\$"\) differs from creation rule 1 of \.sops\.yaml, which has encrypted_regex "\^password\$"/,
    );
  });
});

describe("regular expressions from files have RE2 semantics in linear time", () => {
  const REDOS = "^(a|a)+$|password";
  const LONG_KEY = `${"a".repeat(40)}b`;

  it("a ReDoS encrypted_regex with a 40-character key encrypts and decrypts (a backtracking engine never returns)", () => {
    const dir = tempDir();
    writeTree(dir, { "plain.yaml": `${LONG_KEY}: one\npassword: two\n` });
    // The helper kills a child after 50 s, so a hang fails the test.
    ok(hush(["encrypt", "-i", "--age", ALICE.recipient, "--encrypted-regex", REDOS, "plain.yaml"], { cwd: dir }));
    const text = readFileSync(join(dir, "plain.yaml"), "utf8");
    expect(text).toContain(`${LONG_KEY}: one`);
    expect(text).not.toContain("password: two");
    expect(ok(hush(["decrypt", "plain.yaml"], { cwd: dir, env })).stdout).toBe(`${LONG_KEY}: one\npassword: two\n`);
  });

  it("the same pattern planted in a store file is refused at once by secret get and shown keys-only by textconv", () => {
    const { root, file } = store();
    ok(hush(["secret", "update", "db", `--${LONG_KEY}=x`], { cwd: root, env }));
    writeFileSync(file, readFileSync(file, "utf8").replace("    unencrypted_suffix: _unencrypted\n", `    encrypted_regex: ${REDOS}\n`));
    const get = hush(["secret", "get", "db", "--reveal"], { cwd: root, env });
    expect(get.status).toBe(1);
    expect(get.stderr).toContain("encrypted_regex");
    expect(ok(hush(["git", "textconv", "secrets/shared/db.yaml"], { cwd: root, env })).stdout).toContain(`${LONG_KEY}: <encrypted`);
  });

  it("accepts \\- in path_regex and encrypted_regex, as Go does", () => {
    const dir = tempDir();
    writeTree(dir, {
      ".sops.yaml": `creation_rules:\n  - path_regex: secrets\\-user\\.yaml$\n    age: ${ALICE.recipient}\n    encrypted_regex: ^pass\\-word$\n`,
      "secrets-user.yaml": "user: admin\npass-word: s3cr3t\n",
    });
    ok(hush(["encrypt", "-i", "secrets-user.yaml"], { cwd: dir }));
    const text = readFileSync(join(dir, "secrets-user.yaml"), "utf8");
    expect(text).toContain("user: admin");
    expect(text).toMatch(/pass-word: ENC\[/);
    expect(text).toContain("encrypted_regex: ^pass\\-word$");
    expect(ok(hush(["decrypt", "secrets-user.yaml"], { cwd: dir, env })).stdout).toBe("user: admin\npass-word: s3cr3t\n");
    ok(hush(["set", "secrets-user.yaml", '["pass-word"]', '"n3w"'], { cwd: dir, env }));
  });

  it("an invalid RE2 pattern (backreference, lookahead) is one line naming the file and the field", () => {
    const dir = tempDir();
    writeTree(dir, { "plain.yaml": "user: admin\npassword: s3cr3t\n" });
    ok(hush(["encrypt", "-i", "--age", ALICE.recipient, "--encrypted-regex", "^pass", "plain.yaml"], { cwd: dir }));
    const file = join(dir, "plain.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("encrypted_regex: ^pass", "encrypted_regex: (a)\\1"));
    const r = hush(["decrypt", "plain.yaml"], { cwd: dir, env });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/plain\.yaml: encrypted_regex "\(a\)\\\\1" is not a valid RE2 regular expression \(invalid escape sequence/);

    writeTree(dir, { ".sops.yaml": `creation_rules:\n  - path_regex: (?=x)app\n    age: ${ALICE.recipient}\n`, "app.yaml": "a: b\n" });
    const c = hush(["encrypt", "app.yaml"], { cwd: dir });
    expect(c.status).not.toBe(0);
    expect(c.stderr.trim().split("\n")).toHaveLength(1);
    expect(c.stderr).toMatch(
      /\.sops\.yaml:2: creation rule 1: path_regex "\(\?=x\)app" is not a valid RE2 regular expression \(invalid or unsupported Perl syntax/,
    );
  });
});

describe("a sops file with no sops.version (other sops implementations)", () => {
  function versionless(): { dir: string; file: string } {
    const { dir, file } = sopsDir();
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(/\n {4}version: 3\.13\.2\n/);
    writeFileSync(file, text.replace(/ {4}version: 3\.13\.2\n/, ""));
    return { dir, file };
  }

  it('filestatus says {"encrypted":false} and exits 0, as sops does', () => {
    const { dir } = versionless();
    expect(ok(hush(["filestatus", "app.yaml"], { cwd: dir })).stdout).toBe('{"encrypted":false}\n');
  });

  it('a version that is not semantic: filestatus says {"encrypted":true} (sops checks only that one is there); decrypt refuses', () => {
    const { dir, file } = sopsDir();
    writeFileSync(file, readFileSync(file, "utf8").replace(/ {4}version: 3\.13\.2\n/, "    version: three\n"));
    expect(ok(hush(["filestatus", "app.yaml"], { cwd: dir })).stdout).toBe('{"encrypted":true}\n');
    const d = hush(["decrypt", "app.yaml"], { cwd: dir, env });
    expect(d.status).toBe(1);
    expect(d.stderr).toContain('version "three" is not a semantic version');
  });

  it("updatekeys works on it; decrypt refuses it (sops does too)", () => {
    const { dir, file } = versionless();
    writeFileSync(join(dir, ".sops.yaml"), `creation_rules:\n  - path_regex: app\\.yaml$\n    age: ${ALICE.recipient},${BOB.recipient}\n`);
    const r = ok(hush(["updatekeys", "-y", "app.yaml"], { cwd: dir, env }));
    expect(r.stderr).toContain("keys updated (+1 -0)");
    expect(readFileSync(file, "utf8")).toContain(BOB.recipient);
    const d = hush(["decrypt", "app.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: BOB.identity } });
    expect(d.status).toBe(1);
    expect(d.stderr).toContain("version is missing");
  });
});

describe("start-up: the RE2 engine is loaded only for a pattern", () => {
  /** The packages a run of the bundled CLI requires by name. */
  function required(args: string[], cwd: string): { packages: string[]; status: number | null; stdout: string } {
    const clean: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(SOPS_|HUSH_|XDG_|GIT_)/.test(k)) clean[k] = v;
    const r = spawnSync(process.execPath, ["--require", join(import.meta.dirname, "../fixtures/log-required.cjs"), HUSH_BIN, ...args], {
      cwd,
      env: { ...clean, HOME: tempDir(), ...env },
      encoding: "utf8",
      timeout: 50_000,
    });
    return { packages: [...new Set([...r.stderr.matchAll(/^hush-test-required: (\S+)$/gm)].map((m) => m[1]!))], status: r.status, stdout: r.stdout };
  }

  it("hush run on store files and decrypt of a default file load no re2js; decrypt of a file with encrypted_regex does", () => {
    const { root } = store();
    const run = required(["run", "--with-secrets", "db", "--", process.execPath, "-e", "process.stdout.write(String(process.env.DB_PASSWORD?.length))"], root);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("6"); // the value itself would be masked
    expect(run.packages).not.toContain("re2js");

    const dir = tempDir();
    writeTree(dir, { "plain.yaml": "user: admin\npassword: s3cr3t\n" });
    writeFileSync(join(dir, "all.yaml"), ok(hush(["encrypt", "--age", ALICE.recipient, "plain.yaml"], { cwd: dir })).stdout);
    writeFileSync(
      join(dir, "some.yaml"),
      ok(hush(["encrypt", "--age", ALICE.recipient, "--encrypted-regex", "^password$", "plain.yaml"], { cwd: dir })).stdout,
    );
    const all = required(["decrypt", "all.yaml"], dir);
    expect(all.stdout).toBe("user: admin\npassword: s3cr3t\n");
    expect(all.packages).not.toContain("re2js");
    const some = required(["decrypt", "some.yaml"], dir);
    expect(some.stdout).toBe("user: admin\npassword: s3cr3t\n");
    expect(some.packages).toContain("re2js");
  });
});
