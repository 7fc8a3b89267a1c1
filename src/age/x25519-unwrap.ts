/**
 * Opening an age v1 file encrypted to an X25519 recipient with node:crypto
 * only (X25519, HKDF-SHA-256, ChaCha20-Poly1305, HMAC-SHA-256): the launch
 * path never loads age-encryption (DESIGN "Startup matters").
 * Follows https://github.com/C2SP/C2SP/blob/main/age.md; tested against
 * age-encryption and the real `age` binary (test/unit/age, test/interop).
 */
import { createDecipheriv, createHmac, diffieHellman, timingSafeEqual } from "node:crypto";
import { decodeArmor, decodeRawBase64, malformed, parseAgeFile, type AgeFile, type Stanza } from "./age-file.js";
import { x25519PublicKey, type X25519Key } from "./x25519-key.js";

const X25519_INFO = "age-encryption.org/v1/X25519";
const CHUNK = 64 * 1024;
const TAG = 16;

/**
 * HKDF-SHA-256 (RFC 5869) for one 32-byte block: extract, then one expand
 * step. Two HMACs cost a fraction of hkdfSync, which builds a secret KeyObject
 * per call (three calls per file opened). Tested against age-encryption and the age binary.
 */
function hkdf(ikm: Uint8Array, salt: Uint8Array, info: string): Buffer {
  const prk = createHmac("sha256", salt).update(ikm).digest(); // an empty salt is HashLen zeros, as HMAC pads it
  return createHmac("sha256", prk).update(info).update(ONE).digest();
}
const ONE = new Uint8Array([1]);

/** ChaCha20-Poly1305 open; undefined when the tag does not verify. */
function open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Buffer | undefined {
  if (sealed.length < TAG) return undefined;
  const decipher = createDecipheriv("chacha20-poly1305", key, nonce, { authTagLength: TAG });
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
  const out = decipher.update(sealed.subarray(0, sealed.length - TAG));
  try {
    return Buffer.concat([out, decipher.final()]);
  } catch {
    return undefined;
  }
}

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
  const wrapKey = hkdf(shared, Buffer.concat([share, key.publicKey]), X25519_INFO);
  return open(wrapKey, Buffer.alloc(12), stanza.body);
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
      if (!fileKey) continue;
      if (fileKey.length !== 16) throw malformed("the age file key has the wrong length");
      const mac = createHmac("sha256", hkdf(fileKey, new Uint8Array(0), "header")).update(file.headerForMac).digest();
      if (!timingSafeEqual(mac, file.mac)) throw malformed("the age header MAC does not match (tampered or corrupted)");
      return fileKey;
    }
  }
  return undefined;
}

/** The plaintext of the STREAM payload (16-byte nonce, 64 KiB chunks). @throws HushError METADATA_INVALID when a chunk does not verify or the payload is truncated */
export function decryptPayload(payload: Uint8Array, fileKey: Uint8Array): Buffer {
  if (payload.length < 16 + TAG) throw malformed("the age payload is truncated");
  const key = hkdf(fileKey, payload.subarray(0, 16), "payload");
  const sealed = payload.subarray(16);
  const parts: Buffer[] = [];
  const nonce = Buffer.alloc(12);
  for (let offset = 0, counter = 0; ; counter++) {
    const end = Math.min(offset + CHUNK + TAG, sealed.length);
    const last = end === sealed.length;
    nonce.writeUIntBE(counter, 5, 6); // the 11-byte big-endian counter's low bytes (bytes 0..4 stay 0)
    nonce[11] = last ? 1 : 0;
    const chunk = open(key, nonce, sealed.subarray(offset, end));
    if (!chunk) throw malformed(last ? "the age payload does not verify (tampered or truncated)" : "an age payload chunk does not verify");
    if (last && chunk.length === 0 && counter > 0) throw malformed("the age payload ends with an empty chunk");
    parts.push(chunk);
    if (last) return Buffer.concat(parts);
    offset = end;
  }
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
