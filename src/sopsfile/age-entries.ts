/**
 * The sops data key and the age entries of a file's key group (spec §6.1):
 * wrapping it for one recipient, and opening it from the entries with the
 * loaded identities. The age file format and its keys are age/ (Identity,
 * Recipient); where identities come from is keys/; which entry to try first,
 * and which failure to report, is decided here.
 */
import { HushError, isHushError } from "../errors.js";
import { decryptAgeFile } from "../age/decrypter.js";
import { encryptAgeFile } from "../age/encrypter.js";
import type { Identity } from "../age/interfaces.js";
import { parseRecipient } from "../age/parse-recipient.js";
import { recipientKey } from "../age/recipient-key.js";
import type { IdentitySet } from "../keys/identities.js";
import { ageIdentities } from "../keys/identity.js";
import type { AgeEntry } from "../sops/metadata.js";

/**
 * Encrypts `dataKey` to one recipient (`age1...`, `age1pq1...`, `ssh-ed25519 ...`,
 * `ssh-rsa ...`); returns the armored age file with its final newline (spec §6.1).
 * @throws HushError RECIPIENT_INVALID (naming the recipient)
 */
export async function wrapDataKey(dataKey: Uint8Array, recipient: string): Promise<string> {
  return encryptAgeFile(dataKey, [await parseRecipient(recipient)]);
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
  const keys: readonly Identity[] = ageIdentities(identities);
  const locked = identities.locked ?? [];
  if (keys.length === 0) {
    if (locked.length) throw (await import("../keys/ssh-identities.js")).lockedKeyError(...lockedArgs(entries), locked, "NO_IDENTITY", file);
    throw new HushError("NO_IDENTITY", "no age identity found", { file, hint: "set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY, or run `hush keygen`" });
  }
  // SSH recipients by key, not comment: the identity from a key file has none.
  const loaded = new Set(identities.identities.map((i) => recipientKey(i.recipient)));
  const ours = (e: AgeEntry): boolean => loaded.has(recipientKey(e.recipient));
  const ordered = [...entries.filter(ours), ...entries.filter((e) => !ours(e))];
  let broken: { recipient: string; why: string } | undefined;
  for (const entry of ordered) {
    try {
      const key = await decryptAgeFile(entry.enc, keys);
      if (key) return Uint8Array.from(key); // a copy of its own: small Buffers share Node's pool
    } catch (error) {
      if (!isHushError(error, "METADATA_INVALID")) throw error;
      // A broken entry of someone else's is not ours to report; one of ours is (tampered, truncated).
      if (ours(entry)) broken ??= { recipient: entry.recipient, why: error.message };
    }
  }
  if (broken) throw new HushError("METADATA_INVALID", `the age entry for ${broken.recipient} cannot be opened: ${broken.why}`, { file });
  if (locked.length) {
    const error = (await import("../keys/ssh-identities.js")).lockedKeyError(...lockedArgs(entries), locked, "NO_MATCHING_IDENTITY", file);
    if (error) throw error;
  }
  const recipients = entries.map((e) => e.recipient).join(", ") || "none";
  throw new HushError("NO_MATCHING_IDENTITY", `none of the loaded age identities (${[...loaded].join(", ")}) opens the data key; the file's recipients are: ${recipients}`, {
    file,
    hint: "ask a reader of this file to add your recipient (`hush user add`), or load the right key",
  });
}

/** The entries as lockedKeyError reads them: their recipients and their age files. */
function lockedArgs(entries: readonly AgeEntry[]): [recipients: string[], armored: string[]] {
  return [entries.map((e) => e.recipient), entries.map((e) => e.enc)];
}
