/**
 * A fast reader for hand-written configuration YAML (`.hush.yaml`, stack
 * files) in its everyday shape: block mappings and sequences indented with
 * spaces, one-line flow sequences, plain and simple quoted scalars, comments
 * and blank lines, printable ASCII. Anything else returns undefined and goes
 * to the yaml library. On what it accepts both give the same data (YAML 1.2
 * core schema, as `parseDocument(text).toJS()`) and the same position for
 * every key and non-empty scalar: tests compare the two on fixtures and fuzzed input.
 *
 * Why: `hush run` reads both files on every start, and the yaml library's
 * first parse there, on cold code, costs more than decrypting the secrets.
 * (Secret files have their own reader, simple-read.ts: sops's rules differ.)
 */

import { MAX_NESTING_DEPTH } from "../nesting.js";

export interface PlainPosition {
  /** 1-based, as the yaml library's LineCounter. */
  line: number;
  col: number;
}

export type PlainScalar = string | number | boolean | null;

/**
 * A node and where it starts: a block collection at its first key or dash, a
 * flow one at its bracket, a scalar at its first character (its quote). An
 * empty value (`key:`) is placed at its key.
 */
export type PlainNode =
  | { kind: "map"; entries: PlainEntry[]; at: PlainPosition }
  | { kind: "seq"; items: PlainNode[]; at: PlainPosition }
  | { kind: "scalar"; value: PlainScalar; at: PlainPosition };

export interface PlainEntry {
  key: string;
  keyAt: PlainPosition;
  value: PlainNode;
}

interface Line {
  /** 1-based line number. */
  number: number;
  /** Column (0-based) where `text` starts. */
  indent: number;
  /** The line from its first non-space character, trailing spaces removed. */
  text: string;
}

/** Characters outside the subset anywhere in the text: non-ASCII, control characters, tabs, CR. */
const OUTSIDE = /[^\x20-\x7e\n]/;
const KEY_LINE = /^([A-Za-z0-9_][A-Za-z0-9_./-]*):(?: +(.*))?$/;
/** What a plain scalar may not start with (YAML's indicators; `-` only before a space). */
const INDICATORS = new Set(["?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", '"', "%", "@", "`"]);
const CORE_WORDS = new Map<string, PlainScalar>([
  ["", null], ["~", null], ["null", null], ["Null", null], ["NULL", null],
  ["true", true], ["True", true], ["TRUE", true], ["false", false], ["False", false], ["FALSE", false],
]);
/** Integers read here: decimal without sign or leading zero, small enough to stay exact. */
const SIMPLE_INT = /^(?:0|[1-9][0-9]{0,14})$/;
/** Every other form the core schema reads as a number (sign, octal, hex, floats, .inf, .nan). */
const OTHER_NUMBER = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
/** The value could not be read here: the library decides. */
const OUT = Symbol("outside the subset");
type Out = typeof OUT;

/** The document's root mapping, or undefined when the text is outside the subset. @throws never */
export function readPlainYaml(src: string): PlainNode | undefined {
  if (OUTSIDE.test(src)) return undefined;
  const lines: Line[] = [];
  const raw = src.split("\n");
  for (let i = 0; i < raw.length; i++) {
    const whole = raw[i]!.trimEnd();
    const text = whole.trimStart();
    if (text === "" || text.startsWith("#")) continue;
    const indent = whole.length - text.length;
    // Document markers and directives (only at column 0 do they mean that).
    if (indent === 0 && (text.startsWith("---") || text.startsWith("...") || text.startsWith("%"))) return undefined;
    lines.push({ number: i + 1, indent, text });
  }
  if (lines.length === 0 || lines[0]!.indent !== 0) return undefined;
  const reader = new Reader(lines);
  const root = reader.map(0);
  return root === OUT || reader.at !== lines.length ? undefined : root;
}

/** The plain JavaScript value of a node, as the yaml library's `toJS()`. */
export function plainToJs(node: PlainNode): unknown {
  switch (node.kind) {
    case "scalar":
      return node.value;
    case "seq":
      return node.items.map(plainToJs);
    case "map": {
      const out: Record<string, unknown> = {};
      for (const entry of node.entries) out[entry.key] = plainToJs(entry.value);
      return out;
    }
  }
}

class Reader {
  at = 0;
  /** Collections open around the current line; past the limit the yaml library decides (and nesting.ts guards it). */
  private depth = 0;

  constructor(private readonly lines: Line[]) {}

  /** A block mapping whose keys sit at column `indent`. */
  map(indent: number): PlainNode | Out {
    if (++this.depth > MAX_NESTING_DEPTH) return OUT;
    const entries: PlainEntry[] = [];
    const seen = new Set<string>();
    const first = this.lines[this.at]!;
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      if (line.indent < indent) break;
      if (line.indent > indent || isDash(line.text)) return OUT;
      const m = KEY_LINE.exec(line.text);
      if (!m) return OUT;
      const key = m[1]!;
      // Keys the core schema reads as something else (1, true, null), duplicates and __proto__ are the library's to handle.
      if (resolveCore(key) !== key || seen.has(key) || key === "__proto__") return OUT;
      seen.add(key);
      this.at++;
      const rest = m[2];
      let value: PlainNode | Out;
      if (rest === undefined || rest.startsWith("#")) value = this.nested(indent, line);
      else value = inline(rest, { line: line.number, col: line.indent + line.text.length - rest.length + 1 });
      if (value === OUT) return OUT;
      entries.push({ key, keyAt: { line: line.number, col: line.indent + 1 }, value });
    }
    this.depth--;
    return { kind: "map", entries, at: { line: first.number, col: first.indent + 1 } };
  }

  /** What follows `key:` with nothing after it: a mapping, a sequence, or null. */
  private nested(keyIndent: number, keyLine: Line): PlainNode | Out {
    const next = this.lines[this.at];
    if (next !== undefined && isDash(next.text) && next.indent >= keyIndent) return this.sequence(next.indent);
    if (next !== undefined && next.indent > keyIndent) return this.map(next.indent);
    return { kind: "scalar", value: null, at: { line: keyLine.number, col: keyLine.indent + 1 } };
  }

  /** A block sequence whose dashes sit at column `indent`. */
  private sequence(indent: number): PlainNode | Out {
    if (++this.depth > MAX_NESTING_DEPTH) return OUT;
    const items: PlainNode[] = [];
    const first = this.lines[this.at]!;
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      if (line.indent < indent || (line.indent === indent && !isDash(line.text))) break;
      if (line.indent > indent || !line.text.startsWith("- ")) return OUT;
      let gap = 1;
      while (line.text.charCodeAt(gap + 1) === 32) gap++;
      const content = line.text.slice(gap + 1);
      if (isDash(content) || content.startsWith("#")) return OUT;
      let item: PlainNode | Out;
      if (KEY_LINE.test(content)) {
        // `- key: value`: a mapping whose keys line up with this first one.
        this.lines[this.at] = { number: line.number, indent: indent + gap + 1, text: content };
        item = this.map(indent + gap + 1);
      } else {
        item = inline(content, { line: line.number, col: indent + gap + 2 });
        this.at++;
      }
      if (item === OUT) return OUT;
      items.push(item);
    }
    this.depth--;
    return { kind: "seq", items, at: { line: first.number, col: first.indent + 1 } };
  }
}

function isDash(text: string): boolean {
  return text === "-" || text.startsWith("- ");
}

/** A value on the rest of a line: a scalar, a one-line flow sequence, or `{}`. */
function inline(text: string, at: PlainPosition): PlainNode | Out {
  if (text.startsWith("[")) return flowSequence(text, at);
  if (text.startsWith("{")) return /^\{\}(?: +#.*)?$/.test(text) ? { kind: "map", entries: [], at } : OUT;
  const scalar = scalarToken(text, 0, false);
  if (scalar === OUT || !endsLine(text, scalar.end)) return OUT;
  return { kind: "scalar", value: scalar.value, at };
}

/** `[a, "b", 'c']` on one line, scalars only. */
function flowSequence(text: string, at: PlainPosition): PlainNode | Out {
  const items: PlainNode[] = [];
  let i = skipSpaces(text, 1);
  if (text[i] === "]") return endsLine(text, i + 1) ? { kind: "seq", items, at } : OUT;
  for (;;) {
    const start = i;
    const scalar = scalarToken(text, i, true);
    if (scalar === OUT) return OUT;
    items.push({ kind: "scalar", value: scalar.value, at: { line: at.line, col: at.col + start } });
    i = skipSpaces(text, scalar.end);
    if (text[i] === "]") return endsLine(text, i + 1) ? { kind: "seq", items, at } : OUT;
    if (text[i] !== ",") return OUT;
    i = skipSpaces(text, i + 1);
    if (text[i] === "]") return OUT; // a trailing comma: the library's call
  }
}

/** One scalar starting at `from`: its value and the index just after it. */
function scalarToken(text: string, from: number, inFlow: boolean): { value: PlainScalar; end: number } | Out {
  const first = text[from];
  if (first === '"' || first === "'") {
    const close = text.indexOf(first, from + 1);
    if (close < 0) return OUT;
    const body = text.slice(from + 1, close);
    // Escapes (`\n`, `''`) and quotes spanning lines are the library's.
    if ((first === '"' && body.includes("\\")) || (first === "'" && text[close + 1] === "'")) return OUT;
    return { value: body, end: close + 1 };
  }
  if (first === undefined || INDICATORS.has(first) || (first === "-" && (from + 1 === text.length || text[from + 1] === " "))) return OUT;
  let end = from;
  while (end < text.length && !(inFlow && (text[end] === "," || text[end] === "]")) && !(text[end] === " " && text[end + 1] === "#")) end++;
  const body = text.slice(from, end).trimEnd();
  // `a: b` inside a value, a trailing colon, or a colon or flow indicator in a flow item: the library's.
  if (body.includes(": ") || body.endsWith(":") || (inFlow && /[[\]{}#:]/.test(body))) return OUT;
  const value = resolveCore(body);
  return value === OUT ? OUT : { value, end: from + body.length };
}

/** Whether only spaces and a comment follow index `i`. */
function endsLine(text: string, i: number): boolean {
  const rest = text.slice(i);
  return rest.trim() === "" || /^ +#/.test(rest);
}

function skipSpaces(text: string, i: number): number {
  while (text[i] === " ") i++;
  return i;
}

/** A plain scalar under the YAML 1.2 core schema; the rarer number forms are left to the library. */
function resolveCore(text: string): PlainScalar | Out {
  const word = CORE_WORDS.get(text);
  if (word !== undefined) return word;
  // Only a digit, sign or dot can start a number: most values (names, URLs, recipients) stop here.
  const first = text.charCodeAt(0);
  if (!((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46)) return text;
  if (SIMPLE_INT.test(text)) return Number(text);
  return OTHER_NUMBER.test(text) ? OUT : text;
}
