/**
 * SSH private keys as identities, found where sops 3.10+ finds them
 * (sops age/keysource.go loadAgeSSHIdentities; spec §6.3):
 * SOPS_AGE_SSH_PRIVATE_KEY_FILE, SOPS_AGE_SSH_PRIVATE_KEY_CMD, then
 * `~/.ssh/id_ed25519` and `~/.ssh/id_rsa` when they exist (all of them, not
 * the first found). Loaded by identities.ts only when one of these is there.
 *
 * sops asks for the passphrase of an encrypted key when a file needs it;
 * hush cannot (OpenSSH's bcrypt KDF is not in node:crypto). A named key
 * that is encrypted is an error at once; an encrypted default key is kept
 * aside (`locked`) and named only when a file is for it and nothing else opens it.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { HushError } from "../errors.js";
import { decodeArmor, parseAgeFile } from "../age/age-file.js";
import type { AgeIdentity, IdentitySet, LockedSshKey } from "./identity-set.js";
import { publicIdentity, type ParsedIdentity } from "./identity.js";
import { defaultSshKeyFiles, readKeyFile } from "./key-file.js";
import { recipientKey } from "../age/recipient-key.js";
import { readSshPrivateKey, type SshKeyReading, type SshPrivateKey } from "../age/ssh-private-key.js";
import { SshIdentity } from "../age/ssh-unwrap.js";
import { parseSshRecipient, sshRecipientText } from "../age/ssh-public-key.js";

/** What to do about a passphrase-protected SSH key: one hint for every message. */
export const ENCRYPTED_SSH_KEY_HINT =
  "give hush an unencrypted copy (cp KEY k && ssh-keygen -p -N '' -f k && chmod 600 k) in SOPS_AGE_SSH_PRIVATE_KEY_FILE, print one from SOPS_AGE_SSH_PRIVATE_KEY_CMD, or use an age key (`hush keygen`)";

const SSH_KEY_FILE = { name: "SSH key file", hint: "check SOPS_AGE_SSH_PRIVATE_KEY_FILE" };

/** The SSH identities of every SSH source of `env`, with encrypted default keys set aside. @throws HushError IDENTITY_INVALID (a named key that is malformed, unsupported or encrypted), FILE_NOT_FOUND, FILE_READ_FAILED, KEY_COMMAND_FAILED */
export async function loadSshIdentities(env: NodeJS.ProcessEnv): Promise<IdentitySet> {
  const set = { identities: [] as AgeIdentity[], warnings: [] as string[], locked: [] as LockedSshKey[] };
  const named = env.SOPS_AGE_SSH_PRIVATE_KEY_FILE;
  if (named) {
    const { text, warning } = await readKeyFile(named, SSH_KEY_FILE);
    if (warning) set.warnings.push(warning);
    const source = `SOPS_AGE_SSH_PRIVATE_KEY_FILE (${named})`;
    set.identities.push(usable(readSshPrivateKey(text), text, source, `${basename(named)} (SOPS_AGE_SSH_PRIVATE_KEY_FILE)`, { file: named }));
  }
  const command = env.SOPS_AGE_SSH_PRIVATE_KEY_CMD;
  if (command) {
    const { keyCommandOutput } = await import("./key-command.js");
    const source = `SOPS_AGE_SSH_PRIVATE_KEY_CMD (${command})`;
    const output = await keyCommandOutput(command, env, "SOPS_AGE_SSH_PRIVATE_KEY_CMD");
    set.identities.push(usable(readSshPrivateKey(output), output, source, `the output of ${source}`, {}));
  }
  for (const file of defaultSshKeyFiles(env)) {
    if (!existsSync(file)) continue;
    const source = `default SSH key (${file})`;
    let reading: SshKeyReading;
    let text: string;
    try {
      const read = await readKeyFile(file, SSH_KEY_FILE);
      if (read.warning) set.warnings.push(read.warning);
      text = read.text;
      reading = readSshPrivateKey(text);
    } catch (error) {
      // sops reports a default key it cannot read only when decryption fails; hush says so and goes on.
      set.warnings.push(`skipped ${file}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if ("key" in reading) set.identities.push(publicIdentity(sshIdentity(reading.key), source, text));
    else if ("encrypted" in reading) set.locked.push(lockedKey(file, source, reading.publicKey && sshRecipientText(reading.publicKey)));
    else set.warnings.push(`skipped ${file}: ${reading.problem}`);
  }
  return set;
}

/** The parsed identity of a usable SSH key. */
function sshIdentity(key: SshPrivateKey): ParsedIdentity {
  return { recipient: sshRecipientText(key.publicKey), identity: new SshIdentity(key) };
}

/** The identity of a named key, or the one-line reason it is none. */
function usable(reading: SshKeyReading, text: string, source: string, what: string, facts: { file?: string }): AgeIdentity {
  if ("key" in reading) return publicIdentity(sshIdentity(reading.key), source, text);
  if ("encrypted" in reading) throw new HushError("IDENTITY_INVALID", `${what} is a passphrase-protected SSH key, which hush cannot unlock`, { ...facts, hint: ENCRYPTED_SSH_KEY_HINT });
  throw new HushError("IDENTITY_INVALID", `${what} is not an SSH private key hush can use: ${reading.problem}`, {
    ...facts,
    hint: "SSH identities are unencrypted ed25519 or rsa private keys (-----BEGIN OPENSSH PRIVATE KEY-----)",
  });
}

/** An encrypted default key, with its public key from the file or, as sops reads it, from the `.pub` beside it. */
function lockedKey(file: string, source: string, recipient: string | undefined): LockedSshKey {
  if (recipient === undefined) {
    try {
      const line = readFileSync(`${file}.pub`, "utf8").split("\n")[0]!.trim();
      const key = parseSshRecipient(line);
      if (!("problem" in key)) recipient = sshRecipientText(key);
    } catch {
      // no .pub: the key stays unnamed by recipient
    }
  }
  return recipient === undefined ? { file, source } : { file, source, recipient };
}

/**
 * The error for a file that only an encrypted default SSH key could open:
 * the key that is one of the file's `recipients` (or whose tag is on a
 * stanza of one of its `armored` age files), named with what to do. Without
 * such a key: for NO_IDENTITY (no usable identity at all) an error naming
 * the skipped keys, else undefined.
 * @throws never (returns the error)
 */
export function lockedKeyError(recipients: readonly string[], armored: readonly string[], locked: readonly LockedSshKey[], code: "NO_IDENTITY", file?: string): HushError;
export function lockedKeyError(recipients: readonly string[], armored: readonly string[], locked: readonly LockedSshKey[], code: "NO_MATCHING_IDENTITY", file?: string): HushError | undefined;
export function lockedKeyError(recipients: readonly string[], armored: readonly string[], locked: readonly LockedSshKey[], code: "NO_IDENTITY" | "NO_MATCHING_IDENTITY", file?: string): HushError | undefined {
  for (const key of locked) {
    if (key.recipient === undefined || !isFor(recipients, armored, key.recipient)) continue;
    return new HushError(code, `the file is encrypted to ${key.recipient}, whose key ${key.file} is passphrase-protected; hush cannot unlock SSH keys`, { file, hint: ENCRYPTED_SSH_KEY_HINT });
  }
  if (code !== "NO_IDENTITY") return undefined;
  const files = locked.map((k) => k.file).join(", ");
  return new HushError("NO_IDENTITY", `no usable age identity found (passphrase-protected SSH keys skipped: ${files})`, { file, hint: ENCRYPTED_SSH_KEY_HINT });
}

/** Whether the key is one of the recipients, or an age file carries a stanza with its type and tag (as age's EncryptedSSHIdentity looks). */
function isFor(recipients: readonly string[], armored: readonly string[], recipient: string): boolean {
  const key = parseSshRecipient(recipient);
  if ("problem" in key) return false;
  if (recipients.some((r) => recipientKey(r) === recipient)) return true;
  return armored.some((text) => {
    try {
      return parseAgeFile(decodeArmor(text)).stanzas.some((s) => s.type === key.type && s.args[0] === key.tag);
    } catch {
      return false; // a malformed file is no evidence
    }
  });
}
