/**
 * The sops metadata model, kept apart from its wire shape (spec §5).
 */
import type { WireMap, WireValue } from "./wire.js";
import { HushError } from "../errors.js";
import { normalizeRfc3339 } from "./timestamp.js";

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
  /** As recorded; "" when the file records none (other sops implementations). Checked only where a value is decrypted ({@link versionProblem}): filestatus and updatekeys read any, as sops does. */
  version: string;
}

export const DEFAULT_SELECTION: Selection = { kind: "unencrypted_suffix", value: "_unencrypted" };

/** Every age recipient of the file, in file order, across key groups. */
export function ageRecipients(metadata: Metadata): string[] {
  return metadata.keyGroups.flatMap((g) => g.age.map((e) => e.recipient));
}

/** The selection options sops knows, in the order it checks them. */
export const SELECTION_KINDS: readonly SelectionKind[] = [
  "unencrypted_suffix",
  "encrypted_suffix",
  "unencrypted_regex",
  "encrypted_regex",
  "unencrypted_comment_regex",
  "encrypted_comment_regex",
];

/** Master-key lists other than age: kept verbatim. */
const OTHER_KEY_TYPES = ["azure_kv", "gcp_kms", "hc_vault", "hckms", "kms", "pgp"] as const;

// Semver X.Y.Z with optional leading v and pre-release/build (sops parses it strictly, spec §11).
const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/**
 * Why sops would not decrypt a file with this version (its version compare
 * fails first, cmd/sops/common DetectKMSEncryptionContextBug); undefined when it would.
 */
export function versionProblem(version: string): string | undefined {
  if (version === "") return "version is missing; sops and hush decrypt only files that record their sops version";
  if (!(SEMVER.test(version) || version.startsWith("1."))) return `version ${JSON.stringify(version)} is not a semantic version`;
  return undefined;
}

/**
 * Reads the `sops` block in any key order, ignoring unknown keys, nulls and
 * empty lists (and, as sops, empty selection options). The version is not
 * judged here (a missing one reads as ""): decrypt refuses what sops refuses
 * ({@link versionProblem}), filestatus and updatekeys read it, as sops does.
 * `lastModified` comes back re-formatted as the MAC's AAD wants it.
 * @throws HushError METADATA_INVALID (names the field), NOT_ENCRYPTED when the block is empty
 */
export function metadataFromWire(block: WireMap, file?: string): Metadata {
  const fail = (message: string): never => {
    throw new HushError("METADATA_INVALID", `sops metadata: ${message}`, { file });
  };
  const wire = foldedFields(block);
  const rawLastModified = wire["lastmodified"];
  if (rawLastModified === undefined || rawLastModified === null) fail("lastmodified is missing");
  const lastModified = typeof rawLastModified === "string" ? normalizeRfc3339(rawLastModified) : undefined;
  if (lastModified === undefined) fail("lastmodified is not an RFC 3339 time");
  const version = scalarText(wire["version"]) ?? "";
  const mac = wire["mac"];
  if (mac !== undefined && mac !== null && typeof mac !== "string") fail("mac is not a string");

  // sops counts an empty option as unset (stores.go ToInternal), so `unencrypted_suffix: ""` is the default, not "nothing encrypted".
  const recorded = SELECTION_KINDS.filter((k) => wire[k] !== undefined && wire[k] !== null && wire[k] !== "");
  if (recorded.length > 1) fail(`more than one selection rule is recorded (${recorded.join(", ")})`);
  const kind = recorded[0];
  const selection: Selection = kind === undefined ? DEFAULT_SELECTION : { kind, value: scalarText(wire[kind]) ?? "" };

  let keyGroups: KeyGroup[];
  const groups = wire["key_groups"];
  if (Array.isArray(groups) && groups.length > 0) {
    keyGroups = groups.map((g, i) => (isMap(g) ? groupFromWire(foldedFields(g), fail) : fail(`key_groups[${i}] is not a map`)));
  } else {
    keyGroups = [groupFromWire(wire, fail)];
  }
  const threshold = wire["shamir_threshold"];
  const shamirThreshold = threshold === undefined || threshold === null ? undefined : Number(threshold);
  if (shamirThreshold !== undefined && !Number.isInteger(shamirThreshold)) fail("shamir_threshold is not an integer");
  const macOnlyEncrypted = weakBool(wire["mac_only_encrypted"], fail);

  const metadata: Metadata = {
    keyGroups,
    lastModified: lastModified as string,
    mac: typeof mac === "string" ? mac : "",
    selection,
    macOnlyEncrypted,
    version,
  };
  if (shamirThreshold !== undefined && shamirThreshold !== 0) metadata.shamirThreshold = shamirThreshold;
  return metadata;
}

/** The fields sops's metadata struct has (stores.go), by their exact names. */
const KNOWN_FIELDS: readonly string[] = ["shamir_threshold", "key_groups", ...OTHER_KEY_TYPES, "age", "lastmodified", "mac", ...SELECTION_KINDS, "mac_only_encrypted", "version"];

/**
 * The block with each of sops's field names found as sops finds it: the exact
 * key, else a key equal to it under Unicode case folding (mapstructure's
 * default MatchName is strings.EqualFold). So `Encrypted_Regex:` is read as
 * sops reads it — and judged by the selection policy — never silently ignored.
 */
function foldedFields(block: WireMap): WireMap {
  const out: WireMap = { ...block };
  let folded: Map<string, string> | undefined;
  for (const name of KNOWN_FIELDS) {
    if (block[name] !== undefined) continue;
    folded ??= new Map(Object.keys(block).reverse().map((k) => [fold(k), k]));
    const key = folded.get(name);
    if (key !== undefined) out[name] = block[key]!;
  }
  return out;
}

/** Simple case folding close to Go's EqualFold (ſ → s, K (Kelvin) → k). */
function fold(text: string): string {
  return text.toLowerCase().toUpperCase().toLowerCase();
}

/** `mac_only_encrypted` read as sops's weakly typed decode reads a bool (strconv.ParseBool, numbers non-zero). */
function weakBool(value: WireValue | undefined, fail: (m: string) => never): boolean {
  if (value === undefined || value === null || value === false || value === "") return false;
  if (value === true) return true;
  if (typeof value === "number" || typeof value === "bigint") return Number(value) !== 0;
  if (typeof value === "string") {
    if (["1", "t", "T", "TRUE", "true", "True"].includes(value)) return true;
    if (["0", "f", "F", "FALSE", "false", "False"].includes(value)) return false;
  }
  return fail("mac_only_encrypted is not a boolean");
}

function groupFromWire(wire: WireMap, fail: (m: string) => never): KeyGroup {
  const age: AgeEntry[] = [];
  const list = wire["age"];
  if (list !== undefined && list !== null && !Array.isArray(list)) fail("age is not a list");
  for (const [i, entry] of (Array.isArray(list) ? list : []).entries()) {
    if (!isMap(entry) || typeof entry["recipient"] !== "string" || typeof entry["enc"] !== "string") {
      fail(`age[${i}] needs a recipient and an enc string`);
    } else {
      age.push({ recipient: entry["recipient"], enc: entry["enc"] });
    }
  }
  const others: WireMap = {};
  for (const type of OTHER_KEY_TYPES) {
    const value = wire[type];
    if (Array.isArray(value) && value.length > 0) others[type] = value;
  }
  return { age, others };
}

/**
 * The `sops` block as sops 3.13 writes it: every map level in byte order,
 * top-level key lists for one group, `key_groups` for several.
 */
export function metadataToWire(metadata: Metadata): WireMap {
  const wire: WireMap = {};
  if (metadata.keyGroups.length > 1) {
    wire["key_groups"] = metadata.keyGroups.map((g) => sortKeys({ ...g.others, age: ageToWire(g.age), hc_vault: g.others["hc_vault"] ?? [] }));
    wire["shamir_threshold"] = metadata.shamirThreshold ?? metadata.keyGroups.length;
  } else {
    const group = metadata.keyGroups[0];
    if (group && group.age.length > 0) wire["age"] = ageToWire(group.age);
    for (const [type, value] of Object.entries(group?.others ?? {})) if (Array.isArray(value) && value.length > 0) wire[type] = value;
    if (metadata.shamirThreshold) wire["shamir_threshold"] = metadata.shamirThreshold;
  }
  wire["lastmodified"] = metadata.lastModified;
  wire["mac"] = metadata.mac;
  wire[metadata.selection.kind] = metadata.selection.value;
  if (metadata.macOnlyEncrypted) wire["mac_only_encrypted"] = true;
  wire["version"] = metadata.version;
  return sortKeys(wire);
}

function ageToWire(entries: AgeEntry[]): WireValue[] {
  return entries.map((e) => ({ enc: e.enc, recipient: e.recipient }));
}

function sortKeys(map: WireMap): WireMap {
  const sorted: WireMap = {};
  for (const key of Object.keys(map).sort(byteOrder)) sorted[key] = map[key]!;
  return sorted;
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isMap(value: WireValue | undefined): value is WireMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function scalarText(value: WireValue | undefined): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
}
