/**
 * Opening an age v1 file encrypted to an X25519 recipient with node:crypto
 * only (primitives.ts, stream.ts): the launch path never loads
 * age-encryption (DESIGN "Startup matters"). The writing side is x25519-wrap.ts.
 * Follows https://github.com/C2SP/C2SP/blob/main/age.md; tested against
 * age-encryption and the real `age` binary (test/unit/age, test/interop).
 */
import { diffieHellman, timingSafeEqual } from "node:crypto";
import { decodeArmor, decodeRawBase64, malformed, parseAgeFile, type AgeFile, type Stanza } from "./age-file.js";
import { headerMac, open, x25519WrapKey } from "./primitives.js";
import { decryptPayload } from "./stream.js";
import { x25519PublicKey, type X25519Key } from "./x25519-key.js";

/** The file key from one X25519 stanza, or undefined when it is not for `key`. @throws HushError METADATA_INVALID for a malformed stanza */
function unwrapStanza(stanza: Stanza, key: X25519Key): Buffer | undefined {
  if (stanza.args.length !== 1) throw malformed("an X25519 stanza needs exactly one argument");
  const share = decodeRawBase64(stanza.args[0]!);
  if (share.length !== 32) throw malformed("an X25519 stanza has a share of the wrong length");
  if (stanza.body.length !== 32) throw malformed("an X25519 stanza has a body of the wrong length");
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey: key.privateKey, publicKey: x25519PublicKey(share) });
  } catch {
    throw malformed("an X25519 stanza has a low-order share"); // OpenSSL refuses an all-zero result
  }
  if (shared.every((b) => b === 0)) throw malformed("an X25519 stanza has a low-order share");
  return open(x25519WrapKey(shared, share, key.publicKey), Buffer.alloc(12), stanza.body);
}

/** Counts X25519 stanza attempts (one per stanza and key tried): tests prove recipient-first ordering with it. */
export const x25519Attempts = { count: 0 };

/**
 * The file key of `file` when one of its X25519 stanzas opens with one of `keys`,
 * else undefined. The header MAC is verified before the key is returned.
 * @throws HushError METADATA_INVALID for a malformed X25519 stanza or a header MAC that does not match
 */
export function unwrapFileKey(file: AgeFile, keys: readonly X25519Key[]): Buffer | undefined {
  for (const stanza of file.stanzas) {
    if (stanza.type !== "X25519") continue;
    for (const key of keys) {
      x25519Attempts.count++;
      const fileKey = unwrapStanza(stanza, key);
      if (fileKey) return checkFileKey(file, fileKey);
    }
  }
  return undefined;
}

/**
 * An unwrapped file key, once its length and the header MAC are checked (also used by ssh-unwrap.ts).
 * @throws HushError METADATA_INVALID (not 16 bytes, the MAC does not match)
 */
export function checkFileKey(file: AgeFile, fileKey: Buffer): Buffer {
  if (fileKey.length !== 16) throw malformed("the age file key has the wrong length");
  if (!timingSafeEqual(headerMac(fileKey, file.headerForMac), file.mac)) throw malformed("the age header MAC does not match (tampered or corrupted)");
  return fileKey;
}

/**
 * Decrypts an armored age file with X25519 keys; undefined when no X25519
 * stanza is for one of them (another identity type may still open it).
 * @throws HushError METADATA_INVALID for a malformed or tampered file
 */
export function decryptX25519(armored: string, keys: readonly X25519Key[]): Buffer | undefined {
  const file: AgeFile = parseAgeFile(decodeArmor(armored));
  const fileKey = unwrapFileKey(file, keys);
  return fileKey && decryptPayload(file.payload, fileKey);
}
