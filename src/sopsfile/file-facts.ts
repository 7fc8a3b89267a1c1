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

/** A top-level entry the scanner reads: a plain or simple quoted key, then a value on the same line. */
const TOP_ENTRY = /([A-Za-z0-9_](?:[A-Za-z0-9_./ -]*[A-Za-z0-9_./-])?|"[^"\\]*"|'[^']*'): +([\x20-\x7e]*)$/my;
/** A field name and its colon (sticky: set lastIndex; lastIndex is then just after the colon). */
const FIELD_NAME = /[A-Za-z_]+:/y;
/** After a field's colon: spaces, then printable ASCII to the end of the line (sticky). */
const PRINTABLE_VALUE = / +[\x20-\x7e]*$/my;
/** What a plain scalar may not start with (YAML's indicators; `-` only before a space). */
const INDICATORS = new Set([..."-?:,[]{}#&*!|>'\"%@`"].map((c) => c.charCodeAt(0)));
/** Fields read as one scalar. */
const SCALAR_FIELDS = new Set<string>(["lastmodified", "mac", "version", "mac_only_encrypted", ...SELECTION_KINDS]);
/** Key lists that sops before 3.9 wrote empty (`kms: []`): nothing to read, as the codec ignores them. */
const EMPTY_LIST_FIELDS = new Set(["age", "azure_kv", "gcp_kms", "hc_vault", "hckms", "kms", "pgp"]);

/**
 * The facts of a sops YAML file, or undefined when it is not in the shape
 * read here (the caller then asks the codec). A file with no `sops:` line
 * gives its entries and no sopsLine: not encrypted.
 *
 * One pass over the lines by offsets, with the state in local variables: no
 * line strings, no cursor object. It runs over thousands of files before
 * the JIT has optimized it (`hush secret list`, `hush check`), where every
 * call and property load costs; an armor line costs one indexOf and one compare.
 * @throws never
 */
export function scanSopsYaml(text: string): SopsFileFacts | undefined {
  // The lines read here take printable ASCII only; elsewhere (an armor) a CR would break a line where YAML breaks it,
  // a tab could indent, and U+FFFD may stand for bytes that are not UTF-8 (the codec refuses those).
  if (text.includes("\r") || text.includes("\t") || text.includes("\uFFFD")) return undefined;
  const entries: TopEntry[] = [];
  let seen: Set<string> | undefined; // made only for files with many keys: most have a few
  let sopsLine: number | undefined;
  const fields: Field[] = [];
  let fieldIndent = -1;
  // The age list being read: its dash column (-1 before its first line), the open entry's key column and what it has.
  let age: Located<string>[] | undefined;
  let dash = -1;
  let column = -1;
  let recipient: Located<string> | undefined;
  let enc = false;
  // An `enc: |` armor being skipped: its key's column, the indent of its first line (-1 before it) and that many spaces.
  let literalKey = -1;
  let literalIndent = -1;
  let literalPrefix = "";
  let number = 0;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = start;
    start = end + 1;
    number++;
    if (literalKey >= 0) {
      // The common case, an armor line: at least the first line's indent, one native compare.
      if (literalIndent >= 0 && end - line > literalIndent && text.startsWith(literalPrefix, line)) continue;
    }
    let indent = 0;
    while (line + indent < end && text.charCodeAt(line + indent) === 32) indent++;
    if (line + indent === end) continue; // blank
    if (literalKey >= 0) {
      if (indent > literalKey) {
        if (literalIndent >= 0) return undefined; // less indented than its first line: a YAML error
        literalIndent = indent;
        literalPrefix = " ".repeat(indent);
        continue;
      }
      literalKey = -1;
      literalIndent = -1;
    }
    if (sopsLine === undefined) {
      // The top level: `key: value` lines, then `sops:`.
      if (end - line === 5 && text.startsWith("sops:", line)) {
        sopsLine = number;
        continue;
      }
      TOP_ENTRY.lastIndex = line;
      const m = TOP_ENTRY.exec(text);
      if (!m) return undefined;
      const raw = m[1]!;
      const quoted = raw[0] === '"' || raw[0] === "'";
      const key = quoted ? raw.slice(1, -1) : raw;
      // `sops: x`, duplicates and keys YAML reads as something else (1, true, null, 2024-01-01) are the codec's to report.
      if (key === "sops" || (!quoted && !isPlainString(key))) return undefined;
      if (seen) {
        if (seen.has(key)) return undefined;
        seen.add(key);
      } else {
        for (const e of entries) if (e.key === key) return undefined;
        if (entries.length === 16) seen = new Set([...entries.map((e) => e.key), key]);
      }
      const value = readScalar(m[2]!.trimEnd());
      if (value === undefined) return undefined;
      entries.push({ key, value, line: number });
      continue;
    }
    if (indent === 0) return undefined; // a top-level line after the block
    if (age) {
      // go-yaml v2 wrote the dashes under the field, v3 indents them.
      if (dash < 0) {
        if (indent < fieldIndent) return undefined;
        dash = indent;
      }
      const isDash = indent === dash && text.charCodeAt(line + indent) === 45 /* - */ && text.charCodeAt(line + indent + 1) === 32;
      if (indent === column && !isDash) {
        // The open entry's next key.
        if (!readField(text, line + indent, end)) return undefined;
      } else if (isDash) {
        // A new entry: `- key: value`, its other keys lined up under the first.
        if (column >= 0 && (!recipient || !enc)) return undefined;
        if (recipient) age.push(recipient);
        recipient = undefined;
        enc = false;
        column = indent + 2;
        while (text.charCodeAt(line + column) === 32) column++;
        if (!readField(text, line + column, end)) return undefined;
      } else if (indent < dash || indent === fieldIndent) {
        // The list ends: back to the fields.
        if (column < 0 || !recipient || !enc) return undefined;
        age.push(recipient);
        age = undefined;
        recipient = undefined;
        if (indent > fieldIndent) return undefined;
      } else return undefined;
      if (age) {
        if (fieldName === "recipient" && recipient === undefined) {
          const value = readScalar(fieldValue);
          if (typeof value !== "string") return undefined;
          recipient = { value, line: number };
        } else if (fieldName === "enc" && !enc) {
          enc = true;
          if (fieldValue === "|" || fieldValue === "|-") literalKey = column;
          else if (typeof readScalar(fieldValue) !== "string") return undefined;
        } else return undefined; // another key, or one twice
        continue;
      }
    }
    // A field of the block.
    if (fieldIndent < 0) fieldIndent = indent;
    if (indent !== fieldIndent || !readField(text, line + indent, end)) return undefined;
    const name = fieldName;
    const rest = fieldValue;
    const field: Field = { name, folded: name.toLowerCase(), line: number, value: undefined, recipients: undefined };
    for (const f of fields) if (f.name === name) return undefined; // a duplicate key: a YAML error
    fields.push(field);
    if (rest === "") {
      if (field.folded !== "age") return undefined; // key groups, other key types, unknown nesting: the codec's
      age = field.recipients = [];
      dash = -1;
      column = -1;
    } else if (rest === "[]") {
      if (!EMPTY_LIST_FIELDS.has(field.folded)) return undefined;
      field.recipients = [];
    } else {
      if (!SCALAR_FIELDS.has(field.folded)) return undefined;
      field.value = readScalar(rest);
      if (field.value === undefined) return undefined;
    }
  }
  if (age) {
    // The file ends in the list.
    if (column < 0 || !recipient || !enc) return undefined;
    age.push(recipient);
  }
  const facts: SopsFileFacts = { entries, sopsLine, recipients: [] };
  if (sopsLine === undefined) return facts;
  return fields.length > 0 && readFields(fields, facts) ? facts : undefined;
}

/** What {@link readField} read last (module state: no object per line). */
let fieldName = "";
let fieldValue = "";

/**
 * Reads `name:` or `name: value` (letters and `_`, then printable ASCII) from
 * `from` to the line's `end` into fieldName and fieldValue ("" when none);
 * false when the line is none.
 */
function readField(text: string, from: number, end: number): boolean {
  FIELD_NAME.lastIndex = from;
  if (!FIELD_NAME.test(text)) return false;
  let i = FIELD_NAME.lastIndex; // after the colon
  fieldName = text.slice(from, i - 1);
  fieldValue = "";
  if (i === end) return true;
  PRINTABLE_VALUE.lastIndex = i;
  if (!PRINTABLE_VALUE.test(text)) return false;
  while (text.charCodeAt(i) === 32) i++;
  let last = end;
  while (last > i && text.charCodeAt(last - 1) === 32) last--; // trailing spaces (rare)
  fieldValue = text.slice(i, last);
  return true;
}

interface Field {
  name: string;
  /** The name in lower case: sops finds a field by case-insensitive match when its exact name is absent. */
  folded: string;
  line: number;
  value: WireScalar | undefined;
  recipients: Located<string>[] | undefined;
}

/** The facts of the block's fields, into `facts`; false when the codec would refuse them. */
function readFields(fields: readonly Field[], facts: SopsFileFacts): boolean {
  // One pass: per known name, the field of that exact name, else the first whose name matches it in any case (metadata.ts foldedFields).
  const picked = new Map<string, Field>();
  for (const f of fields) {
    const held = picked.get(f.folded);
    if (held === undefined || (held.name !== f.folded && f.name === f.folded)) picked.set(f.folded, f);
  }
  facts.recipients = picked.get("age")?.recipients ?? [];
  const lastModified = picked.get("lastmodified");
  const mac = picked.get("mac");
  const version = picked.get("version");
  // The codec refuses a lastmodified or mac that is not a string.
  if (!isStringOrNull(lastModified?.value) || !isStringOrNull(mac?.value)) return false;
  if (typeof lastModified?.value === "string") facts.lastModified = { value: lastModified.value, line: lastModified.line };
  if (typeof mac?.value === "string") facts.mac = { value: mac.value, line: mac.line };
  if (version && version.value !== null) facts.version = { value: String(version.value), line: version.line };

  // sops counts an empty option as unset; two options set is the codec's error to report.
  let selection: Located<Selection> | undefined;
  for (const kind of SELECTION_KINDS) {
    const f = picked.get(kind);
    if (f === undefined || f.value === null || f.value === "") continue;
    if (selection) return false;
    selection = { value: { kind, value: String(f.value) }, line: f.line };
  }
  if (selection) facts.selection = selection;

  const macOnly = picked.get("mac_only_encrypted");
  if (macOnly) {
    const value = weakBool(macOnly.value);
    if (value === undefined) return false;
    facts.macOnlyEncrypted = { value, line: macOnly.line };
  }
  return true;
}

function isStringOrNull(value: WireScalar | undefined): boolean {
  return value === undefined || value === null || typeof value === "string";
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
  const code = first.charCodeAt(0);
  if (INDICATORS.has(code) && !(code === 45 /* - */ && text.length > 1 && text[1] !== " ")) return undefined;
  if ((text.includes(" ") && (text.includes(" #") || text.includes(": "))) || text.endsWith(":")) return undefined;
  if (text.length > 5 && isLetter(code)) return text; // no null, bool, number or time starts with a letter and is this long
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

/** Whether a plain key reads as itself (not 1, true, null, 2024-01-01, ...). */
function isPlainString(key: string): boolean {
  return (key.length > 5 && isLetter(key.charCodeAt(0))) || resolvePlain(key).kind === "str";
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
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
