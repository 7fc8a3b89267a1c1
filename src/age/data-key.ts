/** CONTRACT (owned by the age helper). Wrapping the sops data key for one recipient, and unwrapping it. */
import type { AgeEntry } from "../sops/metadata.js";
import type { IdentitySet } from "./identities.js";

/** Encrypts `dataKey` to one recipient; returns the armored age file with its final newline (spec §6.1). @throws RECIPIENT_INVALID */
export declare function wrapDataKey(dataKey: Uint8Array, recipient: string): Promise<string>;

/**
 * Opens the data key: first the entries whose recipient matches a loaded
 * identity, then (rarely needed) the others.
 * @throws HushError NO_IDENTITY, NO_MATCHING_IDENTITY (message lists the file's recipients)
 */
export declare function unwrapDataKey(entries: readonly AgeEntry[], identities: IdentitySet, file?: string): Promise<Uint8Array>;
