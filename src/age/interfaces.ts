/**
 * The seam between the age file format and the kinds of keys, in typage's
 * shape (https://github.com/FiloSottile/typage, lib/index.ts): a Recipient
 * wraps a file key into stanzas, an Identity finds the stanza that is its own
 * and unwraps it. The file around them (header, MAC, STREAM payload) is
 * encrypter.ts and decrypter.ts; the native kinds are X25519
 * (x25519-wrap.ts, x25519-unwrap.ts) and SSH (ssh-wrap.ts, ssh-unwrap.ts);
 * age-encryption covers the rest behind the same interfaces (typage-fallback.ts).
 */
import type { Stanza } from "./age-file.js";

/** Something that can open a file key: an X25519 key, an SSH key, a key only age-encryption knows. */
export interface Identity {
  /**
   * The file key from the stanza that is this identity's, or null when none
   * of `stanzas` is (a stanza of another type, another key's tag, a body that
   * does not open under this key). The header MAC is the caller's to check.
   * @throws HushError METADATA_INVALID only for a stanza this identity
   *   recognises as its own (or of its type, when the type cannot tell whose
   *   it is) that is malformed or, being its own, does not open
   */
  unwrapFileKey(stanzas: readonly Stanza[]): Uint8Array | null | Promise<Uint8Array | null>;
}

/** Something a file key can be wrapped for: one `age1...` or `ssh-...` recipient. */
export interface Recipient {
  /** One or more stanzas that the matching Identity opens to `fileKey`. @throws HushError RECIPIENT_INVALID (a key that cannot be wrapped to, e.g. a low-order point) */
  wrapFileKey(fileKey: Uint8Array): Stanza[] | Promise<Stanza[]>;
}
