/** Encrypting a plaintext tree and computing its MAC in the same walk (spec §2, §4). */
import { Comment } from "./tree.js";
import type { Document } from "./tree.js";
import type { Selection } from "./metadata.js";
import { leafToBytes } from "./leaf.js";
import { pathAad, randomIv, sealValue } from "./cipher.js";
import type { IvSource } from "./cipher.js";
import { formatEncString } from "./enc-string.js";
import { MacHasher } from "./mac.js";
import { mapLeaves } from "./walk.js";
import { stashKey } from "./iv-stash.js";
import { compileGoRegex } from "./go-regex.js";
import { HushError } from "../errors.js";
import type { IvStash } from "./iv-stash.js";

/** What encrypting a tree needs; `iv` and `stash` make the output reproducible. */
export interface EncryptTreeOptions {
  dataKey: Uint8Array;
  selection: Selection;
  macOnlyEncrypted: boolean;
  /** Default: 32 random bytes per value. */
  iv?: IvSource;
  /** IVs of the values decrypted earlier with the same data key. */
  stash?: IvStash;
  /** For messages only. */
  file?: string;
}

/**
 * Encrypts every selected leaf; returns the encrypted tree and the MAC
 * (upper-case hex, still to be sealed with {@link sealMac}).
 * @throws HushError UNSUPPORTED_VALUE
 */
export function encryptTree(document: Document, options: EncryptTreeOptions): { document: Document; mac: string } {
  const hasher = new MacHasher(options.macOnlyEncrypted);
  const nextIv = options.iv ?? randomIv;
  // sops refuses a ciphertext that the clear-comment rule would take for a marker on the next read.
  const clearMarker =
    options.selection.kind === "unencrypted_comment_regex"
      ? compileGoRegex(options.selection.value, { field: "unencrypted_comment_regex", ...(options.file !== undefined ? { file: options.file } : {}) })
      : undefined;
  const encrypted = mapLeaves(
    document,
    options.selection,
    (value, path, selected, inList) => {
      const { type, bytes } = leafToBytes(value);
      const isComment = value instanceof Comment;
      if (!isComment) hasher.add(bytes, selected);
      // Empty strings and empty comments are never encrypted (spec §1.8).
      if (!selected || bytes.length === 0) return value;
      const aad = pathAad(path);
      const iv = options.stash?.get(stashKey(aad, type, bytes)) ?? nextIv();
      const enc = formatEncString(sealValue(options.dataKey, bytes, aad, iv, type));
      if (isComment && clearMarker?.test(enc)) {
        throw new HushError("UNSUPPORTED_VALUE", `an encrypted comment under ${path.join(".") || "(top level)"} would match unencrypted_comment_regex`, {
          hint: "use a regex that cannot match ENC[...] text",
        });
      }
      // In a list an encrypted comment is an ordinary element; its type restores it on decrypt.
      return isComment && !inList ? new Comment(enc, value.inline) : enc;
    },
    options.file,
  );
  return { document: encrypted, mac: hasher.digest() };
}

/** Seals the MAC hex with `lastmodified` (already normalised, spec §4) as AAD. */
export function sealMac(dataKey: Uint8Array, mac: string, lastModified: string, iv: Uint8Array = randomIv()): string {
  return formatEncString(sealValue(dataKey, Buffer.from(mac, "utf8"), lastModified, iv, "str"));
}
