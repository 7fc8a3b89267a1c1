/**
 * The file's data key and its key groups: opening it (Shamir combine for
 * several groups, spec §7) and wrapping a key for recipients.
 */
import { randomBytes } from "node:crypto";
import { HushError, isHushError } from "../errors.js";
import type { IdentitySet } from "../keys/identities.js";
import type { AgeEntry, KeyGroup, Metadata } from "../sops/metadata.js";
import { combineShares, splitSecret } from "../sops/shamir.js";
import { unwrapDataKey, wrapDataKey } from "./age-entries.js";

/** AES-256: the data key is 32 random bytes (spec §2.1). */
export const DATA_KEY_LENGTH = 32;

/** A fresh random data key. */
export function newDataKey(): Uint8Array {
  return randomBytes(DATA_KEY_LENGTH);
}

/** @throws HushError NO_IDENTITY, NO_MATCHING_IDENTITY, METADATA_INVALID */
export async function openDataKey(metadata: Metadata, identities: IdentitySet, file?: string): Promise<Uint8Array> {
  const groups = metadata.keyGroups;
  if (groups.length <= 1) {
    const key = await unwrapDataKey(groups[0]?.age ?? [], identities, file);
    return checkLength(key, file);
  }
  const shares: Uint8Array[] = [];
  let failure: unknown;
  for (const group of groups) {
    try {
      shares.push(await unwrapDataKey(group.age, identities, file));
    } catch (e) {
      if (!isHushError(e, "NO_MATCHING_IDENTITY")) throw e;
      failure = e;
    }
  }
  const threshold = metadata.shamirThreshold ?? groups.length;
  if (shares.length < threshold) {
    throw new HushError("NO_MATCHING_IDENTITY", `the loaded identities open ${shares.length} of ${groups.length} key groups; ${threshold} are needed`, { file, cause: failure });
  }
  return checkLength(combineShares(shares), file);
}

function checkLength(key: Uint8Array, file?: string): Uint8Array {
  if (key.length !== DATA_KEY_LENGTH) throw new HushError("METADATA_INVALID", `the data key has ${key.length} bytes, not ${DATA_KEY_LENGTH}`, { file });
  return key;
}

/**
 * Wraps `dataKey` for recipient groups: one group gets the key itself, several
 * get one Shamir share each. `keep` supplies existing entries to reuse as they are.
 * @throws HushError NO_RECIPIENTS, RECIPIENT_INVALID
 */
export async function wrapForGroups(dataKey: Uint8Array, groups: readonly (readonly string[])[], threshold?: number, keep?: (recipient: string, group: number) => AgeEntry | undefined): Promise<KeyGroup[]> {
  if (groups.length === 0 || groups.every((g) => g.length === 0)) {
    throw new HushError("NO_RECIPIENTS", "no age recipient to encrypt to", { hint: "pass --age, set SOPS_AGE_RECIPIENTS or add a .sops.yaml creation rule" });
  }
  const secrets = groups.length === 1 ? [dataKey] : splitSecret(dataKey, groups.length, threshold ?? groups.length);
  return Promise.all(
    groups.map(async (recipients, i) => ({
      age: await Promise.all(recipients.map(async (recipient) => keep?.(recipient, i) ?? { recipient, enc: await wrapDataKey(secrets[i]!, recipient) })),
      others: {},
    })),
  );
}
