/**
 * INI as sops reads and writes it through go-ini (spec §1.6, §10.4): one
 * top-level branch per section (`DEFAULT` first), string values, comments
 * kept, metadata in a final `[sops]` section with `\n`-escaped newlines.
 */
import { HushError } from "../errors.js";
import { Branch, Comment, Timestamp } from "../sops/tree.js";
import type { Entry, Item, Value } from "../sops/tree.js";
import type { Format, WireMap } from "./format.js";
import { flattenWire, unflattenWire } from "./flatten.js";
import { formatGoFloat } from "../sops/go-float.js";

const DEFAULT_SECTION = "DEFAULT";
const METADATA_SECTION = "sops";

interface Section {
  name: string;
  items: Item[];
  /** The live entry of each key, and entries a later line of the same key replaced (dropped at the end: linear, not a filter per line). */
  byKey: Map<string, Entry>;
  replaced: Set<Item>;
}

function newSection(name: string): Section {
  return { name, items: [], byKey: new Map(), replaced: new Set() };
}

/** go-ini comment text: leading `;`, `#` and spaces stripped. */
function commentText(line: string): string {
  return line.replace(/^[;#\s]+/, "");
}

/** One value as go-ini reads it: quotes stripped, `"""` blocks span lines, inline comments cut. */
function readValue(raw: string, lines: string[], index: { i: number }, file: string | undefined): string {
  const text = raw.trim();
  if (text.startsWith('"""')) {
    const rest = text.slice(3);
    const close = rest.indexOf('"""');
    if (close >= 0) return rest.slice(0, close);
    let value = rest + "\n";
    for (index.i++; index.i < lines.length; index.i++) {
      const line = lines[index.i]!;
      const end = line.indexOf('"""');
      if (end >= 0) return value + line.slice(0, end);
      value += line + "\n";
    }
    throw new HushError("PARSE_ERROR", 'invalid INI: unterminated """ value', { file, line: index.i });
  }
  for (const quote of ['"', "`"]) {
    if (text.length >= 2 && text.startsWith(quote) && text.endsWith(quote)) return text.slice(1, -1);
  }
  const comment = text.search(/[#;]/);
  return (comment >= 0 ? text.slice(0, comment) : text).trimEnd();
}

function parseSections(text: string, file: string | undefined): Section[] {
  const sections: Section[] = [newSection(DEFAULT_SECTION)];
  const byName = new Map<string, Section>([[DEFAULT_SECTION, sections[0]!]]);
  let current = sections[0]!;
  let pending: Comment[] = [];
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  for (const index = { i: 0 }; index.i < lines.length; index.i++) {
    const line = lines[index.i]!;
    const trimmed = line.trim();
    if (trimmed === "") continue;
    if (trimmed.startsWith(";") || trimmed.startsWith("#")) {
      pending.push(new Comment(commentText(trimmed)));
      continue;
    }
    if (trimmed.startsWith("[")) {
      const close = trimmed.indexOf("]");
      if (close < 0) throw new HushError("PARSE_ERROR", "invalid INI: unclosed section header", { file, line: index.i + 1, col: 1 });
      const name = trimmed.slice(1, close).trim();
      const existing = byName.get(name);
      current = existing ?? newSection(name);
      if (!existing) {
        sections.push(current);
        byName.set(name, current);
      }
      // A comment above a section header opens that section.
      for (const c of pending) current.items.push(c);
      pending = [];
      continue;
    }
    const sep = trimmed.search(/[=:]/);
    if (sep <= 0)
      throw new HushError("PARSE_ERROR", "invalid INI: a line that is neither a section, a comment nor key = value", { file, line: index.i + 1, col: 1 });
    const key = trimmed.slice(0, sep).trim();
    const value = readValue(trimmed.slice(sep + 1), lines, index, file);
    // A repeated key replaces the earlier one and moves to the end.
    const earlier = current.byKey.get(key);
    if (earlier) current.replaced.add(earlier);
    const entry = { key, value };
    current.byKey.set(key, entry);
    current.items.push(entry);
    for (const c of pending) current.items.push(c); // a key's comments follow it in the tree (sops's layout)
    pending = [];
  }
  for (const section of sections) if (section.replaced.size) section.items = section.items.filter((item) => !section.replaced.has(item));
  return sections;
}

function metadataFromSection(section: Section, file: string | undefined): WireMap {
  const pairs = section.items.filter((item): item is Entry => !(item instanceof Comment)).map((e) => [e.key, String(e.value).replaceAll("\\n", "\n")] as const);
  return unflattenWire(pairs, file);
}

function iniText(value: Value, key: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (typeof value === "number") return formatGoFloat(value);
  if (value instanceof Timestamp) return value.text;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (value === null) return "";
  throw new HushError("UNSUPPORTED_VALUE", `INI cannot hold the nested value of ${key}`, { hint: "INI files hold sections of key = value" });
}

/** go-ini's quoting of a value on output. */
function quoteValue(value: string): string {
  if (value.includes("\n") || value.includes("`")) return `"""${value}"""`;
  if (value.includes("#") || value.includes(";")) return `\`${value}\``;
  if (value !== value.trim()) return `"${value}"`;
  return value;
}

function commentLines(comments: readonly Comment[]): string {
  return comments.map((c) => (c.text.startsWith(";") || c.text.startsWith("#") ? c.text : `; ${c.text}`) + "\n").join("");
}

function emitSection(name: string, entries: Item[], header: boolean): string {
  const keys = entries.filter((i): i is Entry => !(i instanceof Comment));
  const width = keys.reduce((w, e) => Math.max(w, e.key.length), 0); // no spread: 100k+ keys overflow the call stack
  let head = "";
  let body = "";
  let pending: Comment[] = [];
  let sawKey = false;
  // Comments after a key belong to it and are written above it; those before any key belong to the section.
  const lines: { key: Entry; comments: Comment[] }[] = [];
  for (const item of entries) {
    if (item instanceof Comment) {
      if (!sawKey) head += commentLines([item]);
      else pending.push(item);
      continue;
    }
    if (lines.length > 0) for (const c of pending) lines[lines.length - 1]!.comments.push(c);
    pending = [];
    sawKey = true;
    lines.push({ key: item, comments: [] });
  }
  if (lines.length > 0) for (const c of pending) lines[lines.length - 1]!.comments.push(c);
  for (const { key, comments } of lines) {
    body += commentLines(comments) + `${key.key.padEnd(width)} = ${quoteValue(iniText(key.value, key.key))}\n`;
  }
  return head + (header ? `[${name}]\n` : "") + body;
}

/** The INI store: sections as top-level branches, `[sops]` last. */
export const iniFormat: Format = {
  name: "ini",
  parse(bytes, file) {
    const sections = parseSections(new TextDecoder().decode(bytes), file);
    const meta = sections.find((s) => s.name === METADATA_SECTION);
    const data = sections.filter((s) => s !== meta);
    const branch = new Branch(data.map((s) => ({ key: s.name, value: new Branch(s.items) })));
    return { document: [branch], metadata: meta ? metadataFromSection(meta, file) : undefined };
  },
  emit(document, metadata) {
    const blocks: string[] = [];
    for (const item of document[0]?.items ?? []) {
      if (item instanceof Comment) continue; // top-level comments have no place outside a section
      if (!(item.value instanceof Branch)) {
        throw new HushError("UNSUPPORTED_VALUE", `INI needs a section for ${item.key}`, { hint: "every top-level key of an INI tree is a section" });
      }
      if (item.key === DEFAULT_SECTION && item.value.items.length === 0) continue;
      blocks.push(emitSection(item.key, item.value.items, item.key !== DEFAULT_SECTION));
    }
    if (metadata) {
      const entries: Entry[] = flattenWire(metadata).map(([key, value]) => ({ key, value: value.replaceAll("\n", "\\n") }));
      blocks.push(emitSection(METADATA_SECTION, entries, true));
    }
    return new TextEncoder().encode(blocks.join("\n"));
  },
};
