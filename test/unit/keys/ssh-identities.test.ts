// SSH identities found where sops 3.10+ finds them (sops age/keysource.go
// loadAgeSSHIdentities): SOPS_AGE_SSH_PRIVATE_KEY_FILE, SOPS_AGE_SSH_PRIVATE_KEY_CMD,
// ~/.ssh/id_ed25519 and ~/.ssh/id_rsa; with real keys from ssh-keygen.
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { loadIdentities } from "../../../src/keys/identities.js";
import { readSshPrivateKey } from "../../../src/age/ssh-private-key.js";
import { ALICE } from "../../helpers/keys.js";
import { hushFailure } from "../../helpers/errors.js";
import { ed25519Key, resaved, rsaKey, type SshKeyPair } from "../../helpers/ssh-keys.js";
import { tempDir } from "../../helpers/tmp.js";

/** A HOME whose ~/.ssh holds these files (name -> key pair or text). */
function home(files: Record<string, SshKeyPair | string> = {}): string {
  const dir = tempDir("hush-home-");
  mkdirSync(join(dir, ".ssh"), { mode: 0o700 });
  for (const [name, content] of Object.entries(files)) {
    const file = join(dir, ".ssh", name);
    if (typeof content === "string") writeFileSync(file, content, { mode: 0o600 });
    else {
      copyFileSync(content.file, file);
      chmodSync(file, 0o600);
    }
  }
  return dir;
}

const recipients = (set: { identities: readonly { recipient: string; source: string }[] }) => set.identities.map((i) => i.recipient);
/**
 * No secret of these keys may show in what hush says: the seed or private
 * exponent in any encoding, nor the file's last base64 lines (the private
 * section; the first ones hold the public key in clear, which may show).
 */
function expectNoKeyMaterial(text: string, ...pairs: SshKeyPair[]): void {
  for (const pair of pairs) {
    const reading = readSshPrivateKey(pair.privateKey);
    if (!("key" in reading)) throw new Error("expected a usable key");
    const secret = reading.key.type === "ssh-ed25519" ? reading.key.seed : Buffer.from(reading.key.jwk.d!, "base64url");
    for (const encoded of [secret.toString("base64"), secret.toString("base64url"), secret.toString("hex")]) expect(text).not.toContain(encoded.slice(0, 16));
    for (const line of pair.privateKey.trim().split("\n").slice(-3, -1)) expect(text).not.toContain(line);
  }
}

describe("SOPS_AGE_SSH_PRIVATE_KEY_FILE", () => {
  it("an ed25519 or rsa key is one identity named by its public key (no comment), from that source", async () => {
    for (const pair of [ed25519Key(), rsaKey()]) {
      const set = await loadIdentities({ HOME: home(), SOPS_AGE_SSH_PRIVATE_KEY_FILE: pair.file });
      expect(set.identities).toEqual([{ recipient: pair.recipient, source: `SOPS_AGE_SSH_PRIVATE_KEY_FILE (${pair.file})` }]);
      expect(set.warnings).toEqual([]);
      expectNoKeyMaterial(inspect(set, { depth: 9 }) + JSON.stringify(set), pair);
    }
  });

  it("beside age keys: age sources first, then SSH", async () => {
    const pair = ed25519Key();
    const set = await loadIdentities({ HOME: home(), SOPS_AGE_KEY: ALICE.identity, SOPS_AGE_SSH_PRIVATE_KEY_FILE: pair.file });
    expect(recipients(set)).toEqual([ALICE.recipient, pair.recipient]);
  });

  it("a passphrase-protected key: IDENTITY_INVALID naming the file, saying it is encrypted and what to do", async () => {
    const pair = resaved(ed25519Key(), { passphrase: "correct horse" });
    const error = await hushFailure(loadIdentities({ HOME: home(), SOPS_AGE_SSH_PRIVATE_KEY_FILE: pair.file }));
    expect(error.code).toBe("IDENTITY_INVALID");
    expect(error.file).toBe(pair.file);
    expect(error.message).toMatch(/ \(SOPS_AGE_SSH_PRIVATE_KEY_FILE\) is a passphrase-protected SSH key, which hush cannot unlock$/);
    expect(error.hint).toMatch(/ssh-keygen -p -N ''.*SOPS_AGE_SSH_PRIVATE_KEY_CMD.*hush keygen/);
    expect(error.message + error.hint).not.toContain("\n");
  });

  it("a file that is no usable key, a missing file: one-line errors naming it, quoting no key bytes", async () => {
    const dir = tempDir();
    const ecdsa = join(dir, "not-a-key");
    writeFileSync(ecdsa, "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIAAAAAAAAAAAAAAAAAAA\n-----END EC PRIVATE KEY-----\n", { mode: 0o600 });
    const bad = await hushFailure(loadIdentities({ HOME: home(), SOPS_AGE_SSH_PRIVATE_KEY_FILE: ecdsa }));
    expect(bad).toMatchObject({ code: "IDENTITY_INVALID", file: ecdsa });
    expect(bad.message).toMatch(/is not an SSH private key hush can use: ec private keys are not supported/);
    expect(bad.message).not.toContain("MHcCAQ");
    const missing = await hushFailure(loadIdentities({ HOME: home(), SOPS_AGE_SSH_PRIVATE_KEY_FILE: join(dir, "nope") }));
    expect(missing).toMatchObject({ code: "FILE_NOT_FOUND", message: `SSH key file ${join(dir, "nope")} does not exist`, hint: "check SOPS_AGE_SSH_PRIVATE_KEY_FILE" });
  });

  it("warns, as ssh does, when others may read the key", async () => {
    const dir = tempDir();
    const open = join(dir, "id");
    copyFileSync(ed25519Key().file, open);
    chmodSync(open, 0o644);
    expect((await loadIdentities({ HOME: home(), SOPS_AGE_SSH_PRIVATE_KEY_FILE: open })).warnings).toEqual([`key file ${open} is readable by others; run chmod 600 ${open}`]);
  });
});

describe("SOPS_AGE_SSH_PRIVATE_KEY_CMD", () => {
  it("the key the command prints is an identity; an encrypted one is refused naming the command", async () => {
    const pair = rsaKey();
    const set = await loadIdentities({ HOME: home(), SOPS_AGE_SSH_PRIVATE_KEY_CMD: `cat ${pair.file}` });
    expect(set.identities).toEqual([{ recipient: pair.recipient, source: `SOPS_AGE_SSH_PRIVATE_KEY_CMD (cat ${pair.file})` }]);
    const locked = resaved(ed25519Key(), { passphrase: "correct horse" });
    const error = await hushFailure(loadIdentities({ HOME: home(), SOPS_AGE_SSH_PRIVATE_KEY_CMD: `cat ${locked.file}` }));
    expect(error.code).toBe("IDENTITY_INVALID");
    expect(error.message).toBe(`the output of SOPS_AGE_SSH_PRIVATE_KEY_CMD (cat ${locked.file}) is a passphrase-protected SSH key, which hush cannot unlock`);
  });

  it("a failing command: KEY_COMMAND_FAILED naming that variable", async () => {
    const error = await hushFailure(loadIdentities({ HOME: home(), SOPS_AGE_SSH_PRIVATE_KEY_CMD: "false" }));
    expect(error).toMatchObject({ code: "KEY_COMMAND_FAILED", message: "SOPS_AGE_SSH_PRIVATE_KEY_CMD `false` exited with status 1", hint: "fix or unset SOPS_AGE_SSH_PRIVATE_KEY_CMD" });
  });
});

describe("the default keys ~/.ssh/id_ed25519 and ~/.ssh/id_rsa", () => {
  it("both are read when they exist (sops loadAgeSSHIdentities reads every one, not the first found), id_ed25519 first", async () => {
    const ed = ed25519Key();
    const rsa = rsaKey();
    const h = home({ id_ed25519: ed, id_rsa: rsa });
    const set = await loadIdentities({ HOME: h });
    expect(set.identities).toEqual([
      { recipient: ed.recipient, source: `default SSH key (${join(h, ".ssh", "id_ed25519")})` },
      { recipient: rsa.recipient, source: `default SSH key (${join(h, ".ssh", "id_rsa")})` },
    ]);
    expect(recipients(await loadIdentities({ HOME: home({ id_rsa: rsa }) }))).toEqual([rsa.recipient]);
  });

  it("an encrypted default key is no identity and no error: set aside with its public key (from the file or its .pub)", async () => {
    const ed = resaved(ed25519Key(), { passphrase: "correct horse" });
    const pem = resaved(rsaKey(), { format: "PEM", passphrase: "correct horse" });
    const h = home({ id_ed25519: ed, id_rsa: pem, "id_rsa.pub": `${rsaKey().publicKey}\n` });
    const set = await loadIdentities({ HOME: h, SOPS_AGE_KEY: ALICE.identity });
    expect(recipients(set)).toEqual([ALICE.recipient]);
    expect(set.warnings).toEqual([]);
    expect(set.locked).toEqual([
      { file: join(h, ".ssh", "id_ed25519"), source: `default SSH key (${join(h, ".ssh", "id_ed25519")})`, recipient: ed.recipient },
      { file: join(h, ".ssh", "id_rsa"), source: `default SSH key (${join(h, ".ssh", "id_rsa")})`, recipient: rsaKey().recipient },
    ]);
    // Without the .pub, a legacy PEM key hides its public key.
    expect((await loadIdentities({ HOME: home({ id_rsa: pem }) })).locked).toEqual([{ file: expect.any(String), source: expect.any(String) }]);
  });

  it("the same key unencrypted in SOPS_AGE_SSH_PRIVATE_KEY_FILE: nothing set aside", async () => {
    const plain = ed25519Key();
    const set = await loadIdentities({ HOME: home({ id_ed25519: resaved(plain, { passphrase: "correct horse" }) }), SOPS_AGE_SSH_PRIVATE_KEY_FILE: plain.file });
    expect(recipients(set)).toEqual([plain.recipient]);
    expect(set.locked).toBeUndefined();
  });

  it("a default file hush cannot use is skipped with a warning (sops reports it only when decryption fails)", async () => {
    const h = home({ id_rsa: "not a key\n" });
    const set = await loadIdentities({ HOME: h });
    expect(set).toEqual({ identities: [], warnings: [`skipped ${join(h, ".ssh", "id_rsa")}: not a PEM private key (no matching BEGIN and END lines)`] });
  });

  it("no ~/.ssh, or keys under other names (only id_ed25519 and id_rsa are looked for): nothing", async () => {
    expect(await loadIdentities({ HOME: tempDir("hush-home-") })).toEqual({ identities: [], warnings: [] });
    expect(await loadIdentities({ HOME: home({ id_ecdsa: ed25519Key(), "id_ed25519.pub": ed25519Key().publicKey }) })).toEqual({ identities: [], warnings: [] });
  });
});

describe("an SSH key where an age key file is expected", () => {
  it("SOPS_AGE_KEY_FILE or SOPS_AGE_KEY holding an SSH private key: IDENTITY_INVALID pointing at SOPS_AGE_SSH_PRIVATE_KEY_FILE, no key bytes", async () => {
    const pair = ed25519Key();
    const fromFile = await hushFailure(loadIdentities({ HOME: home(), SOPS_AGE_KEY_FILE: pair.file }));
    expect(fromFile).toMatchObject({ code: "IDENTITY_INVALID", file: pair.file, line: 1, hint: "name SSH keys with SOPS_AGE_SSH_PRIVATE_KEY_FILE" });
    const fromEnv = await hushFailure(loadIdentities({ HOME: home(), SOPS_AGE_KEY: pair.privateKey }));
    expect(fromEnv.message).toBe("SOPS_AGE_KEY, line 1: SOPS_AGE_KEY holds a PEM private key (an SSH key?), not age identities");
    expectNoKeyMaterial(fromFile.message + fromEnv.message, pair);
  });
});
