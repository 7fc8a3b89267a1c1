/**
 * Bech32 (BIP 173, checksum constant 1) as age uses it for `age1...` and
 * `AGE-SECRET-KEY-1...`: no 90-character limit, one case per string.
 * @scure/base's codec (age-encryption's own), with the answer hush's callers
 * want: undefined rather than an exception for anything that is not Bech32.
 * https://github.com/C2SP/C2SP/blob/main/age.md#the-x25519-recipient-type
 */
import { bech32 } from "@scure/base";

/** A decoded Bech32 string: its human-readable part (lower case) and its bytes. */
export interface Bech32 {
  hrp: string;
  bytes: Uint8Array;
}

/**
 * Decodes `text`, verifying its checksum. Returns undefined for anything that
 * is not valid Bech32 (mixed case, bad character, bad checksum, bad padding),
 * so callers word the error for their own context.
 * @throws never
 */
export function bech32Decode(text: string): Bech32 | undefined {
  const decoded = bech32.decodeUnsafe(text, false);
  const bytes = decoded && bech32.fromWordsUnsafe(decoded.words);
  return decoded && bytes ? { hrp: decoded.prefix, bytes } : undefined;
}

/** Encodes `bytes` under `hrp` (lower case; upper-case the result for identities). @throws never for a non-empty printable `hrp` */
export function bech32Encode(hrp: string, bytes: Uint8Array): string {
  return bech32.encode(hrp, bech32.toWords(bytes), false);
}
