/**
 * The facts of a sops YAML file, read line by line, with no private key and
 * no YAML parser: its top-level keys (with the value written on each key's
 * line), where the `sops:` block starts, the age recipients (SSH ones too),
 * lastmodified, the MAC, the version, the recorded selection and
 * `mac_only_encrypted` — each with its line. sops's metadata field names are
 * matched in any letter case, as sops matches them (metadata.ts).
 *
 * The one scanner of secret files: `hush secret list` (store/secret-summary.ts),
 * the pre-commit check (check/encrypted.ts), `hush log` and the diff driver
 * (the line readers below). It reads the shape sops and hush write — flat
 * `key: value` lines, then the `sops:` block at any indent, sequences indented
 * or in go-yaml v2's layout, sops's older `kms: []` lines. Anything it cannot
 * read for certain (comments, nesting, lists, multi-line, tagged or escaped
 * values, key groups, unknown or duplicate fields, tabs, non-ASCII, a key
 * after the block) returns undefined and goes to the codec's full inspect, so
 * the scanner is never the only judge. On what it reads, its facts are the
 * full parser's (test/property/file-facts.test.ts holds it to that) — an
 * `- recipient:` line inside an `enc` armor, say, is armor, not a recipient.
 */
import { resolvePlain } from "../formats/yaml/resolve.js";
import { SELECTION_KINDS, type Selection } from "../sops/metadata.js";

/** A fact and its line (1-based). */
export interface Located<T> {
  value: T;
  line: number;
}

/** A one-line scalar as the codec's wire data holds it (timestamps as their text, integers as numbers). */
export type WireScalar = string | number | boolean | null;

/** A top-level `key: value` line. */
export interface TopEntry {
  key: string;
  /** The value as YAML reads it: `ENC[...]` text, a clear scalar, "" (sops never encrypts empty strings). */
  value: WireScalar;
  line: number;
}

export interface SopsFileFacts {
  /** Top-level keys other than `sops`, in file order. */
  entries: TopEntry[];
  /** Line of `sops:`; undefined when the file has no sops block (it is not encrypted; the other facts are then empty). */
  sopsLine: number | undefined;
  /** Age recipients (`age1...`, `ssh-ed25519 AAAA... comment`), in file order. */
  recipients: Located<string>[];
  /** As recorded (not normalized); undefined when missing. */
  lastModified?: Located<string>;
  /** The encrypted MAC as recorded; undefined when missing. */
  mac?: Located<string>;
  version?: Located<string>;
  /** The selection option the file records (none: sops's default), to compare with the file's policy. */
  selection?: Located<Selection>;
  macOnlyEncrypted?: Located<boolean>;
}

/** Characters outside the scanner's reach anywhere in the file: non-ASCII, control characters, tabs, CR. */
const OUTSIDE = /[^\x20-\x7e\n]/;
/** A top-level entry the scanner reads: a plain or simple quoted key, then a value on the same line. */
const TOP_ENTRY = /^([A-Za-z0-9_](?:[A-Za-z0-9_./ -]*[A-Za-z0-9_./-])?|"[^"\\]*"|'[^']*'): +(.*)$/;
/** A metadata field or an age entry's key, after its indent. */
const FIELD = /^([A-Za-z_]+):(?: +(.*))?$/;
/** What a plain scalar may not start with (YAML's indicators; `-` only before a space). */
const INDICATORS = new Set(["-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", '"', "%", "@", "`"]);
/** Fields read as one scalar. */
const SCALAR_FIELDS = new Set<string>(["lastmodified", "mac", "version", "mac_only_encrypted", ...SELECTION_KINDS]);
/** Key lists that sops before 3.9 wrote empty (`kms: []`): nothing to read, as the codec ignores them. */
const EMPTY_LIST_FIELDS = new Set(["age", "azure_kv", "gcp_kms", "hc_vault", "hckms", "kms", "pgp"]);

/**
 * The facts of a sops YAML file, or undefined when it is not in the shape
 * read here (the caller then asks the codec). A file with no `sops:` line
 * gives its entries and no sopsLine: not encrypted.
 * @throws never
 */
export function scanSopsYaml(text: string): SopsFileFacts | undefined {
  if (OUTSIDE.test(text)) return undefined;
  const lines = text.split("\n");
  const entries: TopEntry[] = [];
  const seen = new Set<string>();
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") continue;
    if (line === "sops:") break;
    const m = TOP_ENTRY.exec(line);
    if (!m) return undefined;
    const raw = m[1]!;
    const quoted = raw[0] === '"' || raw[0] === "'";
    const key = quoted ? raw.slice(1, -1) : raw;
    // `sops: x`, duplicates and keys YAML reads as something else (1, true, null, 2024-01-01) are the codec's to report.
    if (key === "sops" || seen.has(key) || (!quoted && resolvePlain(key).kind !== "str")) return undefined;
    const value = readScalar(m[2]!.trimEnd());
    if (value === undefined) return undefined;
    seen.add(key);
    entries.push({ key, value, line: i + 1 });
  }
  const facts: SopsFileFacts = { entries, sopsLine: undefined, recipients: [] };
  if (i === lines.length) return facts;
  facts.sopsLine = i + 1;
  return readSopsBlock(lines, i + 1, facts) ? facts : undefined;
}

interface Field {
  name: string;
  /** The name in lower case: sops finds a field by case-insensitive match when its exact name is absent. */
  folded: string;
  line: number;
  value?: WireScalar;
  recipients?: Located<string>[];
}

/** Reads the block from `start` into `facts`; false when it is outside the shape. */
function readSopsBlock(lines: string[], start: number, facts: SopsFileFacts): boolean {
  const fields: Field[] = [];
  let indent = -1;
  let i = start;
  while (i < lines.length) {
    const line = lines[i]!;
    const at = indentOf(line);
    if (at === line.length) {
      i++; // blank
      continue;
    }
    if (at === 0) return false; // a top-level line after the block
    if (indent < 0) indent = at;
    if (at !== indent) return false;
    const m = FIELD.exec(line.slice(at));
    if (!m) return false;
    const name = m[1]!;
    const field: Field = { name, folded: name.toLowerCase(), line: i + 1 };
    const rest = m[2]?.trimEnd();
    i++;
    if (rest === undefined || rest === "") {
      if (field.folded !== "age") return false; // key groups, other key types, unknown nesting: the codec's
      const age = readAgeList(lines, i, indent);
      if (!age) return false;
      field.recipients = age.recipients;
      i = age.next;
    } else if (rest === "[]") {
      if (!EMPTY_LIST_FIELDS.has(field.folded)) return false;
      field.recipients = [];
    } else {
      if (!SCALAR_FIELDS.has(field.folded)) return false;
      field.value = readScalar(rest);
      if (field.value === undefined) return false;
    }
    if (fields.some((f) => f.name === name)) return false; // a duplicate key: a YAML error
    fields.push(field);
  }
  if (fields.length === 0) return false;
  // The exact name, else the first case-insensitive match (metadata.ts foldedFields).
  const pick = (name: string): Field | undefined => fields.find((f) => f.name === name) ?? fields.find((f) => f.folded === name);

  facts.recipients = pick("age")?.recipients ?? [];
  const text = (name: string, strict: boolean): Located<string> | undefined | false => {
    const f = pick(name);
    if (f === undefined || f.value === null || f.value === undefined) return undefined;
    if (typeof f.value !== "string" && strict) return false; // the codec refuses it
    return { value: String(f.value), line: f.line };
  };
  const lastModified = text("lastmodified", true);
  const mac = text("mac", true);
  const version = text("version", false);
  if (lastModified === false || mac === false || version === false) return false;
  if (lastModified) facts.lastModified = lastModified;
  if (mac) facts.mac = mac;
  if (version) facts.version = version;

  // sops counts an empty option as unset; two options set is the codec's error to report.
  const recorded = SELECTION_KINDS.map(pick).filter((f): f is Field => f !== undefined && f.value !== null && f.value !== "");
  if (recorded.length > 1) return false;
  const option = recorded[0];
  if (option) facts.selection = { value: { kind: SELECTION_KINDS.find((k) => pick(k) === option)!, value: String(option.value) }, line: option.line };

  const macOnly = pick("mac_only_encrypted");
  if (macOnly) {
    const value = weakBool(macOnly.value);
    if (value === undefined) return false;
    facts.macOnlyEncrypted = { value, line: macOnly.line };
  }
  return true;
}

/**
 * The `age:` list from line `start` (after `age:` at column `fieldIndent`):
 * entries of `recipient` and `enc` in either order, the `enc` armor a literal
 * block. Returns the recipients and the index of the first line after it.
 */
function readAgeList(lines: string[], start: number, fieldIndent: number): { recipients: Located<string>[]; next: number } | undefined {
  const recipients: Located<string>[] = [];
  let dash = -1;
  let i = start;
  while (i < lines.length) {
    const line = lines[i]!;
    const at = indentOf(line);
    if (at === line.length) {
      i++;
      continue;
    }
    if (dash < 0) {
      // go-yaml v2 wrote the dashes under the field, v3 indents them.
      if (at < fieldIndent) return undefined;
      dash = at;
    }
    if (at < dash) {
      if (at > fieldIndent) return undefined;
      break;
    }
    if (at !== dash || line.charCodeAt(at) !== 45 /* - */ || line.charCodeAt(at + 1) !== 32) {
      if (at === fieldIndent) break; // legacy layout: the next field
      return undefined;
    }
    // One entry: `- key: value`, its other keys lined up under the first.
    let column = at + 2;
    while (line.charCodeAt(column) === 32) column++;
    let recipient: Located<string> | undefined;
    let enc = false;
    let keyLine = i;
    for (;;) {
      const m = FIELD.exec(lines[keyLine]!.slice(column));
      if (!m) return undefined;
      const rest = m[2]?.trimEnd() ?? "";
      i = keyLine + 1;
      if (m[1] === "recipient" && recipient === undefined) {
        const value = readScalar(rest);
        if (typeof value !== "string") return undefined;
        recipient = { value, line: keyLine + 1 };
      } else if (m[1] === "enc" && !enc) {
        enc = true;
        if (rest === "|" || rest === "|-") {
          const end = literalEnd(lines, i, column);
          if (end === undefined) return undefined;
          i = end;
        } else if (typeof readScalar(rest) !== "string") return undefined;
      } else return undefined; // another key, or one twice
      // The entry's next key, if any, sits at `column` on the next non-blank line.
      while (i < lines.length && indentOf(lines[i]!) === lines[i]!.length) i++;
      if (i >= lines.length || indentOf(lines[i]!) !== column) break;
      keyLine = i;
    }
    if (!recipient || !enc) return undefined;
    recipients.push(recipient);
  }
  if (recipients.length === 0) return undefined;
  return { recipients, next: i };
}

/** The index just after a literal block's content (lines indented deeper than its key at `keyIndent`). */
function literalEnd(lines: string[], start: number, keyIndent: number): number | undefined {
  let content = -1;
  let i = start;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    const at = indentOf(line);
    if (at === line.length) continue; // a blank line inside (or after) the block
    if (at <= keyIndent) break;
    if (content < 0) content = at;
    else if (at < content) return undefined; // less indented than its first line: a YAML error
  }
  // Trailing blank lines belong to what follows.
  while (i > start && indentOf(lines[i - 1]!) === lines[i - 1]!.length) i--;
  return i;
}

/**
 * A one-line scalar as the codec reads it into wire data: a simple quoted
 * string, or a plain scalar resolved as go-yaml resolves it. undefined when
 * it is anything else (escapes, a comment, `a: b`, an indicator, an integer
 * beyond uint64, an empty value).
 */
function readScalar(text: string): WireScalar | undefined {
  const first = text[0];
  if (first === undefined) return undefined;
  if (first === '"' || first === "'") {
    const close = text.indexOf(first, 1);
    if (close !== text.length - 1 || (first === '"' && text.includes("\\"))) return undefined;
    return text.slice(1, -1);
  }
  if (INDICATORS.has(first) && !(first === "-" && text.length > 1 && text[1] !== " ")) return undefined;
  if (text.includes(" #") || text.includes(": ") || text.endsWith(":")) return undefined;
  const resolved = resolvePlain(text);
  switch (resolved.kind) {
    case "null":
      return null;
    case "bool":
    case "float":
    case "str":
      return resolved.value;
    case "int":
      return Number(resolved.value);
    case "timestamp":
      return resolved.value.text;
    case "merge":
      return text;
    case "uint":
      return undefined;
  }
}

/** `mac_only_encrypted` as sops's weakly typed decode reads a bool (metadata.ts); undefined when it is none. */
function weakBool(value: WireScalar | undefined): boolean | undefined {
  if (value === undefined || value === null || value === false || value === "") return false;
  if (value === true) return true;
  if (typeof value === "number") return value !== 0;
  if (["1", "t", "T", "TRUE", "true", "True"].includes(value)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(value)) return false;
  return undefined;
}

function indentOf(line: string): number {
  let n = 0;
  while (line.charCodeAt(n) === 32) n++;
  return n;
}

// ---- Line readers, for text that is not a whole file (a diff's changed lines) or not in the scanner's shape.

/** A line at column 0 that opens a top-level key: `key: value`, `key:`, `"quoted key": value`. */
const TOP_LINE = /^([^\s#'"?:,[\]{}&*!|>%@`-][^:]*|"[^"\\]*"|'[^']*'):(?: +(.*))?$/;

/**
 * The top-level key a line opens, unquoted, and the value text written on it
 * (trailing spaces dropped; undefined when the value is nested below);
 * undefined for any other line.
 */
export function readTopLevelLine(line: string): { key: string; value: string | undefined } | undefined {
  const m = TOP_LINE.exec(line);
  if (!m) return undefined;
  const raw = m[1]!;
  const key = raw[0] === '"' || raw[0] === "'" ? raw.slice(1, -1) : raw.trimEnd();
  const value = m[2]?.trimEnd();
  return { key, value: value === "" ? undefined : value };
}

const RECIPIENT_LINE = /^ +(?:- +)?recipient:(?: +(.*))?$/;

/**
 * The recipient on an age entry's `recipient:` line (a line of the sops
 * block); undefined when it is no such line; null when it is one this reader
 * cannot read (escapes, a comment, a block scalar): the caller parses the YAML.
 */
export function readRecipientLine(line: string): string | null | undefined {
  const m = RECIPIENT_LINE.exec(line);
  if (!m) return undefined;
  const value = readScalar((m[1] ?? "").trimEnd());
  return typeof value === "string" ? value : null;
}
