/**
 * CONTRACT (owned by the codec helper; signatures are fixed, bodies to be written):
 * the sops metadata model, kept apart from its wire shape (spec §5).
 */
import type { WireMap } from "../formats/format.js";

export type SelectionKind =
  | "unencrypted_suffix"
  | "encrypted_suffix"
  | "unencrypted_regex"
  | "encrypted_regex"
  | "unencrypted_comment_regex"
  | "encrypted_comment_regex";

/** Which values get encrypted (spec §3). Default: `{ kind: "unencrypted_suffix", value: "_unencrypted" }`. */
export interface Selection {
  kind: SelectionKind;
  value: string;
}

export interface AgeEntry {
  recipient: string;
  /** The armored age file holding the data key (or a Shamir share), with its final newline. */
  enc: string;
}

export interface KeyGroup {
  age: AgeEntry[];
  /** pgp, kms, gcp_kms, azure_kv, hc_vault, hckms entries, kept verbatim so a rewrite never drops them. */
  others: WireMap;
}

export interface Metadata {
  keyGroups: KeyGroup[];
  /** Only with more than one key group (Shamir). */
  shamirThreshold?: number;
  /** RFC 3339 UTC, second precision: `2025-01-01T00:00:00Z`. */
  lastModified: string;
  /** The encrypted MAC (`ENC[...]`), or "" when the file has none. */
  mac: string;
  selection: Selection;
  macOnlyEncrypted: boolean;
  version: string;
}

export const DEFAULT_SELECTION: Selection = { kind: "unencrypted_suffix", value: "_unencrypted" };

/** Every age recipient of the file, in file order, across key groups. */
export function ageRecipients(metadata: Metadata): string[] {
  return metadata.keyGroups.flatMap((g) => g.age.map((e) => e.recipient));
}

export declare function metadataFromWire(wire: WireMap, file?: string): Metadata;
export declare function metadataToWire(metadata: Metadata): WireMap;
