/**
 * Writing an age v1 file to one X25519 recipient with node:crypto only
 * (primitives.ts, stream.ts): no age-encryption import (~60 ms) and no JS
 * curve arithmetic on the `hush user add` path. The reading side is x25519-unwrap.ts.
 * Follows https://github.com/C2SP/C2SP/blob/main/age.md#the-x25519-recipient-type;
 * tested against age-encryption and the real `age` binary (test/unit/age, test/interop).
 */
import { diffieHellman, randomBytes } from "node:crypto";
import { HushError } from "../errors.js";
import { encodeArmor, encodeHeaderForMac, encodeRawBase64, type Stanza } from "./age-file.js";
import { headerMac, seal, x25519WrapKey } from "./primitives.js";
import { encryptPayload } from "./stream.js";
import { decodeX25519Recipient, x25519KeyFromScalar, x25519PublicKey } from "./x25519-key.js";

/** RECIPIENT_INVALID naming `recipient`. @throws never (returns the error) */
export function invalidRecipient(recipient: string, cause?: unknown): HushError {
  return new HushError("RECIPIENT_INVALID", `not an age recipient: ${recipient}`, { cause, hint: "age recipients look like age1... (see `hush keygen`)" });
}

/**
 * Whether `text` is meant as an X25519 recipient: `age1` and no other `1`, so
 * that `age` is the whole bech32 HRP (`age1pq1...`, `age1tag1...` and plugins
 * like `age1yubikey1...` have longer ones). Says nothing of its checksum.
 * @throws never
 */
export function isX25519Recipient(text: string): boolean {
  return text.startsWith("age1") && !text.includes("1", 4);
}

/** The stanza wrapping `fileKey` for `recipient` under a fresh ephemeral key. @throws HushError RECIPIENT_INVALID for a low-order recipient */
function wrapFileKey(fileKey: Uint8Array, publicKey: Uint8Array, recipient: string): Stanza {
  // 32 random bytes are an X25519 private key (age-keygen makes them so). Not generateKeyPairSync:
  // exporting a key whose KeyGenJob is collected mid-export deadlocks Node 20 (seen here as hung
  // `hush secret create` processes: ~KeyGenJob waits on the key's mutex that ExportJWK holds).
  const ephemeral = x25519KeyFromScalar(randomBytes(32));
  const share = Buffer.from(ephemeral.publicKey);
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: x25519PublicKey(publicKey) });
  } catch (cause) {
    throw invalidRecipient(recipient, cause); // OpenSSL refuses an all-zero result: a low-order point
  }
  if (shared.every((b) => b === 0)) throw invalidRecipient(recipient); // as age: never wrap under a known key
  return { type: "X25519", args: [encodeRawBase64(share)], body: seal(x25519WrapKey(shared, share, publicKey), Buffer.alloc(12), fileKey) };
}

/**
 * Encrypts `plaintext` to one `age1...` X25519 recipient: a fresh file key,
 * one stanza, the header MAC, the STREAM payload; returns the armored file
 * with its final newline (sops's layout, spec §6.1).
 * @throws HushError RECIPIENT_INVALID naming the recipient (not lower-case bech32 with HRP `age`, a bad checksum, not 32 bytes, a low-order point)
 */
export function encryptX25519(plaintext: Uint8Array, recipient: string): string {
  const publicKey = decodeX25519Recipient(recipient);
  if (!publicKey) throw invalidRecipient(recipient);
  return encryptToStanza(plaintext, (fileKey) => wrapFileKey(fileKey, publicKey, recipient));
}

/**
 * The armored age file of `plaintext` under a fresh file key that `wrap`
 * turns into the one recipient stanza (also used by ssh-wrap.ts).
 * @throws whatever `wrap` throws
 */
export function encryptToStanza(plaintext: Uint8Array, wrap: (fileKey: Uint8Array) => Stanza): string {
  const fileKey = randomBytes(16);
  const header = encodeHeaderForMac([wrap(fileKey)]);
  const mac = Buffer.from(` ${encodeRawBase64(headerMac(fileKey, header))}\n`, "latin1");
  return encodeArmor(Buffer.concat([header, mac, encryptPayload(plaintext, fileKey)]));
}
