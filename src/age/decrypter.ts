/**
 * Reading an armored age v1 file with a list of identities, as typage's
 * Decrypter does: each identity in turn is given the header's stanzas, and
 * the first file key one returns must match the header MAC before it opens
 * the STREAM payload. An identity that finds no stanza of its own returns
 * null; one that finds its own stanza broken throws, and so does the file.
 * https://github.com/C2SP/C2SP/blob/main/age.md
 */
import { timingSafeEqual } from "node:crypto";
import { decodeArmor, malformed, parseAgeFile, type AgeFile } from "./age-file.js";
import type { Identity } from "./interfaces.js";
import { headerMac } from "./primitives.js";
import { decryptPayload } from "./stream.js";

/**
 * An unwrapped file key, once its length and the header MAC are checked.
 * @throws HushError METADATA_INVALID (not 16 bytes, the MAC does not match)
 */
export function checkFileKey(file: AgeFile, fileKey: Uint8Array): Uint8Array {
  if (fileKey.length !== 16) throw malformed("the age file key has the wrong length");
  if (!timingSafeEqual(headerMac(fileKey, file.headerForMac), file.mac)) throw malformed("the age header MAC does not match (tampered or corrupted)");
  return fileKey;
}

/**
 * The file key of `file` from the first of `identities` that has a stanza in
 * it, MAC-checked; null when none has.
 * @throws HushError METADATA_INVALID (an identity's own stanza is malformed or does not open, the header MAC does not match)
 */
export async function unwrapAgeFileKey(file: AgeFile, identities: readonly Identity[]): Promise<Uint8Array | null> {
  for (const identity of identities) {
    const fileKey = await identity.unwrapFileKey(file.stanzas);
    if (fileKey !== null) return checkFileKey(file, fileKey);
  }
  return null;
}

/**
 * The plaintext of an armored age file, or null when none of `identities` is one of its recipients.
 * @throws HushError METADATA_INVALID (malformed armor or header, a broken stanza of one of the identities, a bad MAC or payload)
 */
export async function decryptAgeFile(armored: string, identities: readonly Identity[]): Promise<Buffer | null> {
  const file = parseAgeFile(decodeArmor(armored));
  const fileKey = await unwrapAgeFileKey(file, identities);
  return fileKey && decryptPayload(file.payload, fileKey);
}
