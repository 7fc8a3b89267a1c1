/**
 * sops tree -> YAML text, laid out as go-yaml v3's encoder does for sops
 * (spec §10.1): block style, sequences indented under their key, a mapping in
 * a sequence starting on the dash line, comments as `#text` lines.
 */
import { Branch, Comment, Timestamp } from "../../sops/tree.js";
import type { Document, Item, Value } from "../../sops/tree.js";
import { chooseStyle, doubleQuoted, formatFloat, literalHeader, singleQuoted } from "./scalar-style.js";

export interface Layout {
  /** Spaces per level (go-yaml's best indent). */
  indent: number;
  /** go-yaml v2 layout: `key:\n-   item` (dash under the key), single quotes for look-alike strings. */
  legacy: boolean;
}

interface Written {
  /** The text after `key: ` or `- `. */
  text: string;
  /** Literal block lines (without indentation), when the value is a block. */
  block?: string[];
}

/** Writes every branch as one YAML document, `---` between them. */
export function emitYaml(document: Document, layout: Layout): string {
  return document.map((branch, i) => (i > 0 ? "---\n" : "") + emitBranch(branch, layout)).join("");
}

function emitBranch(branch: Branch, layout: Layout): string {
  const out: string[] = [];
  const writer = new Writer(out, layout);
  if (branch.items.some((item) => !(item instanceof Comment))) writer.mapping(branch.items, 0, undefined);
  else {
    for (const item of branch.items) if (item instanceof Comment) out.push(...commentLines("", item));
    out.push("{}");
  }
  return `${out.join("\n")}\n`;
}

class Writer {
  constructor(
    private readonly out: string[],
    private readonly layout: Layout,
  ) {}

  /** Indentation of a block nested under a line indented `parent` (go-yaml v3 rounds up to the next multiple). */
  private child(parent: number): number {
    const n = this.layout.indent;
    return this.layout.legacy ? parent + n : n * Math.floor((parent + n) / n);
  }

  /** Where a collection or scalar inside a sequence item starts, relative to its dash. */
  private inItem(dash: number): number {
    return this.layout.legacy ? dash + this.layout.indent : dash + 2;
  }

  /** `- ` before an item; go-yaml v2 pads a block item out to its indent (`-   key: v`) but not a scalar. */
  private marker(block: boolean): string {
    return block || !this.layout.legacy ? `-${" ".repeat(this.inItem(0) - 1)}` : "- ";
  }

  /**
   * Writes mapping items with keys at column `indent`. `lead` replaces the
   * indentation of the first key line (the `- ` of a sequence item).
   */
  mapping(items: Item[], indent: number, lead: string | undefined): void {
    const pad = " ".repeat(indent);
    // Comments before a key that starts on a `- ` or `: ` line go at that indicator's column.
    const commentPad = lead === undefined ? pad : " ".repeat(lead.length - lead.trimStart().length);
    let pending: Comment[] = [];
    for (const item of items) {
      if (item instanceof Comment) {
        pending.push(item);
        continue;
      }
      const lineComment = takeLineComment(pending);
      for (const c of pending) this.out.push(...commentLines(lead === undefined ? pad : commentPad, c));
      pending = [];
      const start = lead ?? pad;
      lead = undefined;
      if (isSimpleKey(item.key)) this.entry(start, this.key(item.key), item.value, indent, lineComment);
      else this.complexEntry(start, item.key, item.value, indent, lineComment);
    }
    for (const c of pending) this.out.push(...commentLines(pad, c));
  }

  private entry(start: string, key: string, value: Value, indent: number, lineComment: string): void {
    if (value instanceof Branch && hasContent(value)) {
      this.out.push(`${start}${key}:${lineComment}`);
      this.mapping(value.items, this.child(indent), undefined);
    } else if (Array.isArray(value) && hasContent(value)) {
      this.out.push(`${start}${key}:${lineComment}`);
      this.sequence(value, this.layout.legacy ? indent : this.child(indent), undefined);
    } else {
      this.scalarLine(`${start}${key}: `, value, indent, this.child(indent), lineComment);
    }
  }

  /**
   * A key go-yaml cannot write as a simple key (multi-line, or over 128 bytes):
   * `? key` on its own line, then `: value`, a block value starting on that line.
   */
  private complexEntry(start: string, key: string, value: Value, indent: number, lineComment: string): void {
    this.scalarLine(`${start}? `, key, indent, this.child(indent), "");
    const pad = " ".repeat(indent);
    const lead = `${pad}:${" ".repeat(this.child(indent) - indent - 1)}`;
    if (value instanceof Branch && hasContent(value)) {
      if (lineComment) this.out.push(`${pad}#${lineComment.slice(2)}`);
      this.mapping(value.items, this.child(indent), lead);
    } else if (Array.isArray(value) && hasContent(value)) {
      if (lineComment) this.out.push(`${pad}#${lineComment.slice(2)}`);
      this.sequence(value, this.child(indent), lead);
    } else {
      this.scalarLine(`${pad}: `, value, indent, this.child(indent), lineComment);
    }
  }

  /** Writes sequence elements with dashes at column `indent`; `lead` replaces the first dash line's indentation. */
  sequence(elements: Value[], indent: number, lead: string | undefined): void {
    const pad = " ".repeat(indent);
    let pending: Comment[] = [];
    for (const element of elements) {
      if (element instanceof Comment) {
        pending.push(element);
        continue;
      }
      const lineComment = takeLineComment(pending);
      const commentPad = lead === undefined ? pad : " ".repeat(lead.length - lead.trimStart().length);
      for (const c of pending) this.out.push(...commentLines(commentPad, c));
      pending = [];
      const isMapping = element instanceof Branch && hasContent(element);
      const isList = Array.isArray(element) && hasContent(element);
      const start = (lead ?? pad) + this.marker(isMapping || isList);
      lead = undefined;
      const inner = this.inItem(indent);
      if (isMapping) {
        if (lineComment) this.out.push(`${pad}#${lineComment.slice(2)}`);
        this.mapping(element.items, inner, start);
      } else if (isList) {
        if (lineComment) this.out.push(`${pad}#${lineComment.slice(2)}`);
        this.sequence(element, inner, start);
      } else {
        this.scalarLine(start, element, indent, inner, lineComment);
      }
    }
    for (const c of pending) this.out.push(...commentLines(pad, c));
  }

  /** `parent`: column of the key or dash the value hangs from; `blockIndent`: column of a literal block's lines. */
  private scalarLine(prefix: string, value: Value, parent: number, blockIndent: number, lineComment: string): void {
    const written = this.scalar(value, blockIndent - parent);
    this.out.push(`${prefix}${written.text}${lineComment}`);
    if (written.block) {
      const pad = " ".repeat(blockIndent);
      for (const line of written.block) this.out.push(line === "" ? "" : pad + line);
    }
    // `{}` / `[]` cannot hold comments: keep an empty collection's comments as lines below it.
    const inside = value instanceof Branch ? value.items : Array.isArray(value) ? value : [];
    for (const c of inside) if (c instanceof Comment) this.out.push(...commentLines(" ".repeat(blockIndent), c));
  }

  private key(key: string): string {
    const style = chooseStyle(key, true, this.layout.legacy ? "single" : "double");
    return style === "plain" ? key : style === "single" ? singleQuoted(key) : doubleQuoted(key);
  }

  private scalar(value: Value, blockOffset: number): Written {
    if (value === null) return { text: "null" };
    if (typeof value === "boolean") return { text: value ? "true" : "false" };
    if (typeof value === "bigint") return { text: value.toString() };
    if (typeof value === "number") return { text: formatFloat(value) };
    if (value instanceof Timestamp) return { text: value.text };
    if (value instanceof Uint8Array) {
      // Go strings are bytes: only bytes that are not UTF-8 need !!binary.
      const text = utf8Text(value);
      return text === undefined ? binary(value) : this.scalar(text, blockOffset);
    }
    if (value instanceof Branch) return { text: "{}" };
    if (Array.isArray(value)) return { text: "[]" };
    const text = value instanceof Comment ? value.text : value;
    const style = chooseStyle(text, false, this.layout.legacy ? "single" : "double");
    if (style === "plain") return { text };
    if (style === "single") return { text: singleQuoted(text) };
    if (style === "double") return { text: doubleQuoted(text) };
    // go-yaml always writes its best indent as the indentation indicator, which is only right where the
    // block sits one level under its key; the real offset keeps the text intact everywhere.
    return { text: literalHeader(text, blockOffset), block: blockLines(text) };
  }
}

/** libyaml's simple-key test: at most 128 bytes and on one line. */
function isSimpleKey(key: string): boolean {
  return key.length <= 128 && Buffer.byteLength(key) <= 128 && !/[\n\r\u0085\u2028\u2029]/.test(key);
}

/** A mapping with at least one entry, or a list with at least one element that is not a comment. */
function hasContent(value: Branch | Value[]): boolean {
  const items: readonly unknown[] = value instanceof Branch ? value.items : value;
  return items.some((item) => !(item instanceof Comment));
}

/** An inline comment just before a value becomes that value's line comment (` #text`); the others stay lines. */
function takeLineComment(pending: Comment[]): string {
  const last = pending[pending.length - 1];
  if (!last?.inline || /[\r\n]/.test(last.text)) return "";
  pending.pop();
  return ` #${last.text}`;
}

/** One `#` line per line of the comment (a comment item normally holds one line). */
function commentLines(pad: string, comment: Comment): string[] {
  return comment.text.split(/\r?\n/).map((line) => `${pad}#${line}`);
}

function blockLines(text: string): string[] {
  const lines = text.split("\n");
  if (text.endsWith("\n")) lines.pop();
  return lines;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Bytes that are not UTF-8: `!!binary`, base64 in 70-column lines once it is that long (go-yaml's encodeBase64). */
function binary(bytes: Uint8Array): Written {
  const b64 = Buffer.from(bytes).toString("base64");
  if (b64.length < 70) return { text: `!!binary ${b64}` };
  const block: string[] = [];
  for (let i = 0; i < b64.length; i += 70) block.push(b64.slice(i, i + 70));
  return { text: "!!binary |", block };
}
