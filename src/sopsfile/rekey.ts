/** Changing who can open a file: updateKeys (same data key) and rotateFile (new one). */
import { HushError, isHushError } from "../errors.js";
import type { FormatName } from "../formats/format.js";
import { metadataToWire } from "../sops/metadata.js";
import type { AgeEntry, KeyGroup, Metadata } from "../sops/metadata.js";
import type { SelectionChoice } from "../sops/selection-policy.js";
import type { IdentitySet } from "../keys/identities.js";
import { unwrapDataKey, wrapDataKey } from "./age-entries.js";
import { openDataKey, wrapForGroups } from "./data-key.js";
import { planKeyUpdate } from "./key-plan.js";
import { decrypt, inspect } from "./decrypt.js";
import { encrypt } from "./encrypt.js";
import { formatOf } from "./format-registry.js";

/** What `updateKeys` and `rotateFile` are asked. */
export interface KeysRequest {
  format: FormatName;
  identities: IdentitySet;
  /** The recipients of a file with one key group. */
  recipients?: string[];
  /** Or the recipients per key group (a creation rule's `key_groups`), with its Shamir threshold. */
  groups?: string[][];
  shamirThreshold?: number;
  /** The layout of the rewritten file (YAML/JSON indent, sops's stores settings). */
  indent?: number;
  file?: string;
  /** The selection the file must have (selection-policy.ts), or FILE_OWN_SELECTION. */
  policy: SelectionChoice;
  /** A new data key drops the file's pgp/kms/... entries (hush wraps for age only): allowed only when asked. */
  dropForeignKeys?: boolean;
}

/** The key types other than age a file's groups hold entries for (pgp, kms, gcp_kms, azure_kv, hc_vault, hckms), sorted. */
export function foreignKeyTypes(metadata: Metadata): string[] {
  const types = new Set<string>();
  for (const group of metadata.keyGroups)
    for (const [type, entries] of Object.entries(group.others)) if (Array.isArray(entries) && entries.length > 0) types.add(type);
  return [...types].sort();
}

/**
 * sops re-wraps a new data key for every key type; hush can for age only, so a
 * new data key would silently take access away from the pgp/kms/... holders.
 * @throws HushError FOREIGN_KEYS unless `drop`
 */
function refuseDroppingForeignKeys(metadata: Metadata, drop: boolean | undefined, what: string, file: string | undefined): void {
  const types = foreignKeyTypes(metadata);
  if (!types.length || drop) return;
  throw new HushError(
    "FOREIGN_KEYS",
    `${what} needs a new data key, which hush can wrap for age recipients only: the file's ${types.join(", ")} entries would be dropped and their holders lose access; nothing was written`,
    {
      ...(file ? { file } : {}),
      hint: `do it with sops, which wraps for ${types.join(" and ")} too, or pass --drop-foreign-keys to drop those entries on purpose`,
    },
  );
}

/**
 * Makes the file's key groups the wanted ones with the same data key. With
 * the same shape, new recipients get their group's share and removed ones
 * lose their entry; staying entries, values, MAC and lastmodified are not
 * touched. A new shape (group count or threshold) re-splits the data key and
 * re-wraps every entry. Returns the input bytes (same object) when nothing changes.
 * @throws HushError NOT_ENCRYPTED, METADATA_INVALID, PARSE_ERROR, NO_IDENTITY, NO_MATCHING_IDENTITY, RECIPIENT_INVALID, NO_RECIPIENTS
 */
export async function updateFileKeys(bytes: Uint8Array, request: KeysRequest): Promise<{ bytes: Uint8Array; added: string[]; removed: string[] }> {
  const { format, file } = request;
  const { document, metadata } = inspect(bytes, format, file, request.policy);
  const groups = request.groups ?? asGroups(metadata, request.recipients ?? []);
  if (groups.length === 0 || groups.every((g) => g.every((r) => r.trim() === ""))) {
    throw new HushError("NO_RECIPIENTS", "updating keys would leave the file without any recipient", { file });
  }
  if (groups.some((g) => g.every((r) => r.trim() === ""))) throw new HushError("NO_RECIPIENTS", "a key group would be left without any recipient", { file });
  const plan = planKeyUpdate(metadata, groups, request.groups ? request.shamirThreshold : metadata.shamirThreshold);
  if (!plan.changed) return { bytes, added: [], removed: [] };

  let keyGroups: KeyGroup[];
  let shamirThreshold = metadata.shamirThreshold;
  if (plan.regroup) {
    refuseDroppingForeignKeys(metadata, request.dropForeignKeys, "changing the key groups' shape", file);
    const dataKey = await openDataKey(metadata, request.identities, file);
    shamirThreshold = groups.length > 1 ? (request.shamirThreshold ?? groups.length) : undefined;
    keyGroups = await wrapForGroups(
      dataKey,
      groups.map((g) => [...new Set(g.map((r) => r.trim()).filter(Boolean))]),
      shamirThreshold,
    );
  } else {
    keyGroups = [];
    for (let i = 0; i < plan.addedByGroup.length; i++) {
      const group = metadata.keyGroups[i] ?? { age: [], others: {} };
      const newcomers = plan.addedByGroup[i]!;
      let secret: Uint8Array | undefined;
      if (newcomers.length > 0) secret = await groupSecret(metadata, i, request.identities, file);
      const added: AgeEntry[] = [];
      for (const recipient of newcomers) added.push({ recipient, enc: await wrapDataKey(secret!, recipient) });
      const leaving = plan.removedByGroup[i] ?? [];
      keyGroups.push({ age: [...group.age.filter((e) => !leaving.includes(e.recipient)), ...added], others: group.others });
    }
  }
  const updated: Metadata = { ...metadata, keyGroups };
  if (shamirThreshold === undefined) delete updated.shamirThreshold;
  else updated.shamirThreshold = shamirThreshold;
  return {
    bytes: formatOf(format).emit(document, metadataToWire(updated), request.indent === undefined ? {} : { indent: request.indent }),
    added: plan.added,
    removed: plan.removed,
  };
}

/**
 * A plain recipient list for a file's groups: its one group, or, for several,
 * new recipients joining the first group and removed ones leaving every group
 * (the shape stays, as sops's rotate --add-age/--rm-age does).
 */
function asGroups(metadata: Metadata, recipients: readonly string[]): string[][] {
  if (metadata.keyGroups.length <= 1) return [[...recipients]];
  const wanted = new Set(recipients.map((r) => r.trim()));
  const current = metadata.keyGroups.map((g) => g.age.map((e) => e.recipient));
  const known = new Set(current.flat());
  return current.map((g, i) => [...g.filter((r) => wanted.has(r)), ...(i === 0 ? [...wanted].filter((r) => r !== "" && !known.has(r)) : [])]);
}

/** The secret group `index` wraps: the data key itself for one group, that group's Shamir share for several. */
async function groupSecret(metadata: Metadata, index: number, identities: IdentitySet, file?: string): Promise<Uint8Array> {
  if (metadata.keyGroups.length <= 1) return openDataKey(metadata, identities, file);
  try {
    return await unwrapDataKey(metadata.keyGroups[index]!.age, identities, file);
  } catch (error) {
    if (!isHushError(error, "NO_MATCHING_IDENTITY")) throw error;
    throw new HushError(
      "NO_MATCHING_IDENTITY",
      `adding recipients to key group ${index + 1} needs a key of that group; none of the loaded identities opens it`,
      {
        file,
        hint: "run updatekeys with a key of that group (SOPS_AGE_KEY / SOPS_AGE_KEY_FILE)",
        cause: error,
      },
    );
  }
}

/**
 * A new data key: every value re-encrypted, every recipient re-wrapped (to
 * `recipients` or `groups`, default the file's own groups; the threshold stays). The MAC is checked first; the
 * version stays as it was.
 * @throws HushError as decryptFile, plus NO_RECIPIENTS, RECIPIENT_INVALID
 */
export async function rotate(bytes: Uint8Array, request: Omit<KeysRequest, "shamirThreshold">): Promise<Uint8Array> {
  const { format, file } = request;
  const opened = await decrypt(bytes, {
    format,
    identities: request.identities,
    ...(file ? { file } : {}),
    policy: request.policy,
  });
  const { metadata } = opened;
  refuseDroppingForeignKeys(metadata, request.dropForeignKeys, "rotating", file);
  const groups = request.groups ?? (request.recipients ? [request.recipients] : metadata.keyGroups.map((g) => g.age.map((e) => e.recipient)));
  if (groups.some((g) => g.length === 0)) throw new HushError("NO_RECIPIENTS", "a key group would be left without any recipient", { file });
  return encrypt(
    opened.document,
    {
      format,
      selection: metadata.selection,
      macOnlyEncrypted: metadata.macOnlyEncrypted,
      ...(request.indent !== undefined ? { indent: request.indent } : {}),
      ...(file ? { file } : {}),
    },
    {
      recipientGroups: groups,
      version: metadata.version,
      ...(groups.length > 1 && metadata.shamirThreshold ? { shamirThreshold: metadata.shamirThreshold } : {}),
    },
  );
}
