/**
 * A fast reader for the everyday subset of YAML, without the yaml library:
 * one document of block mappings and sequences indented with spaces, plain
 * and simple quoted scalars (no escapes), one-line flow sequences of
 * scalars, `{}`, blank lines, printable ASCII. Anything else returns
 * undefined and goes to the full parser. One grammar, two modes:
 *
 * - {@link readPlainYaml}, for hand-written configuration (`.hush.yaml`,
 *   stack files): comments allowed, YAML 1.2 core schema resolution, the
 *   data and the position of every key and scalar as the yaml library gives
 *   them (`parseDocument(text).toJS()`, its LineCounter).
 * - {@link readSopsYaml}, for what sops and hush write: go-yaml's resolution
 *   (resolve.ts), the sops tree that parse.ts gives, literal blocks (the age
 *   armor), and no comments at all (sops keeps them in its tree, so a file
 *   with any `#` goes to the full parser).
 *
 * Tests compare each mode with its full parser on fixtures and fuzzed input.
 * Why: a command starts on cold code, and the yaml library's first parse
 * costs more there than the rest of `hush run` or `hush decrypt`.
 */
import { Branch } from "../../sops/tree.js";
import type { Document, Item, Value } from "../../sops/tree.js";
import { MAX_NESTING_DEPTH } from "../nesting.js";
import { resolvePlain } from "./resolve.js";

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

/** The configuration reader: the document's root mapping, or undefined when the text is outside the subset. @throws never */
export function readPlainYaml(src: string): PlainNode | undefined {
  return read(src, CONFIG);
}

/** The sops reader: the parsed document as parse.ts gives it, or undefined when the text is outside the subset. @throws never */
export function readSopsYaml(src: string): { document: Document; legacyLayout: boolean } | undefined {
  const reader = new Reader(src, SOPS);
  const root = reader.document();
  return root instanceof Branch ? { document: [root], legacyLayout: reader.legacyLayout } : undefined;
}

/** The plain JavaScript value of a configuration node, as the yaml library's `toJS()`. */
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

/** The value could not be read here: the full parser decides. */
const OUT = Symbol("outside the subset");
type Out = typeof OUT;

/**
 * How one mode reads scalars and builds its nodes (N: a node, M: a mapping
 * being built). Positions come as line and column numbers: only the
 * configuration mode makes objects of them.
 */
interface Mode<N, M> {
  /** Comments allowed; otherwise a `#` anywhere sends the text to the full parser. */
  comments: boolean;
  /** Literal blocks (`|`, `|-`) read. */
  literals: boolean;
  /** A plain key that this mode reads as the same string. */
  keyIsString(key: string): boolean;
  /** A plain scalar, or OUT. */
  plain(text: string, line: number, col: number): N | Out;
  /** A quoted scalar or a literal block. */
  text(text: string, line: number, col: number): N;
  newMap(line: number, col: number): M;
  add(map: M, key: string, line: number, col: number, value: N): void;
  map(map: M): N;
  seq(items: N[], line: number, col: number): N;
  /** `key:` with nothing below. */
  empty(line: number, col: number): N;
}

const CONFIG: Mode<PlainNode, PlainNode & { kind: "map" }> = {
  comments: true,
  literals: false,
  keyIsString: (key) => resolveCore(key) === key && key !== "__proto__",
  plain: (text, line, col) => {
    const value = resolveCore(text);
    return value === OUT ? OUT : { kind: "scalar", value, at: { line, col } };
  },
  text: (value, line, col) => ({ kind: "scalar", value, at: { line, col } }),
  newMap: (line, col) => ({ kind: "map", entries: [], at: { line, col } }),
  add: (map, key, line, col, value) => map.entries.push({ key, keyAt: { line, col }, value }),
  map: (map) => map,
  seq: (items, line, col) => ({ kind: "seq", items, at: { line, col } }),
  empty: (line, col) => ({ kind: "scalar", value: null, at: { line, col } }),
};

const SOPS: Mode<Value, Item[]> = {
  comments: false,
  literals: true,
  // A key that resolves to anything but itself (1, true, null, 2024-01-01) is the full parser's error to report.
  keyIsString: (key) => {
    const resolved = resolvePlain(key);
    return resolved.kind === "str" && key !== "__proto__";
  },
  plain: (text) => {
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
  },
  text: (value) => value,
  newMap: () => [],
  add: (items, key, _line, _col, value) => items.push({ key, value }),
  map: (items) => new Branch(items),
  seq: (items) => items,
  empty: () => null,
};

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

function read<N, M>(src: string, mode: Mode<N, M>): N | undefined {
  return new Reader(src, mode).document();
}

class Reader<N, M> {
  private readonly lines: Line[] = [];
  /** Raw text of each source line (literal blocks read it as written). */
  private readonly raw: string[];
  private at = 0;
  /** Collections open around the current line; past the limit the full parser reports the error with its place. */
  private depth = 0;
  /** A sequence sits under its key's column, as go-yaml v2 (sops before 3.7) wrote it. */
  legacyLayout = false;

  constructor(
    private readonly src: string,
    private readonly mode: Mode<N, M>,
  ) {
    this.raw = src.split("\n");
  }

  /** The root mapping, or undefined. */
  document(): N | undefined {
    const { src, mode } = this;
    if (OUTSIDE.test(src) || (!mode.comments && src.includes("#"))) return undefined;
    for (let i = 0; i < this.raw.length; i++) {
      const raw = this.raw[i]!;
      let indent = 0;
      while (raw.charCodeAt(indent) === 32) indent++;
      if (indent === raw.length || raw.charCodeAt(indent) === 35 /* # */) continue; // blank, or a comment line
      const text = raw.charCodeAt(raw.length - 1) === 32 ? raw.slice(indent).trimEnd() : raw.slice(indent);
      // Document markers and directives (only at column 0 do they mean that; the armor's `-----BEGIN` lines are indented).
      if (indent === 0 && (text.startsWith("---") || text.startsWith("...") || text.startsWith("%"))) return undefined;
      this.lines.push({ number: i + 1, indent, text });
    }
    if (this.lines.length === 0 || this.lines[0]!.indent !== 0) return undefined;
    const root = this.map(0);
    return root === OUT || this.at !== this.lines.length ? undefined : root;
  }

  /** A block mapping whose keys sit at column `indent`. */
  private map(indent: number): N | Out {
    if (++this.depth > MAX_NESTING_DEPTH) return OUT;
    const { mode } = this;
    const first = this.lines[this.at]!;
    const map = mode.newMap(first.number, first.indent + 1);
    const seen = new Set<string>();
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      if (line.indent < indent) break;
      if (line.indent > indent || isDash(line.text)) return OUT;
      const m = KEY_LINE.exec(line.text);
      if (!m) return OUT;
      const key = m[1]!;
      // Keys read as something else (1, true, null), duplicates and __proto__ are the full parser's to handle.
      if (!mode.keyIsString(key) || seen.has(key)) return OUT;
      seen.add(key);
      this.at++;
      const rest = m[2];
      let value: N | Out;
      if (rest === undefined || rest.startsWith("#")) value = this.nested(indent, line);
      else if (rest === "|" || rest === "|-") value = mode.literals ? this.literal(indent, rest === "|", line.number, line.indent + line.text.length) : OUT;
      else value = this.inline(rest, line.number, line.indent + line.text.length - rest.length + 1);
      if (value === OUT) return OUT;
      mode.add(map, key, line.number, line.indent + 1, value);
    }
    this.depth--;
    return mode.map(map);
  }

  /** What follows `key:` with nothing after it: a mapping, a sequence, or null. */
  private nested(keyIndent: number, keyLine: Line): N | Out {
    const next = this.lines[this.at];
    if (next !== undefined && isDash(next.text) && next.indent >= keyIndent) {
      if (next.indent === keyIndent) this.legacyLayout = true;
      return this.sequence(next.indent);
    }
    if (next !== undefined && next.indent > keyIndent) return this.map(next.indent);
    return this.mode.empty(keyLine.number, keyLine.indent + 1);
  }

  /** A block sequence whose dashes sit at column `indent`. */
  private sequence(indent: number): N | Out {
    if (++this.depth > MAX_NESTING_DEPTH) return OUT;
    const items: N[] = [];
    const first = this.lines[this.at]!;
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      if (line.indent < indent || (line.indent === indent && !isDash(line.text))) break;
      if (line.indent > indent || !line.text.startsWith("- ")) return OUT;
      let gap = 1;
      while (line.text.charCodeAt(gap + 1) === 32) gap++;
      const content = line.text.slice(gap + 1);
      if (isDash(content) || content.startsWith("#") || content === "|" || content === "|-") return OUT;
      let item: N | Out;
      if (KEY_LINE.test(content)) {
        // `- key: value`: a mapping whose keys line up with this first one.
        this.lines[this.at] = { number: line.number, indent: indent + gap + 1, text: content };
        item = this.map(indent + gap + 1);
      } else {
        item = this.inline(content, line.number, indent + gap + 2);
        this.at++;
      }
      if (item === OUT) return OUT;
      items.push(item);
    }
    this.depth--;
    return this.mode.seq(items, first.number, first.indent + 1);
  }

  /** A literal block (`|` keeps one final newline, `|-` none) indented deeper than its key, no blank line in it. */
  private literal(keyIndent: number, clip: boolean, atLine: number, atCol: number): N | Out {
    const first = this.lines[this.at];
    if (first === undefined || first.indent <= keyIndent) return OUT;
    const indent = first.indent;
    const out: string[] = [];
    let number = atLine + 1; // the block starts on the next line: a blank line before its first is content too
    while (this.at < this.lines.length && this.lines[this.at]!.indent > keyIndent) {
      const line = this.lines[this.at]!;
      // A blank line, trailing spaces or a `#` line inside the block are content the line list does not hold as written.
      if (line.indent < indent || line.number !== number || this.raw[line.number - 1]!.length !== line.indent + line.text.length) return OUT;
      out.push(" ".repeat(line.indent - indent) + line.text);
      this.at++;
      number++;
    }
    // The block's last line needs its newline (`|` keeps it).
    if (number > this.raw.length) return OUT;
    return this.mode.text(out.join("\n") + (clip ? "\n" : ""), atLine, atCol);
  }

  /** A value on the rest of a line: a scalar, a one-line flow sequence, or `{}`. */
  private inline(text: string, line: number, col: number): N | Out {
    if (text.startsWith("[")) return this.flowSequence(text, line, col);
    if (text.startsWith("{")) return /^\{\}(?: +#.*)?$/.test(text) ? this.mode.map(this.mode.newMap(line, col)) : OUT;
    const scalar = this.scalar(text, 0, false, line, col);
    if (scalar === OUT || !endsLine(text, scalar.end)) return OUT;
    return scalar.node;
  }

  /** `[a, "b", 'c']` on one line, scalars only. */
  private flowSequence(text: string, line: number, col: number): N | Out {
    const items: N[] = [];
    let i = skipSpaces(text, 1);
    if (text[i] === "]") return endsLine(text, i + 1) ? this.mode.seq(items, line, col) : OUT;
    for (;;) {
      const scalar = this.scalar(text, i, true, line, col + i);
      if (scalar === OUT) return OUT;
      items.push(scalar.node);
      i = skipSpaces(text, scalar.end);
      if (text[i] === "]") return endsLine(text, i + 1) ? this.mode.seq(items, line, col) : OUT;
      if (text[i] !== ",") return OUT;
      i = skipSpaces(text, i + 1);
      if (text[i] === "]") return OUT; // a trailing comma: the full parser's call
    }
  }

  /** One scalar starting at `from`: its node and the index just after it. */
  private scalar(text: string, from: number, inFlow: boolean, line: number, col: number): { node: N; end: number } | Out {
    const first = text[from];
    if (first === '"' || first === "'") {
      const close = text.indexOf(first, from + 1);
      if (close < 0) return OUT;
      const body = text.slice(from + 1, close);
      // Escapes (`\n`, `''`) and quotes spanning lines are the full parser's.
      if ((first === '"' && body.includes("\\")) || (first === "'" && text[close + 1] === "'")) return OUT;
      return { node: this.mode.text(body, line, col), end: close + 1 };
    }
    if (first === undefined || INDICATORS.has(first) || (first === "-" && (from + 1 === text.length || text[from + 1] === " "))) return OUT;
    let end: number;
    if (inFlow) {
      end = from;
      while (end < text.length && text[end] !== "," && text[end] !== "]" && !(text[end] === " " && text[end + 1] === "#")) end++;
    } else {
      // To a comment or the end of the line, found natively (a sops value is a long ENC[...] string).
      end = text.indexOf(" #", from);
      if (end < 0) end = text.length;
    }
    const body = text.slice(from, end).trimEnd();
    // `a: b` inside a value, a trailing colon, or a colon or flow indicator in a flow item: the full parser's.
    if (body.includes(": ") || body.endsWith(":") || (inFlow && /[[\]{}#:]/.test(body))) return OUT;
    const node = this.mode.plain(body, line, col);
    return node === OUT ? OUT : { node, end: from + body.length };
  }
}

function isDash(text: string): boolean {
  return text === "-" || text.startsWith("- ");
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

const CORE_WORDS = new Map<string, PlainScalar>([
  ["", null],
  ["~", null],
  ["null", null],
  ["Null", null],
  ["NULL", null],
  ["true", true],
  ["True", true],
  ["TRUE", true],
  ["false", false],
  ["False", false],
  ["FALSE", false],
]);
/** Integers read here: decimal without sign or leading zero, small enough to stay exact. */
const SIMPLE_INT = /^(?:0|[1-9][0-9]{0,14})$/;
/** Every other form the core schema reads as a number (sign, octal, hex, floats, .inf, .nan). */
const OTHER_NUMBER =
  /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** A plain scalar under the YAML 1.2 core schema; the rarer number forms are left to the yaml library. */
function resolveCore(text: string): PlainScalar | Out {
  const word = CORE_WORDS.get(text);
  if (word !== undefined) return word;
  // Only a digit, sign or dot can start a number: most values (names, URLs, recipients) stop here.
  const first = text.charCodeAt(0);
  if (!((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46)) return text;
  if (SIMPLE_INT.test(text)) return Number(text);
  return OTHER_NUMBER.test(text) ? OUT : text;
}
