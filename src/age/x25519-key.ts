/**
 * X25519 age identities on node:crypto: `AGE-SECRET-KEY-1...` to a private
 * KeyObject and its `age1...` recipient, `age1...` and raw public keys to
 * raw bytes and KeyObjects.
 * No age-encryption here: this is the launch path (DESIGN "Startup matters").
 */
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { bech32Decode, bech32Encode } from "./bech32.js";

// RFC 8410 DER prefix of a raw 32-byte X25519 private key.
const PKCS8_PREFIX = Buffer.from("302e020100300506032b656e04220420", "hex");

export const X25519_IDENTITY_PREFIX = "AGE-SECRET-KEY-1";
const IDENTITY_HRP = "age-secret-key-";
const RECIPIENT_HRP = "age";

/** A parsed X25519 identity: the private key and the raw public key it matches. */
export interface X25519Key {
  readonly privateKey: KeyObject;
  /** The 32-byte public key (the stanza's HKDF salt needs it). */
  readonly publicKey: Uint8Array;
  readonly recipient: string;
}

/** The 32-byte scalar of an `AGE-SECRET-KEY-1...` string, or undefined when it is not one (checksum included). @throws never */
export function decodeX25519Identity(text: string): Uint8Array | undefined {
  if (!text.startsWith(X25519_IDENTITY_PREFIX)) return undefined;
  const decoded = bech32Decode(text);
  if (!decoded || decoded.hrp !== IDENTITY_HRP || decoded.bytes.length !== 32) return undefined;
  return decoded.bytes;
}

/** The 32-byte public key of an `age1...` recipient, or undefined when it is not one (lower case, HRP `age`, checksum, length). @throws never */
export function decodeX25519Recipient(text: string): Uint8Array | undefined {
  if (text !== text.toLowerCase()) return undefined; // as age and age-encryption: recipients are lower case
  const decoded = bech32Decode(text);
  if (!decoded || decoded.hrp !== RECIPIENT_HRP || decoded.bytes.length !== 32) return undefined;
  return decoded.bytes;
}

/** The private KeyObject and recipient of a 32-byte scalar. @throws never for 32 bytes (callers pass decoded identities only) */
export function x25519KeyFromScalar(scalar: Uint8Array): X25519Key {
  const privateKey = x25519PrivateKey(scalar);
  // The public key as OpenSSL derives it from the scalar (never the placeholder below).
  const publicKey = new Uint8Array(Buffer.from(privateKey.export({ format: "jwk" }).x!, "base64url"));
  return { privateKey, publicKey, recipient: bech32Encode(RECIPIENT_HRP, publicKey) };
}

/**
 * JWK first: in a fresh process the DER import and SPKI export cost ~1.5 ms,
 * JWK ~0.6 ms (measured on Node 20; once per start of every command that
 * decrypts). Node builds an OKP private key from `d` alone but insists on an
 * `x`, so it gets a placeholder; should a Node version refuse that, DER.
 * The private KeyObject of a 32-byte scalar (clamped by OpenSSL when used, as X25519 clamps).
 * @throws never for 32 bytes
 */
export function x25519PrivateKey(scalar: Uint8Array): KeyObject {
  try {
    return createPrivateKey({ key: { kty: "OKP", crv: "X25519", d: Buffer.from(scalar).toString("base64url"), x: PLACEHOLDER_X }, format: "jwk" });
  } catch {
    return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, scalar]), format: "der", type: "pkcs8" });
  }
}
const PLACEHOLDER_X = Buffer.alloc(32).toString("base64url");

/** A public KeyObject from 32 raw bytes (an ephemeral share). @throws never for 32 bytes */
export function x25519PublicKey(raw: Uint8Array): KeyObject {
  // JWK, not DER: OpenSSL 3's DER decoder costs ~130 µs a key, JWK ~10 µs (one key per file opened).
  return createPublicKey({ key: { kty: "OKP", crv: "X25519", x: Buffer.from(raw).toString("base64url") }, format: "jwk" });
}

/** `AGE-SECRET-KEY-1...` for a 32-byte scalar (upper case, as age-keygen writes it). @throws never */
export function encodeX25519Identity(scalar: Uint8Array): string {
  return bech32Encode(IDENTITY_HRP, scalar).toUpperCase();
}
