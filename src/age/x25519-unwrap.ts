/**
 * The X25519 identity (`AGE-SECRET-KEY-1...`) on node:crypto only
 * (primitives.ts): the launch path never loads age-encryption (DESIGN
 * "Startup matters"). The writing side is x25519-wrap.ts.
 * Follows https://github.com/C2SP/C2SP/blob/main/age.md#the-x25519-recipient-type;
 * tested against age-encryption and the real `age` binary (test/unit/age, test/interop).
 */
import { diffieHellman } from "node:crypto";
import { decodeArmor, decodeRawBase64, malformed, parseAgeFile, type Stanza } from "./age-file.js";
import { checkFileKey } from "./decrypter.js";
import type { Identity } from "./interfaces.js";
import { open, x25519WrapKey } from "./primitives.js";
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
 * An X25519 identity: its stanzas are the X25519 ones whose body opens under
 * its key (an X25519 stanza does not say whose it is, so a malformed one
 * throws for every X25519 identity, as in age and typage).
 */
export class X25519Identity implements Identity {
  readonly #key: X25519Key; // #private: no util.inspect or JSON.stringify shows it

  constructor(key: X25519Key) {
    this.#key = key;
  }

  /** @throws HushError METADATA_INVALID for a malformed X25519 stanza */
  unwrapFileKey(stanzas: readonly Stanza[]): Buffer | null {
    for (const stanza of stanzas) {
      if (stanza.type !== "X25519") continue;
      x25519Attempts.count++;
      const fileKey = unwrapStanza(stanza, this.#key);
      if (fileKey) return fileKey;
    }
    return null;
  }
}

/**
 * Decrypts an armored age file with X25519 keys, synchronously; undefined
 * when no X25519 stanza is for one of them (another identity type may still open it).
 * @throws HushError METADATA_INVALID for a malformed or tampered file
 */
export function decryptX25519(armored: string, keys: readonly X25519Key[]): Buffer | undefined {
  const file = parseAgeFile(decodeArmor(armored));
  for (const key of keys) {
    const fileKey = new X25519Identity(key).unwrapFileKey(file.stanzas);
    if (fileKey) return decryptPayload(file.payload, checkFileKey(file, fileKey));
  }
  return undefined;
}
