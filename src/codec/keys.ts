/** Changing who can open a file: updateKeys (same data key) and rotateFile (new one). */
import { HushError } from "../errors.js";
import type { FormatName } from "../formats/format.js";
import { ageRecipients, metadataToWire } from "../sops/metadata.js";
import type { AgeEntry, KeyGroup, Metadata } from "../sops/metadata.js";
import type { IdentitySet } from "../age/identities.js";
import { unwrapDataKey, wrapDataKey } from "../age/data-key.js";
import { openDataKey } from "./data-key.js";
import { decrypt, inspect } from "./decrypt.js";
import { encrypt } from "./encrypt.js";
import { formatOf } from "./formats.js";

interface KeysRequest {
  format: FormatName;
  identities: IdentitySet;
  recipients: string[];
  file?: string;
}

/**
 * Adds entries for new recipients (to the first key group) and drops removed
 * ones; staying entries, values, MAC and lastmodified are not touched.
 * @throws HushError NOT_ENCRYPTED, METADATA_INVALID, PARSE_ERROR, NO_IDENTITY, NO_MATCHING_IDENTITY, RECIPIENT_INVALID, NO_RECIPIENTS
 */
export async function updateFileKeys(bytes: Uint8Array, request: KeysRequest): Promise<{ bytes: Uint8Array; added: string[]; removed: string[] }> {
  const { format, file } = request;
  const wanted = [...new Set(request.recipients.map((r) => r.trim()))];
  if (wanted.length === 0) throw new HushError("NO_RECIPIENTS", "updating keys would leave the file without any recipient", { file });
  const { document, metadata } = inspect(bytes, format, file);
  const current = ageRecipients(metadata);
  const added = wanted.filter((r) => !current.includes(r));
  const removed = [...new Set(current.filter((r) => !wanted.includes(r)))];
  if (added.length === 0 && removed.length === 0) return { bytes, added, removed };

  // Only the share of the first group is needed to add recipients there.
  let secret: Uint8Array | undefined;
  if (added.length > 0) {
    secret =
      metadata.keyGroups.length > 1
        ? await unwrapDataKey(metadata.keyGroups[0]!.age, request.identities, file)
        : await openDataKey(metadata, request.identities, file);
  }
  const newEntries: AgeEntry[] = [];
  for (const recipient of added) newEntries.push({ recipient, enc: await wrapDataKey(secret!, recipient) });
  const keyGroups: KeyGroup[] = metadata.keyGroups.map((group, i) => ({
    age: [...group.age.filter((e) => !removed.includes(e.recipient)), ...(i === 0 ? newEntries : [])],
    others: group.others,
  }));
  if (keyGroups.length === 0) keyGroups.push({ age: newEntries, others: {} });
  const updated: Metadata = { ...metadata, keyGroups };
  return { bytes: formatOf(format).emit(document, metadataToWire(updated)), added, removed };
}

/**
 * A new data key: every value re-encrypted, every recipient re-wrapped (to
 * `recipients`, default the file's own). The MAC is checked first; the
 * version stays as it was.
 * @throws HushError as decryptFile, plus NO_RECIPIENTS, RECIPIENT_INVALID
 */
export async function rotate(bytes: Uint8Array, request: Omit<KeysRequest, "recipients"> & { recipients?: string[] }): Promise<Uint8Array> {
  const { format, file } = request;
  const opened = await decrypt(bytes, { format, identities: request.identities, ...(file ? { file } : {}) });
  const { metadata } = opened;
  const groups = request.recipients ? [request.recipients] : metadata.keyGroups.map((g) => g.age.map((e) => e.recipient));
  return encrypt(
    opened.document,
    { format, selection: metadata.selection, macOnlyEncrypted: metadata.macOnlyEncrypted, ...(file ? { file } : {}) },
    { recipientGroups: groups, version: metadata.version, ...(groups.length > 1 && metadata.shamirThreshold ? { shamirThreshold: metadata.shamirThreshold } : {}) },
  );
}
