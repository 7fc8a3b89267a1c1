/**
 * JSON as sops reads and writes it (spec §1.4, §10.2): key order and
 * duplicate keys kept, ints apart from floats (int64 as bigint), output
 * re-indented like Go's json.Indent with Go's string escaping.
 */
import { HushError } from "../errors.js";
import { Branch, Comment, Timestamp } from "../sops/tree.js";
import type { Document, Entry, Value } from "../sops/tree.js";
import type { EmitOptions, Format, WireMap } from "./format.js";
import { valueToWire, wireToValue } from "./flatten.js";
import { MAX_NESTING_DEPTH, nestedTooDeep } from "./nesting.js";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

/** A token-level reader: JSON.parse would lose order, duplicates and int64 precision. */
class JsonReader {
  private pos = 0;
  /** Objects and arrays open around the current position. */
  private depth = 0;
  constructor(
    private readonly text: string,
    private readonly file: string | undefined,
  ) {}

  document(): Branch {
    this.skip();
    if (this.text[this.pos] !== "{") this.fail("the top level of a JSON file must be an object");
    const branch = this.value() as Branch;
    this.skip();
    if (this.pos < this.text.length) this.fail("unexpected text after the top-level object");
    return branch;
  }

  private value(): Value {
    this.skip();
    const c = this.text[this.pos];
    if (c === "{" || c === "[") {
      if (++this.depth > MAX_NESTING_DEPTH) throw nestedTooDeep({ file: this.file, ...this.place() });
      const collection = c === "{" ? this.object() : this.array();
      this.depth--;
      return collection;
    }
    if (c === '"') return this.string();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number();
    for (const [word, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    return this.fail(c === undefined ? "unexpected end of input" : `unexpected character ${JSON.stringify(c)}`);
  }

  private object(): Branch {
    this.pos++; // {
    const items: Entry[] = [];
    this.skip();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return new Branch(items);
    }
    for (;;) {
      this.skip();
      if (this.text[this.pos] !== '"') this.fail("expected a string key");
      const key = this.string();
      this.skip();
      this.expect(":");
      items.push({ key, value: this.value() });
      this.skip();
      if (this.text[this.pos] === ",") {
        this.pos++;
        continue;
      }
      this.expect("}");
      return new Branch(items);
    }
  }

  private array(): Value[] {
    this.pos++; // [
    const values: Value[] = [];
    this.skip();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return values;
    }
    for (;;) {
      values.push(this.value());
      this.skip();
      if (this.text[this.pos] === ",") {
        this.pos++;
        continue;
      }
      this.expect("]");
      return values;
    }
  }

  private string(): string {
    const start = this.pos;
    let plain = true;
    let i = start + 1;
    for (; i < this.text.length; i++) {
      const code = this.text.charCodeAt(i);
      if (code === 0x22) break;
      if (code === 0x5c) {
        plain = false;
        i++;
      } else if (code < 0x20) plain = false;
    }
    if (i >= this.text.length) this.fail("unterminated string");
    this.pos = i + 1;
    if (plain) return this.text.slice(start + 1, i);
    try {
      return JSON.parse(this.text.slice(start, i + 1)) as string;
    } catch {
      this.pos = start;
      return this.fail("invalid string escape or control character");
    }
  }

  private number(): bigint | number {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (!m) return this.fail("invalid number");
    this.pos += m[0].length;
    if (m[1] === undefined && m[2] === undefined) {
      const n = BigInt(m[0]);
      if (n >= INT64_MIN && n <= INT64_MAX) return n; // beyond int64 sops reads a float
    }
    return Number(m[0]);
  }

  private skip(): void {
    WHITESPACE.lastIndex = this.pos;
    WHITESPACE.exec(this.text);
    this.pos = WHITESPACE.lastIndex;
  }

  private expect(c: string): void {
    if (this.text[this.pos] !== c) this.fail(`expected ${JSON.stringify(c)}`);
    this.pos++;
  }

  private fail(message: string): never {
    throw new HushError("PARSE_ERROR", `invalid JSON: ${message}`, { file: this.file, ...this.place() });
  }

  private place(): { line: number; col: number } {
    const before = this.text.slice(0, this.pos);
    return { line: before.split("\n").length, col: this.pos - before.lastIndexOf("\n") };
  }
}

/** Parses a JSON object into one branch. @throws HushError PARSE_ERROR */
export function parseJsonBranch(bytes: Uint8Array, file?: string): Branch {
  return new JsonReader(new TextDecoder().decode(bytes), file).document();
}

/** Takes the top-level `sops` entries out of a branch, returning the first as wire data. */
export function takeSopsBlock(branch: Branch): WireMap | undefined {
  const block = branch.get("sops");
  if (block === undefined) return undefined;
  branch.delete("sops");
  const wire = valueToWire(block);
  return wire !== null && typeof wire === "object" && !Array.isArray(wire) ? wire : {};
}

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;
const LONE_SURROGATE = /\p{Surrogate}/gu;

/** A JSON string literal escaped as Go's encoding/json writes it. */
export function goJsonQuote(text: string): string {
  return JSON.stringify(text.replace(LONE_SURROGATE, "\uFFFD")).replace(HTML_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A leaf or container as Go's encoder + json.Indent write it. @throws HushError UNSUPPORTED_VALUE for NaN and infinities */
export function goJsonValue(value: Value, indent: string, depth: number): string {
  if (value === null) return "null";
  if (value instanceof Branch) {
    const entries = value.entries();
    if (entries.length === 0) return "{}";
    const inner = "\n" + indent.repeat(depth + 1);
    const body = entries.map((e) => `${goJsonQuote(e.key)}: ${goJsonValue(e.value, indent, depth + 1)}`).join("," + inner);
    return `{${inner}${body}\n${indent.repeat(depth)}}`;
  }
  if (Array.isArray(value)) {
    const elements = value.filter((v) => !(v instanceof Comment)); // JSON has no comments
    if (elements.length === 0) return "[]";
    const inner = "\n" + indent.repeat(depth + 1);
    return `[${inner}${elements.map((v) => goJsonValue(v, indent, depth + 1)).join("," + inner)}\n${indent.repeat(depth)}]`;
  }
  if (typeof value === "string") return goJsonQuote(value);
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new HushError("UNSUPPORTED_VALUE", `JSON cannot hold the float ${value}`);
    return Object.is(value, -0) ? "-0" : String(value); // JS and Go switch to exponents at the same thresholds
  }
  if (value instanceof Timestamp) return goJsonQuote(value.text);
  if (value instanceof Uint8Array) return goJsonQuote(new TextDecoder().decode(value));
  return '""';
}

/** TAB by default (sops's `indent: -1`), else that many spaces. */
export function jsonIndent(options?: EmitOptions): string {
  const n = options?.indent;
  return n === undefined || n < 0 ? "\t" : " ".repeat(n);
}

/** The JSON store: one object, `sops` appended last. */
export const jsonFormat: Format = {
  name: "json",
  parse(bytes, file) {
    const branch = parseJsonBranch(bytes, file);
    const metadata = takeSopsBlock(branch);
    return { document: [branch], metadata };
  },
  emit(document: Document, metadata, options) {
    const first = document[0] ?? new Branch();
    const items = metadata ? [...first.entries(), { key: "sops", value: wireToValue(metadata) }] : first.entries();
    return new TextEncoder().encode(goJsonValue(new Branch(items), jsonIndent(options), 0) + "\n");
  },
};
