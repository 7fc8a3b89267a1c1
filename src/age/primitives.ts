/**
 * The age v1 primitives on node:crypto, shared by the native recipients and
 * identities (x25519-*.ts, ssh-*.ts) and the file (encrypter.ts,
 * decrypter.ts): HKDF-SHA-256 for one block, ChaCha20-Poly1305 seal and
 * open, the X25519 wrap key and the header MAC.
 * https://github.com/C2SP/C2SP/blob/main/age.md
 */
import { createCipheriv, createDecipheriv, createHmac } from "node:crypto";

/** The Poly1305 tag length. */
export const TAG = 16;
const X25519_INFO = "age-encryption.org/v1/X25519";
const ONE = new Uint8Array([1]);
const EMPTY = new Uint8Array(0);

/**
 * HKDF-SHA-256 (RFC 5869) for one 32-byte block: extract, then one expand
 * step. Two HMACs cost a fraction of hkdfSync, which builds a secret KeyObject
 * per call (three calls per file). Tested against age-encryption and the age binary.
 * @throws never
 */
export function hkdf(ikm: Uint8Array, salt: Uint8Array, info: string): Buffer {
  const prk = createHmac("sha256", salt).update(ikm).digest(); // an empty salt is HashLen zeros, as HMAC pads it
  return createHmac("sha256", prk).update(info).update(ONE).digest();
}

/** ChaCha20-Poly1305 seal: ciphertext || tag. @throws never for a 32-byte key and 12-byte nonce */
export function seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Buffer {
  const cipher = createCipheriv("chacha20-poly1305", key, nonce, { authTagLength: TAG });
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** ChaCha20-Poly1305 open; undefined when the tag does not verify. @throws never for a 32-byte key and 12-byte nonce */
export function open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Buffer | undefined {
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

/** The key an X25519 stanza body is sealed with: HKDF(shared, share || recipient, label). @throws never */
export function x25519WrapKey(shared: Uint8Array, share: Uint8Array, recipient: Uint8Array): Buffer {
  return hkdf(shared, Buffer.concat([share, recipient]), X25519_INFO);
}

/** The header MAC over `headerForMac` (the header up to and including `---`). @throws never */
export function headerMac(fileKey: Uint8Array, headerForMac: Uint8Array): Buffer {
  return createHmac("sha256", hkdf(fileKey, EMPTY, "header")).update(headerForMac).digest();
}
