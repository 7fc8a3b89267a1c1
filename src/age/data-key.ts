/**
 * Wrapping the sops data key for one recipient, and unwrapping it: natively
 * for X25519 (x25519-wrap.ts, x25519-unwrap.ts) and SSH keys (ssh-wrap.ts,
 * ssh-unwrap.ts, loaded only when a recipient or stanza is one), through
 * age-encryption only for the other recipient and identity kinds.
 */
import { HushError, isHushError } from "../errors.js";
import type { AgeEntry } from "../sops/metadata.js";
import type { IdentitySet } from "../keys/identities.js";
import { identitySecrets } from "../keys/identity.js";
import { decodeArmor, malformed, parseAgeFile } from "./age-file.js";
import { recipientKey } from "./recipient-key.js";
import type { SshPrivateKey } from "./ssh-private-key.js";
import { decryptPayload } from "./stream.js";
import { unwrapFileKey } from "./x25519-unwrap.js";
import type { X25519Key } from "./x25519-key.js";
import { encryptX25519, invalidRecipient, isX25519Recipient } from "./x25519-wrap.js";

/**
 * Encrypts `dataKey` to one recipient (`age1...`, `age1pq1...`, `ssh-ed25519 ...`,
 * `ssh-rsa ...`); returns the armored age file with its final newline (spec §6.1).
 * @throws HushError RECIPIENT_INVALID (naming the recipient)
 */
export async function wrapDataKey(dataKey: Uint8Array, recipient: string): Promise<string> {
  if (isX25519Recipient(recipient)) return encryptX25519(dataKey, recipient);
  if (recipient.startsWith("ssh-")) return (await import("./ssh-wrap.js")).encryptSsh(dataKey, recipient); // sops's test: prefix `ssh-`
  // Post-quantum hybrid and tag recipients; age-encryption refuses the rest (plugins, typos).
  const { Encrypter, armor } = await import("age-encryption");
  const encrypter = new Encrypter();
  try {
    encrypter.addRecipient(recipient);
  } catch (cause) {
    throw invalidRecipient(recipient, cause);
  }
  return armor.encode(await encrypter.encrypt(dataKey));
}

/**
 * Opens the data key: first the entries whose recipient matches a loaded
 * identity, then the others (sops tries every identity on every entry; this
 * needs one X25519 operation in the usual case).
 * @throws HushError NO_IDENTITY (the set is empty), NO_MATCHING_IDENTITY (message lists the file's recipients);
 *   either names an encrypted default SSH key (`identities.locked`) the file is for;
 *   METADATA_INVALID (the entry of a loaded recipient is malformed or tampered, and no other entry opens)
 */
export async function unwrapDataKey(entries: readonly AgeEntry[], identities: IdentitySet, file?: string): Promise<Uint8Array> {
  const { x25519, ssh, others } = identitySecrets(identities);
  const locked = identities.locked ?? [];
  if (x25519.length + ssh.length + others.length === 0) {
    if (locked.length) throw (await import("../keys/ssh-identities.js")).lockedKeyError(entries, locked, "NO_IDENTITY", file);
    throw new HushError("NO_IDENTITY", "no age identity found", { file, hint: "set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY, or run `hush keygen`" });
  }
  // SSH recipients by key, not comment: the identity from a key file has none.
  const loaded = new Set(identities.identities.map((i) => recipientKey(i.recipient)));
  const ours = (e: AgeEntry): boolean => loaded.has(recipientKey(e.recipient));
  const ordered = [...entries.filter(ours), ...entries.filter((e) => !ours(e))];
  let broken: { recipient: string; why: string } | undefined;
  for (const entry of ordered) {
    try {
      const key = await openEntry(entry.enc, x25519, ssh, others);
      if (key) return Uint8Array.from(key); // a copy of its own: small Buffers share Node's pool
    } catch (error) {
      if (!isHushError(error, "METADATA_INVALID")) throw error;
      // A broken entry of someone else's is not ours to report; one of ours is (tampered, truncated).
      if (ours(entry)) broken ??= { recipient: entry.recipient, why: error.message };
    }
  }
  if (broken) throw new HushError("METADATA_INVALID", `the age entry for ${broken.recipient} cannot be opened: ${broken.why}`, { file });
  if (locked.length) {
    const error = (await import("../keys/ssh-identities.js")).lockedKeyError(entries, locked, "NO_MATCHING_IDENTITY", file);
    if (error) throw error;
  }
  const recipients = entries.map((e) => e.recipient).join(", ") || "none";
  throw new HushError("NO_MATCHING_IDENTITY", `none of the loaded age identities (${[...loaded].join(", ")}) opens the data key; the file's recipients are: ${recipients}`, {
    file,
    hint: "ask a reader of this file to add your recipient (`hush user add`), or load the right key",
  });
}

/**
 * One entry's payload: its X25519 stanzas with the X25519 keys, its SSH
 * stanzas with the SSH keys (ssh-unwrap.ts loaded only then), else
 * age-encryption for the other identities; undefined when none opens it.
 * @throws HushError METADATA_INVALID (malformed armor or header, tampered stanza of ours, bad MAC or payload)
 */
async function openEntry(armored: string, x25519: readonly X25519Key[], ssh: readonly SshPrivateKey[], others: readonly string[]): Promise<Uint8Array | undefined> {
  const file = parseAgeFile(decodeArmor(armored));
  let fileKey = unwrapFileKey(file, x25519);
  if (!fileKey && ssh.length && file.stanzas.some((s) => s.type === "ssh-ed25519" || s.type === "ssh-rsa")) {
    fileKey = (await import("./ssh-unwrap.js")).unwrapSshFileKey(file, ssh);
  }
  if (fileKey) return decryptPayload(file.payload, fileKey);
  return others.length ? decryptOthers(armored, others) : undefined;
}

/** Identities only age-encryption knows (post-quantum hybrid), loaded lazily. Undefined when none matches. */
async function decryptOthers(armored: string, identities: readonly string[]): Promise<Uint8Array | undefined> {
  const { Decrypter, armor } = await import("age-encryption");
  const decrypter = new Decrypter();
  for (const identity of identities) decrypter.addIdentity(identity);
  let bytes: Uint8Array;
  try {
    bytes = armor.decode(armored);
  } catch {
    throw malformed("the age armor is malformed");
  }
  try {
    return await decrypter.decrypt(bytes);
  } catch (error) {
    if (error instanceof Error && /no identity matched/i.test(error.message)) return undefined;
    throw malformed("age-encryption refused the entry");
  }
}
