/** Opening sops files: decryptFile and inspectFile. */
import { HushError } from "../errors.js";
import type { FormatName } from "../formats/format.js";
import type { Document } from "../sops/tree.js";
import { metadataFromWire, versionProblem } from "../sops/metadata.js";
import { enforceSelectionPolicy, type SelectionChoice } from "../sops/selection-policy.js";
import type { Metadata } from "../sops/metadata.js";
import { decryptTree, openMac } from "../sops/decrypt-tree.js";
import type { IvStash } from "../sops/iv-stash.js";
import type { IdentitySet } from "../keys/identities.js";
import { formatOf } from "./format-registry.js";
import { openDataKey } from "./data-key.js";

/** A decrypted file (index.ts `Opened`). */
export interface OpenedFile {
  document: Document;
  metadata: Metadata;
  dataKey: Uint8Array;
  ivs: IvStash;
  warnings?: string[];
}

/**
 * Parses an encrypted file without any key; with a `policy`, a file whose selection differs from it is refused here, before anything reads a value.
 * @throws HushError NOT_ENCRYPTED, METADATA_INVALID, PARSE_ERROR, SELECTION_REFUSED
 */
export function inspect(bytes: Uint8Array, format: FormatName, file: string | undefined, policy: SelectionChoice): { document: Document; metadata: Metadata } {
  const { document, metadata } = formatOf(format).parse(bytes, file);
  if (!metadata) {
    throw new HushError("NOT_ENCRYPTED", "sops metadata not found", { file, hint: "the file is not encrypted with sops (or not in this format)" });
  }
  const model = metadataFromWire(metadata, file);
  enforceSelectionPolicy(model, policy, file);
  return { document, metadata: model };
}

/**
 * Decrypts every value and checks the MAC.
 * @throws HushError NOT_ENCRYPTED, METADATA_INVALID, SELECTION_REFUSED (with a policy), NO_IDENTITY, NO_MATCHING_IDENTITY, VALUE_DECRYPT_FAILED, VALUE_FORMAT_INVALID, MAC_MISMATCH, PARSE_ERROR
 */
export async function decrypt(
  bytes: Uint8Array,
  options: { format: FormatName; identities: IdentitySet; ignoreMac?: boolean; file?: string; policy: SelectionChoice },
): Promise<OpenedFile> {
  const { file } = options;
  const { document, metadata } = inspect(bytes, options.format, file, options.policy);
  // sops refuses too (its version compare fails before any key is used).
  const badVersion = versionProblem(metadata.version);
  if (badVersion) throw new HushError("METADATA_INVALID", `sops metadata: ${badVersion}`, { file });
  const dataKey = await openDataKey(metadata, options.identities, file);
  const ivs: IvStash = new Map();
  const opened = decryptTree(document, { dataKey, selection: metadata.selection, macOnlyEncrypted: metadata.macOnlyEncrypted, stash: ivs, file });
  if (!options.ignoreMac) checkMac(dataKey, metadata, opened.mac, file);
  return { document: opened.document, metadata, dataKey, ivs, ...(opened.warnings.length > 0 ? { warnings: opened.warnings } : {}) };
}

/** @throws HushError MAC_MISMATCH — messages hold only digests, never values */
function checkMac(dataKey: Uint8Array, metadata: Metadata, computed: string, file?: string): void {
  const stored = openMac(dataKey, metadata.mac, metadata.lastModified);
  const hint = "the file was changed outside sops/hush; use --ignore-mac only if you trust the change";
  if (stored === undefined) throw new HushError("MAC_MISMATCH", "cannot decrypt the MAC (it or lastmodified was altered)", { file, hint });
  if (stored === "") throw new HushError("MAC_MISMATCH", `MAC mismatch: file has no MAC, computed ${computed}`, { file, hint });
  if (stored !== computed) throw new HushError("MAC_MISMATCH", `MAC mismatch: file has ${stored}, computed ${computed}`, { file, hint });
}
