/** Decrypting an encrypted tree while recomputing its MAC (spec §2, §4). */
import { HushError } from "../errors.js";
import { Comment } from "./tree.js";
import type { Document, Leaf } from "./tree.js";
import type { Selection } from "./metadata.js";
import { leafFromBytes, leafToBytes } from "./leaf.js";
import { openValue, pathAad } from "./cipher.js";
import { isEncString, parseEncString } from "./enc-string.js";
import { MacHasher } from "./mac.js";
import { describePath, mapLeaves } from "./walk.js";
import { stashKey } from "./iv-stash.js";
import type { IvStash } from "./iv-stash.js";

/** What decrypting a tree needs: the data key and the rule recorded in the file. */
export interface DecryptTreeOptions {
  dataKey: Uint8Array;
  selection: Selection;
  macOnlyEncrypted: boolean;
  /** Filled with the IV of every decrypted value. */
  stash?: IvStash;
  file?: string;
}

/** The plaintext tree with the MAC recomputed over it. */
export interface DecryptedTree {
  document: Document;
  /** The recomputed MAC, upper-case hex. */
  mac: string;
  /** Comments kept as written because they did not decrypt (old sops wrote them in clear). */
  warnings: string[];
}

/**
 * Decrypts every selected leaf.
 * @throws HushError VALUE_FORMAT_INVALID (a selected value is not ENC[...]), VALUE_DECRYPT_FAILED (AES-GCM refused it)
 */
export function decryptTree(document: Document, options: DecryptTreeOptions): DecryptedTree {
  const hasher = new MacHasher(options.macOnlyEncrypted);
  const warnings: string[] = [];
  const { dataKey, stash, file } = options;
  const decrypted = mapLeaves(
    document,
    options.selection,
    (value, path, selected) => {
      if (value instanceof Comment) {
        if (!selected || value.text === "") return value;
        if (!isEncString(value.text)) {
          warnings.push(`a comment under ${describePath(path)} is not encrypted and is kept as written`);
          return value;
        }
        const parts = parseEncString(value.text);
        const plain = parts && openValue(dataKey, parts, pathAad(path));
        if (!parts || !plain) {
          warnings.push(`a comment under ${describePath(path)} did not decrypt and is kept as written`);
          return value;
        }
        stash?.set(stashKey(pathAad(path), parts.type, plain), parts.iv);
        const restored = leafFromBytes(parts.type, plain, describePath(path));
        return restored instanceof Comment ? new Comment(restored.text, value.inline) : restored;
      }
      if (!selected) {
        hasher.add(leafToBytes(value).bytes, false);
        return value;
      }
      if (typeof value !== "string") {
        throw new HushError("VALUE_FORMAT_INVALID", `the value at ${describePath(path)} should be encrypted but is a ${typeName(value)}`, { file });
      }
      if (value === "") return value; // never encrypted, adds nothing to the MAC
      const parts = parseEncString(value);
      if (!parts) {
        throw new HushError("VALUE_FORMAT_INVALID", `the value at ${describePath(path)} should be encrypted but does not match sops's ENC[...] format`, {
          file,
          hint: "it was edited in clear text, or the file is not a sops file",
        });
      }
      const aad = pathAad(path);
      const plain = openValue(dataKey, parts, aad);
      if (!plain) {
        throw new HushError("VALUE_DECRYPT_FAILED", `the value at ${describePath(path)} failed to decrypt (authentication failed for key path "${aad}")`, {
          file,
          hint: "the ciphertext was altered, moved to another key, or its key was renamed",
        });
      }
      stash?.set(stashKey(aad, parts.type, plain), parts.iv);
      const restored = leafFromBytes(parts.type, plain, describePath(path));
      if (restored instanceof Comment) return restored; // a sequence comment: never in the MAC
      hasher.add(parts.type === "str" || parts.type === "bytes" ? plain : leafToBytes(restored).bytes, true);
      return restored;
    },
    file,
  );
  return { document: decrypted, mac: hasher.digest(), warnings };
}

function typeName(value: Leaf): string {
  if (typeof value === "bigint") return "integer";
  if (typeof value === "number") return "float";
  if (value instanceof Uint8Array) return "byte string";
  return typeof value === "object" ? "timestamp" : typeof value;
}

/** Opens the stored MAC; `undefined` when it does not decrypt. An empty stored MAC opens to "". */
export function openMac(dataKey: Uint8Array, sealed: string, lastModified: string): string | undefined {
  if (sealed === "") return "";
  const parts = parseEncString(sealed);
  const plain = parts && openValue(dataKey, parts, lastModified);
  return plain ? Buffer.from(plain).toString("utf8") : undefined;
}
