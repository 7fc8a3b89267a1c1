// Walking around the pre-commit check (issue: per-user scope against a
// teammate who can push, part 7): each way a teammate got something past
// `hush hook install`'s hook on the old code, through the real hook or
// `hush check --staged` in a real temp git repository, with the real CLI
// (build first). Every one exits 3 with `file:line: what. what to do`.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { HUSH_BIN, hush, hushOnPath } from "../helpers/cli.js";
import { git } from "../helpers/git.js";
import { ALICE, DAVE } from "../helpers/keys.js";
import { tempDir } from "../helpers/tmp.js";
import { hushRepo } from "../unit/check/repo.js";
import { sopsText } from "../unit/check/sops-text.js";

/** `git commit` as a user runs it, through the installed hook: its output and status. */
function commit(dir: string): { status: number | null; output: string } {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(SOPS_|HUSH_|GIT_)/.test(k)) env[k] = v;
  const r = spawnSync("git", ["commit", "-q", "-m", "change"], { cwd: dir, env: { ...env, PATH: `${hushOnPath()}:${process.env.PATH}`, GIT_CONFIG_NOSYSTEM: "1" }, encoding: "utf8" });
  return { status: r.status, output: r.stdout + r.stderr };
}

const staged = (dir: string) => hush(["check", "--staged"], { cwd: dir });
const head = (dir: string): string => git(dir, "rev-parse", "HEAD").trim();
/** The secret part of ALICE's key: never in any output. */
const SECRET = ALICE.identity.slice(16, 50);

/** A private key written by the real ssh-keygen (`args`: its type and format flags). */
function sshKey(args: string[]): string {
  const dir = tempDir("hush-sshkey-");
  execFileSync("ssh-keygen", ["-q", "-f", join(dir, "k"), "-C", "test", ...args]);
  return readFileSync(join(dir, "k"), "utf8");
}

describe("the pre-commit check cannot be walked around", () => {
  let dir: string;
  let base: string;
  beforeEach(() => {
    dir = hushRepo();
    // A link committed before: later replaced by a file (a type change).
    symlinkSync("README.md", join(dir, "notes"));
    writeFileSync(join(dir, "README.md"), "docs\n");
    expect(hush(["hook", "install"], { cwd: dir }).status).toBe(0);
    git(dir, "add", "-A");
    expect(commit(dir)).toMatchObject({ status: 0 });
    base = head(dir);
  });

  it("a symlink replaced by a file holding an age key (a type change, which --diff-filter=ACMR skipped)", () => {
    unlinkSync(join(dir, "notes"));
    writeFileSync(join(dir, "notes"), `${ALICE.identity}\n`);
    git(dir, "add", "notes");
    expect(git(dir, "diff", "--cached", "--name-status")).toMatch(/^T\tnotes$/m);
    const r = commit(dir);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/^notes:1:1: contains an age secret key \(AGE-SECRET-KEY-1…\)\. unstage it/m);
    expect(r.output).not.toContain(SECRET);
    expect(head(dir)).toBe(base);
  });

  // Plaintext the old check never read (not .yaml/.yml/.json/.env/.ini), and sops files out of a scope's place,
  // encrypted to a stranger, whose recipients the old check never compared (no scope to compare with).
  it.each(["db.txt", "db.YAML", "db.yaml.bak", "db", "db.yml", "nested/db.yaml", "../top.yaml"])("a file under secrets/shared/ as %s: refused by name, with a hint", (name) => {
    const file = join("secrets/shared", name).split("\\").join("/");
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), /\.ya?ml$/.test(name) ? sopsText(["password"], { recipients: [DAVE.recipient] }) : "password: hunter2\n");
    git(dir, "add", "-A");
    const r = staged(dir);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`^${file.replaceAll(".", "\\.")}:1:1: not a secret file: .*; hush does not encrypt or judge it, so it would be committed as it is\\. move it out of the secrets directory, or store it as a secret with \`hush secret create`, "m"));
    expect(r.stderr).not.toContain("hunter2");
  });

  it("a creation rule in .sops.yaml lets a sops file of the team's own live under secrets/, never plaintext or another name", () => {
    writeFileSync(join(dir, ".sops.yaml"), `creation_rules:\n  - path_regex: secrets/k8s/.*\n    age: ${ALICE.recipient}\n    encrypted_regex: ^password$\n`);
    mkdirSync(join(dir, "secrets/k8s"));
    writeFileSync(join(dir, "secrets/k8s/app.yaml"), "user: admin\npassword: hunter2\n");
    writeFileSync(join(dir, "secrets/k8s/notes.txt"), "password: hunter2\n");
    git(dir, "add", "-A");
    const r = staged(dir);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^secrets\/k8s\/app\.yaml:\d+:1: not encrypted: no sops metadata/m);
    expect(r.stderr).toMatch(/^secrets\/k8s\/notes\.txt:1:1: not a secret file: only <name>\.yaml files are encrypted here/m);
    expect(r.stderr).not.toContain("hunter2");
  });

  it("lets the empty .gitkeep files `hush init` writes through, and refuses one with content", () => {
    writeFileSync(join(dir, "secrets/users/.gitkeep"), "");
    git(dir, "add", "-A");
    expect(staged(dir).status).toBe(0);
    writeFileSync(join(dir, "secrets/users/.gitkeep"), "password: hunter2\n");
    git(dir, "add", "-A");
    expect(staged(dir).stderr).toMatch(/^secrets\/users\/\.gitkeep:1:1: not a secret file: a \.gitkeep that is not empty/m);
  });

  it("an OpenSSH private key (hush accepts ~/.ssh/id_ed25519 as an identity)", () => {
    writeFileSync(join(dir, "id_ed25519"), sshKey(["-t", "ed25519", "-N", ""]));
    git(dir, "add", "-A");
    const r = commit(dir);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/^id_ed25519:1:1: contains a private key \(-----BEGIN OPENSSH PRIVATE KEY-----\)\. unstage it/m);
    expect(head(dir)).toBe(base);
  });

  it("PEM private keys: RSA, EC, PKCS#8, encrypted PKCS#8 and encrypted RSA", () => {
    const keys = {
      "rsa.pem": sshKey(["-t", "rsa", "-b", "1024", "-m", "PEM", "-N", ""]),
      "ec.pem": sshKey(["-t", "ecdsa", "-m", "PEM", "-N", ""]),
      "pkcs8.pem": sshKey(["-t", "rsa", "-b", "1024", "-m", "PKCS8", "-N", ""]),
      "enc-pkcs8.pem": sshKey(["-t", "rsa", "-b", "1024", "-m", "PKCS8", "-N", "passphrase"]),
      "enc-rsa.pem": sshKey(["-t", "rsa", "-b", "1024", "-m", "PEM", "-N", "passphrase"]),
      // A service-account JSON: the key inside a string, newlines escaped.
      "sa.json": JSON.stringify({ type: "service_account", private_key: sshKey(["-t", "rsa", "-b", "1024", "-m", "PKCS8", "-N", ""]) }),
    };
    for (const [name, text] of Object.entries(keys)) writeFileSync(join(dir, name), text);
    git(dir, "add", "-A");
    const r = staged(dir);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("rsa.pem:1:1: contains a private key (-----BEGIN RSA PRIVATE KEY-----)");
    expect(r.stderr).toContain("ec.pem:1:1: contains a private key (-----BEGIN EC PRIVATE KEY-----)");
    expect(r.stderr).toContain("pkcs8.pem:1:1: contains a private key (-----BEGIN PRIVATE KEY-----)");
    expect(r.stderr).toContain("enc-pkcs8.pem:1:1: contains a private key (-----BEGIN ENCRYPTED PRIVATE KEY-----)");
    expect(r.stderr).toContain("enc-rsa.pem:1:1: contains a private key (-----BEGIN RSA PRIVATE KEY-----)");
    expect(r.stderr).toMatch(/^sa\.json:1:\d+: contains a private key \(-----BEGIN PRIVATE KEY-----\)/m);
    expect(r.stderr).toContain("check failed: 6 problems in 6 files; the commit was refused");
  });

  it("a README naming the key formats is not a key", () => {
    writeFileSync(join(dir, "README.md"), "Keys look like AGE-SECRET-KEY-1... or -----BEGIN OPENSSH PRIVATE KEY-----; never commit one.\n");
    git(dir, "add", "-A");
    expect(staged(dir)).toMatchObject({ status: 0, stderr: "" });
  });

  it("an age key in lower case", () => {
    writeFileSync(join(dir, "key.txt"), `# created: today\n${ALICE.identity.toLowerCase()}\n`);
    git(dir, "add", "-A");
    const r = commit(dir);
    expect(r.output).toMatch(/^key\.txt:2:1: contains an age secret key/m);
    expect(r.output).not.toContain(SECRET.toLowerCase());
    expect(head(dir)).toBe(base);
  });

  it("an age key in UTF-16, little and big endian, with and without a BOM", () => {
    const le = (text: string): Buffer => Buffer.from(text, "utf16le");
    const be = (text: string): Buffer => Buffer.from(text, "utf16le").swap16();
    writeFileSync(join(dir, "le-bom.txt"), le(`\ufeffline one\n${ALICE.identity}\n`));
    writeFileSync(join(dir, "le.txt"), le(`${ALICE.identity}\n`));
    writeFileSync(join(dir, "be-bom.txt"), be(`\ufeffline one\n${ALICE.identity}\n`));
    writeFileSync(join(dir, "be.txt"), be(`x\n${ALICE.identity}\n`));
    git(dir, "add", "-A");
    const r = staged(dir);
    expect(r.status).toBe(3);
    for (const line of ["le-bom.txt:2:1", "le.txt:1:1", "be-bom.txt:2:1", "be.txt:2:1"]) expect(r.stderr).toContain(`${line}: contains an age secret key (AGE-SECRET-KEY-1…) (UTF-16 text)`);
  });

  it("an age key inside a 17 MiB file: the first and last 8 MiB are searched, and a note says so", () => {
    const filler = "0123456789abcdef".repeat(4) + "\n"; // 65 bytes a line
    const lines = Math.ceil((17 << 20) / filler.length);
    writeFileSync(join(dir, "weights.txt"), filler.repeat(lines) + `${ALICE.identity}\n`);
    writeFileSync(join(dir, "big-head.txt"), `${ALICE.identity}\n` + filler.repeat(lines));
    git(dir, "add", "-A");
    const r = staged(dir);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`weights.txt:${lines + 1}:1: contains an age secret key`);
    expect(r.stderr).toContain("big-head.txt:1:1: contains an age secret key");
    expect(r.stderr).toMatch(/^hush: note: weights\.txt: larger than 16 MiB \(18 MiB\): only its first and last 8 MiB were searched for keys and tokens$/m);
  });

  it("a plaintext comment in a sops file (sops encrypts comments)", () => {
    expect(hush(["secret", "create", "db", "--password=s3cret", "--scope", "shared"], { cwd: dir }).status).toBe(0);
    const file = join(dir, "secrets/shared/db.yaml");
    writeFileSync(file, "# the old password was hunter2\n" + readFileSync(file, "utf8"));
    git(dir, "add", "-A");
    const r = commit(dir);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/^secrets\/shared\/db\.yaml:1:1: plaintext comment in a secret file \(sops encrypts comments\)\. a comment written by hand stays in clear: remove it/m);
    expect(r.output).not.toContain("hunter2");
    expect(head(dir)).toBe(base);
  });

  it("a plaintext continuation line or block scalar after an ENC[...] value", () => {
    expect(hush(["secret", "create", "db", "--user=admin", "--password=s3cret", "--scope", "shared"], { cwd: dir }).status).toBe(0);
    const file = join(dir, "secrets/shared/db.yaml");
    const text = readFileSync(file, "utf8");
    const line = text.split("\n").findIndex((l) => l.startsWith("password: ENC[")) + 1;
    // A plain scalar folded over two lines: the value is "ENC[...] hunter2"; sops decrypts the ENC[...] and keeps quiet.
    writeFileSync(file, text.replace(/^(password: ENC\[[^\]]*\])$/m, "$1\n    hunter2"));
    git(dir, "add", "-A");
    const r = commit(dir);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(new RegExp(`^secrets/shared/db\\.yaml:${line}:1: plaintext value for key "password" in a secret file`, "m"));
    // A block scalar: ENC[...] then clear text on the next line.
    writeFileSync(file, text.replace(/^password: (ENC\[[^\]]*\])$/m, "password: |\n    $1\n    hunter2"));
    git(dir, "add", "-A");
    expect(commit(dir).output).toMatch(new RegExp(`^secrets/shared/db\\.yaml:${line}:1: plaintext value for key "password" in a secret file`, "m"));
    expect(head(dir)).toBe(base);
  });

  it("tokens (secretlint's recommended rules), which a `secretlint-disable` comment does not switch off", () => {
    writeFileSync(join(dir, "deploy.env"), "# secretlint-disable\nGITHUB_TOKEN=ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8\n");
    writeFileSync(join(dir, "aws.ini"), "[default]\naws_secret_access_key = Q3EGRIO7CMZ2EXBPQ3EGRIO7CMZ2EXBPQ3EGRIO7\n");
    git(dir, "add", "-A");
    const r = commit(dir);
    expect(r.output).toMatch(/^deploy\.env:2:\d+: contains what looks like a credential \(GITHUB_TOKEN, secretlint rule github\)\. unstage it/m);
    expect(r.output).toMatch(/^aws\.ini:2:\d+: contains what looks like a credential \(AWSSecretAccessKey, secretlint rule aws\)/m);
    expect(r.output).not.toMatch(/a1B2c3D4e5F6|Q3EGRIO7CMZ2/);
    expect(head(dir)).toBe(base);
  });
});

describe("links are never followed", () => {
  /** The CLI with a hard timeout: a hang fails the test instead of stalling the run. */
  function checkWithin(dir: string, args: string[], seconds = 20): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [HUSH_BIN, "check", ...args], { cwd: dir, env: { PATH: process.env.PATH ?? "", HOME: tempDir("hush-home-"), HUSH_USER: "alice" }, encoding: "utf8", timeout: seconds * 1000, killSignal: "SIGKILL" });
    if (r.error) throw new Error(`hush check ${args.join(" ")} did not finish within ${seconds} s (${r.error.message})`);
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it("a committed symlink to /dev/zero: the working-tree check finishes and names the link", () => {
    const dir = hushRepo();
    symlinkSync("/dev/zero", join(dir, "zero"));
    symlinkSync("/dev/zero", join(dir, "stacks/zero.yaml"));
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "links");
    const r = checkWithin(dir, []);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^stacks\/zero\.yaml:1:1: a symbolic link; hush does not read stack files through links/m);
    expect(r.stderr).toMatch(/^hush: note: zero: a symbolic link to "\/dev\/zero", outside the repository: not followed/m);
    // And through --staged (stack files are read whether staged or not).
    writeFileSync(join(dir, "x.txt"), "x\n");
    git(dir, "add", "x.txt");
    expect(checkWithin(dir, ["--staged"]).stderr).toMatch(/^stacks\/zero\.yaml:1:1: a symbolic link; hush does not read stack files through links/m);
  });

  it("a secrets directory that is itself a link is refused, not listed through", () => {
    const dir = hushRepo();
    const elsewhere = tempDir("hush-elsewhere-");
    mkdirSync(join(elsewhere, "shared"));
    writeFileSync(join(elsewhere, "shared/x.yaml"), "password: hunter2\n");
    rmSync(join(dir, "secrets"), { recursive: true });
    symlinkSync(elsewhere, join(dir, "secrets"));
    git(dir, "add", "-A");
    for (const args of [[], ["--staged"]]) {
      const r = checkWithin(dir, args);
      expect(r.status).toBe(3);
      expect(r.stderr).toMatch(/^secrets:1:1: a symbolic link; hush refuses symlinks under the secrets directory/m);
      expect(r.stderr).not.toContain("hunter2");
    }
  });

  it("a link staged in place of a secret file (file -> link type change) is judged", () => {
    const dir = hushRepo();
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "init");
    renameSync(join(dir, "secrets/shared/mlflow.yaml"), join(dir, "mlflow.yaml"));
    symlinkSync("../../mlflow.yaml", join(dir, "secrets/shared/mlflow.yaml"));
    git(dir, "add", "-A");
    const r = checkWithin(dir, ["--staged"]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^secrets\/shared\/mlflow\.yaml:1:1: a symbolic link; hush refuses symlinks/m);
  });
});
