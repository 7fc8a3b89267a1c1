/**
 * The X25519 recipient (`age1...`) with node:crypto only (primitives.ts): no
 * age-encryption import (~60 ms) and no JS curve arithmetic on the `hush user
 * add` path. The reading side is x25519-unwrap.ts.
 * Follows https://github.com/C2SP/C2SP/blob/main/age.md#the-x25519-recipient-type;
 * tested against age-encryption and the real `age` binary (test/unit/age, test/interop).
 */
import { diffieHellman, randomBytes } from "node:crypto";
import { HushError } from "../errors.js";
import { encodeRawBase64, type Stanza } from "./age-file.js";
import { newFileKey, sealAgeFile } from "./encrypter.js";
import type { Recipient } from "./interfaces.js";
import { seal, x25519WrapKey } from "./primitives.js";
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

/** An `age1...` recipient: one X25519 stanza under a fresh ephemeral key per file key. */
export class X25519Recipient implements Recipient {
  private readonly publicKey: Uint8Array;

  /** @throws HushError RECIPIENT_INVALID naming the recipient (not lower-case bech32 with HRP `age`, a bad checksum, not 32 bytes) */
  constructor(private readonly recipient: string) {
    const publicKey = decodeX25519Recipient(recipient);
    if (!publicKey) throw invalidRecipient(recipient);
    this.publicKey = publicKey;
  }

  /** @throws HushError RECIPIENT_INVALID for a low-order recipient */
  wrapFileKey(fileKey: Uint8Array): Stanza[] {
    // 32 random bytes are an X25519 private key (age-keygen makes them so). Not generateKeyPairSync:
    // exporting a key whose KeyGenJob is collected mid-export deadlocks Node 20 (seen here as hung
    // `hush secret create` processes: ~KeyGenJob waits on the key's mutex that ExportJWK holds).
    const ephemeral = x25519KeyFromScalar(randomBytes(32));
    const share = Buffer.from(ephemeral.publicKey);
    let shared: Buffer;
    try {
      shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: x25519PublicKey(this.publicKey) });
    } catch (cause) {
      throw invalidRecipient(this.recipient, cause); // OpenSSL refuses an all-zero result: a low-order point
    }
    if (shared.every((b) => b === 0)) throw invalidRecipient(this.recipient); // as age: never wrap under a known key
    return [{ type: "X25519", args: [encodeRawBase64(share)], body: seal(x25519WrapKey(shared, share, this.publicKey), Buffer.alloc(12), fileKey) }];
  }
}

/**
 * Encrypts `plaintext` to one `age1...` X25519 recipient, synchronously;
 * returns the armored file with its final newline.
 * @throws HushError RECIPIENT_INVALID naming the recipient (malformed, a low-order point)
 */
export function encryptX25519(plaintext: Uint8Array, recipient: string): string {
  const fileKey = newFileKey();
  return sealAgeFile(fileKey, new X25519Recipient(recipient).wrapFileKey(fileKey), plaintext);
}
