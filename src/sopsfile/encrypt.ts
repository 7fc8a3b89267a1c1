/** Writing sops files: a plaintext tree in, encrypted bytes out (spec §2–§5). */
import { HushError } from "../errors.js";
import type { FormatName } from "../formats/format.js";
import { Comment } from "../sops/tree.js";
import type { Document } from "../sops/tree.js";
import { DEFAULT_SELECTION, ageRecipients, metadataToWire } from "../sops/metadata.js";
import type { KeyGroup, Metadata, Selection } from "../sops/metadata.js";
import { encryptTree, sealMac } from "../sops/encrypt-tree.js";
import { openMac } from "../sops/decrypt-tree.js";
import type { IvSource } from "../sops/cipher.js";
import type { IvStash } from "../sops/iv-stash.js";
import { nowRfc3339 } from "../sops/timestamp.js";
import { formatOf, isReservedKey } from "./format-registry.js";
import { newDataKey, wrapForGroups } from "./data-key.js";
import type { OpenedFile } from "./decrypt.js";

/** The version written into new files: the sops release whose format hush follows. */
export const SOPS_FORMAT_VERSION = "3.13.2";

/** What `encryptFile` is asked (index.ts `EncryptOptions`). */
export interface EncryptRequest {
  format: FormatName;
  recipients?: string[];
  selection?: Selection;
  macOnlyEncrypted?: boolean;
  reuse?: OpenedFile;
  indent?: number;
  file?: string;
}

/** Internal knobs: fixed randomness for test vectors, rotate's key groups and version. */
export interface EncryptInternals {
  dataKey?: Uint8Array;
  iv?: IvSource;
  now?: () => Date;
  /** Ready-made key groups (skips wrapping). */
  keyGroups?: KeyGroup[];
  /** Several recipient groups: one Shamir share each. */
  recipientGroups?: string[][];
  shamirThreshold?: number;
  version?: string;
}

/** @throws HushError ALREADY_ENCRYPTED, EMPTY_FILE, NO_RECIPIENTS, RECIPIENT_INVALID, UNSUPPORTED_VALUE */
export async function encrypt(document: Document, request: EncryptRequest, internals: EncryptInternals = {}): Promise<Uint8Array> {
  const { format, reuse, file } = request;
  if (document.length === 0) throw new HushError("EMPTY_FILE", "nothing to encrypt: the file has no document", { file });
  for (const branch of document) {
    for (const item of branch.items) {
      if (!(item instanceof Comment) && isReservedKey(format, item.key)) {
        throw new HushError("ALREADY_ENCRYPTED", `the file already holds a key named ${item.key}: it looks encrypted already`, { file });
      }
    }
  }
  // Binary files ignore selection options: the one `data` value is always encrypted (spec §1.7).
  const selection = format === "binary" ? DEFAULT_SELECTION : (request.selection ?? reuse?.metadata.selection ?? DEFAULT_SELECTION);
  const macOnlyEncrypted = format !== "binary" && (request.macOnlyEncrypted ?? reuse?.metadata.macOnlyEncrypted ?? false);
  const dataKey = internals.dataKey ?? reuse?.dataKey ?? newDataKey();
  const keyGroups = internals.keyGroups ?? (await chooseKeyGroups(dataKey, request, internals));
  const tree = encryptTree(document, { dataKey, selection, macOnlyEncrypted, ...(internals.iv ? { iv: internals.iv } : {}), ...(reuse ? { stash: reuse.ivs } : {}), ...(file !== undefined ? { file } : {}) });

  let lastModified: string;
  let mac: string;
  if (reuse && unchanged(reuse, tree.mac, keyGroups, selection, macOnlyEncrypted)) {
    // Nothing changed: keep lastmodified and the sealed MAC so the bytes come out identical.
    lastModified = reuse.metadata.lastModified;
    mac = reuse.metadata.mac;
  } else {
    lastModified = nowRfc3339(internals.now?.());
    mac = sealMac(dataKey, tree.mac, lastModified, internals.iv?.());
  }
  const metadata: Metadata = {
    keyGroups,
    lastModified,
    mac,
    selection,
    macOnlyEncrypted,
    version: internals.version ?? reuse?.metadata.version ?? SOPS_FORMAT_VERSION,
  };
  const threshold = internals.shamirThreshold ?? reuse?.metadata.shamirThreshold;
  if (keyGroups.length > 1 && threshold !== undefined) metadata.shamirThreshold = threshold;
  const wire = metadataToWire(metadata);
  // sops records no selection rule for binary files (spec §1.7).
  if (format === "binary" && selection.kind === DEFAULT_SELECTION.kind && selection.value === DEFAULT_SELECTION.value) delete wire[selection.kind];
  return formatOf(format).emit(tree.document, wire, request.indent === undefined ? {} : { indent: request.indent });
}

async function chooseKeyGroups(dataKey: Uint8Array, request: EncryptRequest, internals: EncryptInternals): Promise<KeyGroup[]> {
  if (internals.recipientGroups) return wrapForGroups(dataKey, internals.recipientGroups, internals.shamirThreshold);
  const reuse = request.reuse;
  if (reuse && request.recipients === undefined) return reuse.metadata.keyGroups;
  const recipients = request.recipients ?? [];
  if (reuse && reuse.metadata.keyGroups.length <= 1) {
    // Same data key: staying recipients keep their entries as they are.
    const existing = new Map((reuse.metadata.keyGroups[0]?.age ?? []).map((e) => [e.recipient, e]));
    const groups = await wrapForGroups(dataKey, [recipients], undefined, (r) => existing.get(r));
    return [{ age: groups[0]!.age, others: reuse.metadata.keyGroups[0]?.others ?? {} }];
  }
  return wrapForGroups(dataKey, [recipients]);
}

function unchanged(reuse: OpenedFile, mac: string, keyGroups: KeyGroup[], selection: Selection, macOnlyEncrypted: boolean): boolean {
  const before = reuse.metadata;
  if (before.selection.kind !== selection.kind || before.selection.value !== selection.value || before.macOnlyEncrypted !== macOnlyEncrypted) return false;
  if (keyGroups !== before.keyGroups && ageRecipients({ ...before, keyGroups }).join("\n") !== ageRecipients(before).join("\n")) return false;
  return openMac(reuse.dataKey, before.mac, before.lastModified) === mac;
}
