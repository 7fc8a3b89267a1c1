// SSH keys as age recipients and identities through the built CLI
// (`node bin/hush.js`), with keys from the real ssh-keygen: the sops commands
// (--age, .sops.yaml, rotate --add-age), a hush repository whose users have
// SSH recipients, the one-line errors, and the start-up rule that no SSH code
// loads unless a file or a key needs it.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { HUSH_BIN, hush } from "../helpers/cli.js";
import { git, gitRepo } from "../helpers/git.js";
import { ALICE } from "../helpers/keys.js";
import { ed25519Key, resaved, rsaKey, sshKey, type SshKeyPair } from "../helpers/ssh-keys.js";
import { tempDir } from "../helpers/tmp.js";

const ROOT = join(import.meta.dirname, "../..");

beforeAll(() => {
  if (!existsSync(join(ROOT, "dist/cli/main.js"))) execFileSync("npx", ["tsc", "-p", "."], { cwd: ROOT, stdio: "ignore" });
});

/** A HOME whose ~/.ssh holds copies of these keys (0600), by file name. */
function homeWith(keys: Record<string, SshKeyPair> = {}): string {
  const home = tempDir("hush-home-");
  mkdirSync(join(home, ".ssh"), { mode: 0o700 });
  for (const [name, pair] of Object.entries(keys)) {
    copyFileSync(pair.file, join(home, ".ssh", name));
    chmodSync(join(home, ".ssh", name), 0o600);
  }
  return home;
}

/** No line of a private key's secret half (its last base64 lines) in what hush printed. */
function expectNoPrivateKey(text: string, pair: SshKeyPair): void {
  for (const line of pair.privateKey.trim().split("\n").slice(-3, -1)) expect(text).not.toContain(line);
}

const PLAIN = "db:\n    user: admin\n    password: s3cret-Pa55\n";

describe("hush encrypt / decrypt with SSH keys (the sops commands)", () => {
  it("encrypt --age with an ed25519 and an rsa key; decrypt with SOPS_AGE_SSH_PRIVATE_KEY_FILE, with ~/.ssh/id_*, and by the real age", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "f.yaml"), PLAIN);
    const enc = hush(["encrypt", "--age", `${ed25519Key().publicKey},${rsaKey().publicKey}`, "f.yaml"], { cwd: dir });
    expect(enc.stderr).toBe("");
    expect(enc.status).toBe(0);
    expect(enc.stdout).toContain(`recipient: ${ed25519Key().publicKey}\n`);
    expect(enc.stdout).toContain(`recipient: ${rsaKey().publicKey}\n`);
    expect(enc.stdout).not.toContain("s3cret-Pa55");
    writeFileSync(join(dir, "f.enc.yaml"), enc.stdout);

    for (const pair of [ed25519Key(), rsaKey()]) {
      const r = hush(["decrypt", "f.enc.yaml"], { cwd: dir, env: { SOPS_AGE_SSH_PRIVATE_KEY_FILE: pair.file } });
      expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: PLAIN, stderr: "" });
    }
    for (const name of ["id_ed25519", "id_rsa"]) {
      const r = hush(["decrypt", "f.enc.yaml"], { cwd: dir, home: homeWith({ [name]: name === "id_rsa" ? rsaKey() : ed25519Key() }) });
      expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }, name).toEqual({ status: 0, stdout: PLAIN, stderr: "" });
    }
    // Each entry is an age file the real age opens with that SSH key.
    const entries = [...enc.stdout.matchAll(/(-----BEGIN AGE ENCRYPTED FILE-----[\s\S]*?-----END AGE ENCRYPTED FILE-----)/g)].map((m) => m[1]!.replace(/^ +/gm, ""));
    expect(entries).toHaveLength(2);
    expect(execFileSync("age", ["-d", "-i", ed25519Key().file], { input: entries[0] }).length).toBe(32);
    expect(execFileSync("age", ["-d", "-i", rsaKey().file], { input: entries[1] }).length).toBe(32);
  });

  it("no key: NO_IDENTITY with sops's status 128; another SSH key: 128 too, naming the file's recipients", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "f.yaml"), PLAIN);
    writeFileSync(join(dir, "f.enc.yaml"), hush(["encrypt", "--age", ed25519Key().publicKey, "f.yaml"], { cwd: dir }).stdout);
    const none = hush(["decrypt", "f.enc.yaml"], { cwd: dir });
    expect(none.status).toBe(128);
    expect(none.stderr).toBe("hush: f.enc.yaml: no age identity found. set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY, or run `hush keygen`\n");
    const other = hush(["decrypt", "f.enc.yaml"], { cwd: dir, env: { SOPS_AGE_SSH_PRIVATE_KEY_FILE: sshKey({ type: "ed25519", comment: "other" }).file } });
    expect(other.status).toBe(128);
    expect(other.stderr).toContain(`the file's recipients are: ${ed25519Key().publicKey}`);
  });

  it("a .sops.yaml creation rule listing an SSH key; rotate --add-age adds an rsa key", () => {
    const dir = tempDir();
    writeFileSync(join(dir, ".sops.yaml"), `creation_rules:\n  - path_regex: \\.yaml$\n    age:\n      - "${ed25519Key().publicKey}"\n      - ${ALICE.recipient}\n`);
    writeFileSync(join(dir, "f.yaml"), PLAIN);
    const enc = hush(["encrypt", "f.yaml"], { cwd: dir });
    expect(enc.status, enc.stderr).toBe(0);
    writeFileSync(join(dir, "f.enc.yaml"), enc.stdout);
    const sshEnv = { SOPS_AGE_SSH_PRIVATE_KEY_FILE: ed25519Key().file };
    expect(hush(["decrypt", "f.enc.yaml"], { cwd: dir, env: sshEnv }).stdout).toBe(PLAIN);

    const rotated = hush(["rotate", "--add-age", rsaKey().publicKey, "-i", "f.enc.yaml"], { cwd: dir, env: sshEnv });
    expect(rotated.status, rotated.stderr).toBe(0);
    const r = hush(["decrypt", "f.enc.yaml"], { cwd: dir, env: { SOPS_AGE_SSH_PRIVATE_KEY_FILE: rsaKey().file } });
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 0, stdout: PLAIN });
  });

  it("a malformed SSH recipient in --age: RECIPIENT_INVALID naming it, one line", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "f.yaml"), PLAIN);
    const [type, base64] = ed25519Key().recipient.split(" ") as [string, string];
    const bad = `${type} ${base64.slice(0, -8)}`;
    const r = hush(["encrypt", "--age", bad, "f.yaml"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`hush: not a usable SSH recipient: ${bad} (the ssh-ed25519 key is malformed). use the one line of an id_ed25519.pub or id_rsa.pub file (2048 bits or more)\n`);
  });
});

describe("passphrase-protected SSH keys: one-line errors", () => {
  const setup = () => {
    const dir = tempDir();
    writeFileSync(join(dir, "f.yaml"), PLAIN);
    writeFileSync(join(dir, "f.enc.yaml"), hush(["encrypt", "--age", ed25519Key().publicKey, "f.yaml"], { cwd: dir }).stdout);
    return dir;
  };

  it("named in SOPS_AGE_SSH_PRIVATE_KEY_FILE: the file, that it is encrypted, what to do; no key bytes", () => {
    const dir = setup();
    const locked = resaved(ed25519Key(), { passphrase: "correct horse" });
    const r = hush(["decrypt", "f.enc.yaml"], { cwd: dir, env: { SOPS_AGE_SSH_PRIVATE_KEY_FILE: locked.file } });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    const name = locked.file.split("/").at(-1)!;
    expect(r.stderr).toBe(
      `hush: ${locked.file}: ${name} (SOPS_AGE_SSH_PRIVATE_KEY_FILE) is a passphrase-protected SSH key, which hush cannot unlock. ` +
        "give hush an unencrypted copy (cp KEY k && ssh-keygen -p -N '' -f k && chmod 600 k) in SOPS_AGE_SSH_PRIVATE_KEY_FILE, print one from SOPS_AGE_SSH_PRIVATE_KEY_CMD, or use an age key (`hush keygen`)\n",
    );
    expectNoPrivateKey(r.stderr, locked);
  });

  it("the default ~/.ssh/id_ed25519, when the file is for it: named, status 128; when it is not, silent", () => {
    const dir = setup();
    const home = homeWith({ id_ed25519: resaved(ed25519Key(), { passphrase: "correct horse" }) });
    const r = hush(["decrypt", "f.enc.yaml"], { cwd: dir, home });
    expect(r.status).toBe(128);
    expect(r.stderr).toMatch(new RegExp(`^hush: f.enc.yaml: the file is encrypted to ssh-ed25519 \\S+, whose key ${join(home, ".ssh", "id_ed25519")} is passphrase-protected; hush cannot unlock SSH keys\\. give hush an unencrypted copy .*\\n$`));
    // A file for someone else, with an age key that opens it: the encrypted SSH key is not mentioned.
    writeFileSync(join(dir, "g.enc.yaml"), hush(["encrypt", "--age", ALICE.recipient, "f.yaml"], { cwd: dir }).stdout);
    const ok = hush(["decrypt", "g.enc.yaml"], { cwd: dir, home, env: { SOPS_AGE_KEY: ALICE.identity } });
    expect({ status: ok.status, stdout: ok.stdout, stderr: ok.stderr }).toEqual({ status: 0, stdout: PLAIN, stderr: "" });
  });
});

describe("a hush repository whose users have SSH recipients", () => {
  function repo(recipient: string): string {
    const root = gitRepo({ ".hush.yaml": `version: 1\ndefault_scope: user\nusers:\n  alice:\n    recipients:\n      - "${recipient}"\nshared:\n  readers: ["*"]\n`, "secrets/shared/.gitkeep": "" });
    git(root, "add", "-A");
    git(root, "commit", "-qm", "start");
    return root;
  }

  it("secret create / get with the user's SSH key; whoami finds the user by it; .sops.yaml lists the key", () => {
    const root = repo(ed25519Key().publicKey);
    const env = { SOPS_AGE_SSH_PRIVATE_KEY_FILE: ed25519Key().file };
    const created = hush(["secret", "create", "db", "--user=admin", "--password=s3cret-Pa55"], { cwd: root, env });
    expect(created.status, created.stderr).toBe(0);
    const got = hush(["secret", "get", "db", "--reveal", "--json"], { cwd: root, env });
    expect(got.stderr).toBe("");
    expect((JSON.parse(got.stdout) as { values: Record<string, string> }).values).toEqual({ user: "admin", password: "s3cret-Pa55" });
    expect(hush(["whoami"], { cwd: root, env }).stdout).toMatch(/^alice \(identity from SOPS_AGE_SSH_PRIVATE_KEY_FILE .* matches recipient ssh-ed25519 /);
    expect(readFileSync(join(root, "secrets/users/alice/db.yaml"), "utf8")).toContain(`recipient: ${ed25519Key().publicKey}\n`);
  });

  it("user add with an rsa key: the new user reads the shared secrets with it", () => {
    const root = repo(ed25519Key().publicKey);
    const alice = { SOPS_AGE_SSH_PRIVATE_KEY_FILE: ed25519Key().file };
    expect(hush(["secret", "create", "api", "--token=tok-123", "--scope", "shared"], { cwd: root, env: alice }).status).toBe(0);
    const added = hush(["user", "add", "bob", rsaKey().publicKey], { cwd: root, env: alice });
    expect(added.status, added.stderr).toBe(0);
    const bob = { SOPS_AGE_SSH_PRIVATE_KEY_FILE: rsaKey().file };
    const got = hush(["secret", "get", "api", "--reveal", "--json"], { cwd: root, env: bob });
    expect(got.status, got.stderr).toBe(0);
    expect((JSON.parse(got.stdout) as { values: Record<string, string> }).values).toEqual({ token: "tok-123" });
    expect(readFileSync(join(root, ".sops.yaml"), "utf8")).toContain(`- ${JSON.stringify(rsaKey().publicKey)}\n`);
  });

  it("check, access, log and the keys-only diff read SSH recipients from the files (the line scanners)", () => {
    // bob's recipient in .hush.yaml carries a different comment than the key file's: the same key.
    const root = repo(ed25519Key().publicKey);
    const alice = { SOPS_AGE_SSH_PRIVATE_KEY_FILE: ed25519Key().file };
    expect(hush(["secret", "create", "api", "--token=tok-123", "--scope", "shared"], { cwd: root, env: alice }).status).toBe(0);
    expect(hush(["user", "add", "bob", rsaKey().publicKey], { cwd: root, env: alice }).status).toBe(0);
    git(root, "add", "-A");
    git(root, "commit", "-qm", "api and bob");
    const [type, base64] = rsaKey().recipient.split(" ") as [string, string];
    const relabelled = `${type} ${base64} bob@workstation`;
    writeFileSync(join(root, ".hush.yaml"), readFileSync(join(root, ".hush.yaml"), "utf8").replaceAll(rsaKey().publicKey, relabelled));
    writeFileSync(join(root, ".sops.yaml"), readFileSync(join(root, ".sops.yaml"), "utf8").replaceAll(JSON.stringify(rsaKey().publicKey), JSON.stringify(relabelled)));

    const check = hush(["check"], { cwd: root });
    expect(check.stderr, check.stdout).toBe("");
    expect(check.status).toBe(0);
    const access = JSON.parse(hush(["access", "--json"], { cwd: root }).stdout) as { secrets: Array<{ name: string; readers: string[]; missingUsers: string[]; staleRecipients: string[] }> };
    expect(access.secrets).toEqual([expect.objectContaining({ name: "api", readers: ["alice", "bob"], missingUsers: [], staleRecipients: [] })]);
    const log = hush(["log", "api"], { cwd: root });
    expect(log.status, log.stderr).toBe(0);
    expect(log.stdout).toMatch(/access granted: alice \(ssh-ed25519 /);
    expect(log.stdout).toMatch(/bob \(ssh-rsa \S{12}…\S{6}( |\))/); // shortened in the human view
    expect(log.stdout).not.toContain(base64);
    // Relabelling a key is no change of who reads what: sync rotates and re-wraps nothing.
    const before = readFileSync(join(root, "secrets/shared/api.yaml"), "utf8");
    const sync = hush(["user", "sync", "--json"], { cwd: root, env: alice });
    expect(sync.status, sync.stderr).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ rotated: [], rewrapped: [] });
    expect(readFileSync(join(root, "secrets/shared/api.yaml"), "utf8")).toBe(before);
    const view = hush(["git", "textconv", "secrets/shared/api.yaml"], { cwd: root });
    expect(view.stdout).toMatch(/^#   ssh-ed25519 .* \(alice\)$/m);
    expect(view.stdout).toMatch(/^#   ssh-rsa .* \(bob\)$/m);
  });

  it("a malformed SSH recipient in .hush.yaml: a placed CONFIG_INVALID problem", () => {
    const [type, base64] = ed25519Key().recipient.split(" ") as [string, string];
    const bad = `${type} ${base64.slice(0, 30)}`;
    const root = repo(bad);
    const r = hush(["secret", "list"], { cwd: root });
    expect(r.status).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe(`.hush.yaml:6:9: "users.alice.recipients.0": "${bad}" is not a valid age recipient. use the output of \`age-keygen -y\` or \`hush keygen\` (a typo fails the checksum), or the one line of an id_ed25519.pub or id_rsa.pub`);
    expect(r.stderr).toContain("hush: .hush.yaml is not valid (1 problem)");
  });
});

describe("start-up: no SSH code unless a file or a key needs it", () => {
  /** The src/age and src/keys modules a run of the unbundled CLI (HUSH_DEBUG=1) loads. */
  function loaded(args: string[], cwd: string, env: Record<string, string>): { modules: string[]; status: number | null; stdout: string } {
    const clean: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(SOPS_|HUSH_|XDG_|GIT_)/.test(k)) clean[k] = v;
    const r = spawnSync(process.execPath, ["--import", join(ROOT, "test/fixtures/log-age-modules.mjs"), HUSH_BIN, ...args], {
      cwd,
      env: { ...clean, HOME: homeWith(), HUSH_DEBUG: "1", ...env },
      encoding: "utf8",
      timeout: 50_000,
    });
    const modules = [...r.stderr.matchAll(/^hush-test-loaded: (\S+)$/gm)].map((m) => m[1]!);
    return { modules: [...new Set(modules)], status: r.status, stdout: r.stdout };
  }
  // The recipient parser (ssh-public-key, ssh-wire: no top-level work) is imported by config/recipients.ts,
  // which checks .hush.yaml synchronously on every start; everything else SSH is imported lazily.
  const PARSER = ["ssh-public-key", "ssh-wire"];
  const ssh = (modules: string[]) => modules.filter((m) => (m.startsWith("ssh-") || m.startsWith("ed25519")) && !PARSER.includes(m));

  it("hush decrypt of an X25519 file with an age key loads none; of an SSH file with an SSH key, the unwrap only", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "f.yaml"), PLAIN);
    writeFileSync(join(dir, "x.enc.yaml"), hush(["encrypt", "--age", ALICE.recipient, "f.yaml"], { cwd: dir }).stdout);
    writeFileSync(join(dir, "s.enc.yaml"), hush(["encrypt", "--age", ed25519Key().publicKey, "f.yaml"], { cwd: dir }).stdout);
    const x = loaded(["decrypt", "x.enc.yaml"], dir, { SOPS_AGE_KEY: ALICE.identity });
    expect(x.stdout).toBe(PLAIN);
    expect(x.modules).toContain("x25519-unwrap");
    expect(ssh(x.modules)).toEqual([]);
    const s = loaded(["decrypt", "s.enc.yaml"], dir, { SOPS_AGE_SSH_PRIVATE_KEY_FILE: ed25519Key().file });
    expect(s.stdout).toBe(PLAIN);
    expect(ssh(s.modules).sort()).toEqual(["ssh-identities", "ssh-kdf", "ssh-private-key", "ssh-unwrap"]);
  });

  it("hush run in a repository of age keys: no SSH wrap, unwrap, identity or curve code", () => {
    const root = gitRepo({ ".hush.yaml": `version: 1\ndefault_scope: user\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n` });
    expect(hush(["secret", "create", "db", "--password=pw"], { cwd: root, env: { SOPS_AGE_KEY: ALICE.identity } }).status).toBe(0);
    const r = loaded(["run", "--with-secrets", "db", "--", process.execPath, "-e", "process.stdout.write(process.env.DB_PASSWORD)"], root, { SOPS_AGE_KEY: ALICE.identity });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("pw");
    expect(ssh(r.modules)).toEqual([]);
  });
});
