/**
 * A fast reader for the YAML that sops and hush write: one document of block
 * mappings and sequences indented with spaces, plain and simple double-quoted
 * scalars, `[]` and `{}`, literal blocks (the age armor), printable ASCII, no
 * comments, no blank lines. Anything else returns undefined and goes to the full parser
 * (parse.ts). On what it accepts, both give the same tree: scalars resolve
 * through the same go-yaml rules, and tests compare the two on every fixture
 * and on fuzzed input.
 *
 * Why: a command starts on cold code, and the yaml library's first parse of a
 * small secret file costs ~6 ms there, the largest part of a `hush decrypt`.
 */
import { Branch } from "../../sops/tree.js";
import type { Document, Item, Value } from "../../sops/tree.js";
import { MAX_NESTING_DEPTH } from "../nesting.js";
import { resolvePlain } from "./resolve.js";

interface Line {
  indent: number;
  /** The line without its indent. */
  text: string;
}

/** Characters outside the subset anywhere in the text: non-ASCII, control characters, tabs, CR, comments. */
const OUTSIDE = /[^\x20-\x7e\n]|#/;
const KEY_LINE = /^([A-Za-z0-9_][A-Za-z0-9_./-]*):(?: (.*))?$/;
const QUOTED = /^"([^"\\]*)"$/;
/** Plain scalars may not start with these (YAML's indicators); `-` is allowed before a non-space. */
const INDICATORS = new Set(["?", ":", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", '"', "%", "@", "`"]);
/** The value could not be read here: the full parser decides. */
const OUT = Symbol("outside the subset");

/** The parsed document, or undefined when the text is outside the subset. @throws never */
export function readSimpleYaml(src: string): { document: Document; legacyLayout: boolean } | undefined {
  if (src === "" || !src.endsWith("\n") || OUTSIDE.test(src)) return undefined;
  const lines: Line[] = [];
  for (const raw of src.slice(0, -1).split("\n")) {
    let indent = 0;
    while (raw.charCodeAt(indent) === 32) indent++;
    const text = raw.slice(indent);
    if (text === "" || text.endsWith(" ")) return undefined;
    // A document marker (only possible at column 0: the armor's `-----BEGIN` lines are indented).
    if (indent === 0 && (text.startsWith("---") || text.startsWith("..."))) return undefined;
    lines.push({ indent, text });
  }
  if (lines[0]!.indent !== 0) return undefined;
  const reader = new Reader(lines);
  const root = reader.map(0);
  if (root === OUT || reader.at !== lines.length) return undefined;
  return { document: [root], legacyLayout: reader.legacyLayout };
}

class Reader {
  at = 0;
  legacyLayout = false;
  /** Collections open around the current line; past the limit the full parser reports the error with its place. */
  private depth = 0;

  constructor(private readonly lines: Line[]) {}

  /** A block mapping whose keys sit at `indent`. */
  map(indent: number): Branch | typeof OUT {
    if (++this.depth > MAX_NESTING_DEPTH) return OUT;
    const items: Item[] = [];
    const seen = new Set<string>();
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      if (line.indent < indent) break;
      if (line.indent > indent || isDash(line.text)) return OUT;
      const m = KEY_LINE.exec(line.text);
      if (!m) return OUT;
      const key = m[1]!;
      // A key that resolves to anything but itself (1, true, null, 2024-01-01) is the full parser's error to report.
      const resolved = resolvePlain(key);
      if (resolved.kind !== "str" || resolved.value !== key || seen.has(key)) return OUT;
      seen.add(key);
      this.at++;
      const value = m[2] === undefined ? this.nested(indent) : m[2] === "|" || m[2] === "|-" ? this.literal(indent, m[2] === "|") : scalar(m[2]);
      if (value === OUT) return OUT;
      items.push({ key, value });
    }
    this.depth--;
    return new Branch(items);
  }

  /** What follows `key:` with nothing after it: a mapping, a sequence, or null. */
  private nested(keyIndent: number): Value | typeof OUT {
    const next = this.lines[this.at];
    if (next === undefined) return null;
    if (isDash(next.text) && next.indent >= keyIndent) {
      // go-yaml v2 wrote `key:\n- item` with the dash under the key; v3 indents it.
      if (next.indent === keyIndent) this.legacyLayout = true;
      return this.sequence(next.indent);
    }
    if (next.indent > keyIndent) return this.map(next.indent);
    return null;
  }

  /** A block sequence whose dashes sit at `indent`. */
  private sequence(indent: number): Value[] | typeof OUT {
    if (++this.depth > MAX_NESTING_DEPTH) return OUT;
    const items: Value[] = [];
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      if (line.indent < indent || (line.indent === indent && !isDash(line.text))) break;
      if (line.indent > indent || !line.text.startsWith("- ")) return OUT;
      let gap = 1;
      while (line.text.charCodeAt(gap + 1) === 32) gap++;
      const content = line.text.slice(gap + 1);
      if (isDash(content)) return OUT;
      if (KEY_LINE.test(content)) {
        // `- key: value`: a mapping whose keys line up with this first one.
        this.lines[this.at] = { indent: indent + gap + 1, text: content };
        const item = this.map(indent + gap + 1);
        if (item === OUT) return OUT;
        items.push(item);
        continue;
      }
      if (content === "|" || content === "|-") return OUT;
      const value = scalar(content);
      if (value === OUT) return OUT;
      items.push(value);
      this.at++;
    }
    this.depth--;
    return items;
  }

  /** A literal block (`|` keeps one final newline, `|-` none) indented deeper than its key. */
  private literal(keyIndent: number, clip: boolean): string | typeof OUT {
    const first = this.lines[this.at];
    if (first === undefined || first.indent <= keyIndent) return OUT;
    const indent = first.indent;
    const out: string[] = [];
    while (this.at < this.lines.length && this.lines[this.at]!.indent > keyIndent) {
      const line = this.lines[this.at]!;
      if (line.indent < indent) return OUT;
      out.push(" ".repeat(line.indent - indent) + line.text);
      this.at++;
    }
    return out.join("\n") + (clip ? "\n" : "");
  }
}

function isDash(text: string): boolean {
  return text === "-" || text.startsWith("- ");
}

/** A plain or simple double-quoted scalar, resolved as go-yaml does, or an empty collection. */
function scalar(text: string): Value | typeof OUT {
  if (text === "[]") return [];
  if (text === "{}") return new Branch([]);
  if (text.startsWith('"')) {
    const m = QUOTED.exec(text);
    return m ? m[1]! : OUT;
  }
  if (text[0] === " " || INDICATORS.has(text[0]!) || (text[0] === "-" && (text.length === 1 || text[1] === " "))) return OUT;
  if (text.includes(": ") || text.endsWith(":")) return OUT;
  const resolved = resolvePlain(text);
  switch (resolved.kind) {
    case "null":
      return null;
    case "uint": // the full parser reports it with its place
    case "merge":
      return OUT;
    default:
      return resolved.value;
  }
}
