/**
 * One whole sops file as a value: formats, the sops core and age joined,
 * whole files in, whole files out. Everything above it (store, check, git,
 * run, the sops-compatible commands) reads and writes sops files only through
 * these functions.
 */
import type { FormatName } from "../formats/format.js";
import type { Document } from "../sops/tree.js";
import type { Metadata, Selection } from "../sops/metadata.js";
import type { SelectionChoice } from "../sops/selection-policy.js";
import type { IdentitySet } from "../keys/identities.js";
import { decrypt, inspect } from "./decrypt.js";
import { encrypt } from "./encrypt.js";
import { rotate, updateFileKeys, type KeysRequest } from "./rekey.js";

export { SOPS_FORMAT_VERSION } from "./encrypt.js";

/** IVs of decrypted values by (AAD, plaintext), so unchanged values re-encrypt byte-identically (spec §2.5). */
export type IvStash = Map<string, Uint8Array>;

export interface Opened {
  /** The plaintext tree. */
  document: Document;
  metadata: Metadata;
  dataKey: Uint8Array;
  ivs: IvStash;
  /** Non-fatal findings, e.g. comments kept as written because they did not decrypt (old sops wrote them in clear). */
  warnings?: string[];
}

export interface DecryptOptions {
  format: FormatName;
  identities: IdentitySet;
  ignoreMac?: boolean;
  /** For messages only. */
  file?: string;
  /**
   * The selection the file must have (selection-policy.ts): a difference is
   * SELECTION_REFUSED before any value is read. FILE_OWN_SELECTION trusts the
   * file's own; a caller says which, there is no default.
   */
  policy: SelectionChoice;
}

export interface EncryptOptions {
  format: FormatName;
  /** age recipients (age1...). Ignored when `reuse` is given and `recipients` is undefined. */
  recipients?: string[];
  selection?: Selection;
  macOnlyEncrypted?: boolean;
  /** Re-encrypt with the data key, key groups and IVs of an opened file (edit/set/unset/update). */
  reuse?: Opened;
  indent?: number;
  file?: string;
}

export interface Inspected {
  /** The encrypted tree: keys in clear, values ENC[...] or clear per the selection. */
  document: Document;
  metadata: Metadata;
}

/** @throws HushError NOT_ENCRYPTED, METADATA_INVALID, NO_IDENTITY, NO_MATCHING_IDENTITY, VALUE_DECRYPT_FAILED, VALUE_FORMAT_INVALID, MAC_MISMATCH, PARSE_ERROR */
export function decryptFile(bytes: Uint8Array, options: DecryptOptions): Promise<Opened> {
  return decrypt(bytes, options);
}

/** @throws HushError ALREADY_ENCRYPTED, NO_RECIPIENTS, RECIPIENT_INVALID, UNSUPPORTED_VALUE */
export function encryptFile(document: Document, options: EncryptOptions): Promise<Uint8Array> {
  return encrypt(document, options);
}

/** Reads keys and metadata without any private key; `policy` as in DecryptOptions. @throws NOT_ENCRYPTED, METADATA_INVALID, PARSE_ERROR, SELECTION_REFUSED */
export function inspectFile(bytes: Uint8Array, format: FormatName, file: string | undefined, policy: SelectionChoice): Inspected {
  return inspect(bytes, format, file, policy);
}

/**
 * Same data key, values and MAC untouched; entries added only for new
 * recipients, dropped for removed ones; staying entries are not re-wrapped.
 * `groups` (with `shamirThreshold`) for several key groups; a new group count
 * or threshold re-splits the key and re-wraps every entry.
 * Returns the input bytes unchanged (same object) when nothing changes.
 * `indent`: the layout of the rewritten file (sops's stores settings).
 */
export function updateKeys(bytes: Uint8Array, options: KeysRequest): Promise<{ bytes: Uint8Array; added: string[]; removed: string[] }> {
  return updateFileKeys(bytes, options);
}

/** New data key, every value re-encrypted, to `recipients` (default: the file's own). MAC checked first. `indent` as in `encryptFile`. */
export function rotateFile(bytes: Uint8Array, options: Omit<KeysRequest, "shamirThreshold">): Promise<Uint8Array> {
  return rotate(bytes, options);
}
