/**
 * Output masking for `hush run`: every secret value of 4 characters or more
 * that the child writes is replaced by `*****` (DESIGN "The launch wrapper"),
 * also JSON-escaped and, for a multi-line value, line by line (`maskForms`).
 *
 * Works on bytes, never strings, so binary output passes unchanged. A value
 * split across writes is still caught: the masker holds back only the
 * longest tail that could still grow into a value, and releases it as soon
 * as it cannot. Overlapping values are masked as one (the union of every
 * match, so the longest match wins and no fragment of any value leaks).
 */
import { Transform, type TransformCallback } from "node:stream";
import { buildAutomaton, type MaskAutomaton } from "./mask-automaton.js";

/** What a value is replaced with. */
export const MASK = Buffer.from("*****");
/** Shorter values are not masked: masking "a" or "ab" would destroy all output. */
export const MIN_MASKED_LENGTH = 4;

export interface Masker {
  /** Feeds bytes; returns what can be written now (possibly empty). */
  push(chunk: Uint8Array): Buffer;
  /** The held-back tail (never a whole value: that would have been masked). */
  end(): Buffer;
}

const EMPTY = Buffer.alloc(0);

/** `chunk` as a Buffer over the same memory (no copy). */
function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * A line of a multi-line value is masked on its own from this length. Lower
 * would not do: the short lines of a multi-line secret are mostly structure
 * that ordinary output is full of (`}`, `  ],`, `true`, `port: 5432`), while
 * the lines that matter are long (PEM and OpenSSH key bodies are 64 and 70
 * characters a line). What is left in clear is the short last line of a key
 * body, a few bytes of a key whose other lines are hidden.
 */
export const MIN_MASKED_LINE_LENGTH = 16;

/**
 * A multi-line value longer than this (a key, a certificate) has its JSON
 * form masked line by line, not whole: its lines are masked anyway, and a
 * second whole copy of a 2-4 KB key would double the automaton that every
 * masked run builds.
 */
const MAX_WHOLE_JSON_MULTILINE = 256;

/**
 * What a child prints of `value`, in the forms hush itself produces or a
 * child trivially prints: the value; its JSON string escaping (the stack
 * config file is JSON; JSON.stringify, and Python's json.dumps, whose
 * default ensure_ascii escapes every non-ASCII character); the value
 * without its surrounding blanks; and, for a multi-line value, each line of
 * MIN_MASKED_LINE_LENGTH characters or more (a PEM key printed line by
 * line), without its surrounding blanks, also JSON-escaped. Nothing for a
 * value shorter than MIN_MASKED_LENGTH.
 */
export function maskForms(value: string): string[] {
  if ([...value].length < MIN_MASKED_LENGTH) return [];
  const forms = [value];
  const multiLine = /[\r\n]/.test(value);
  if (!multiLine || value.length <= MAX_WHOLE_JSON_MULTILINE) forms.push(...jsonForms(value));
  // A value read from a file often ends in a newline the child strips.
  const bare = value.trim();
  if (bare !== value && [...bare].length >= MIN_MASKED_LENGTH) forms.push(bare);
  if (multiLine) {
    for (const line of value.split(/\r\n|\r|\n/)) {
      const bareLine = line.trim();
      if ([...bareLine].length >= MIN_MASKED_LINE_LENGTH) forms.push(bareLine, ...jsonForms(bareLine));
    }
  }
  return forms;
}

/** The JSON string escapings of `text` that differ from it: JSON.stringify's, and the ASCII-only one of Python's json.dumps. */
function jsonForms(text: string): string[] {
  const forms: string[] = [];
  const json = JSON.stringify(text).slice(1, -1);
  if (json !== text) forms.push(json);
  // Every UTF-16 unit on its own, as Python does (a surrogate pair as two escapes).
  const ascii = json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (ascii !== json) forms.push(ascii);
  return forms;
}

/** The distinct forms (as UTF-8 bytes) of the values long enough to mask; see `maskForms`. */
export function maskPatterns(values: Iterable<string>): Uint8Array[] {
  const seen = new Set<string>();
  for (const v of new Set(values)) for (const form of maskForms(v)) seen.add(form);
  return [...seen].map((v) => Buffer.from(v, "utf8"));
}

/**
 * Maskers for one run. The automaton is built once, when the first masker is
 * asked for, and shared: stdout and stderr mask the same values, and a child
 * that prints nothing never pays for it. With no value long enough, each
 * masker is a pass-through.
 */
export function maskerFactory(values: Iterable<string>): () => Masker {
  const patterns = maskPatterns(values);
  let dfa: MaskAutomaton | undefined;
  return () => {
    if (patterns.length === 0) return { push: (chunk) => asBuffer(chunk), end: () => EMPTY };
    dfa ??= buildAutomaton(patterns);
    return new StreamingMasker(dfa);
  };
}

/** A masker for `values`; with no value long enough, a pass-through. */
export function createMasker(values: Iterable<string>): Masker {
  return maskerFactory(values)();
}

/** What a child's output streams pass through in a run: one masking stream per stream, the patterns built once. */
export function maskFilter(values: Iterable<string>): () => Transform {
  const newMasker = maskerFactory(values);
  return () => createMaskStream(newMasker);
}

/**
 * A Transform stream that masks `values` (binary in, binary out). Its masker
 * is made on the first chunk, from `values` or from a run's shared factory.
 */
export function createMaskStream(values: Iterable<string> | (() => Masker)): Transform {
  const newMasker = typeof values === "function" ? values : maskerFactory(values);
  let masker: Masker | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      const out = (masker ??= newMasker()).push(chunk);
      done(null, out.length ? out : undefined);
    },
    flush(done: TransformCallback) {
      const out = masker?.end() ?? EMPTY;
      done(null, out.length ? out : undefined);
    },
  });
}

/**
 * The masker keeps a virtual buffer: `held` (bytes kept back from earlier
 * pushes) followed by the current chunk. Positions and masked ranges count
 * from the start of `held`; the chunk is scanned in place, never joined to
 * `held` unless both end up in one output.
 */
class StreamingMasker implements Masker {
  /** Bytes held back from earlier pushes (a possible partial match, or a masked range that may still grow). */
  private held: Buffer = EMPTY;
  /** Automaton state (a row offset into delta). */
  private state = 0;
  /** Masked ranges inside `held` + chunk, as [start, end) pairs, sorted and disjoint. */
  private ranges: number[] = [];
  private readonly delta: Int32Array;
  private readonly classOf: Uint8Array;
  private readonly width: number;
  private readonly matchLength: Int32Array;
  private readonly depth: Int32Array;
  /** What every match starts with, for the skip search: a byte, a byte string, or null (nothing shared). */
  private readonly lead: number | Buffer | null;
  private readonly leadLength: number;

  constructor(dfa: MaskAutomaton) {
    this.delta = dfa.delta;
    this.classOf = dfa.classOf;
    this.width = dfa.width;
    this.matchLength = dfa.matchLength;
    this.depth = dfa.depth;
    this.leadLength = dfa.lead.length;
    this.lead = dfa.lead.length === 0 ? null : dfa.lead.length === 1 ? dfa.lead[0]! : Buffer.from(dfa.lead);
  }

  push(chunk: Uint8Array): Buffer {
    const input = asBuffer(chunk);
    const base = this.held.length;
    const s = this.lead === null ? this.scan(input, 0, base, this.state) : this.skipScan(input, base);
    this.state = s;
    const n = base + input.length;
    // Nothing before the longest partial match can be part of a future match.
    let safe = n - this.depth[s / this.width]!;
    const r = this.ranges;
    const last = r.length - 1;
    if (last > 0 && r[last]! > safe) safe = Math.min(safe, r[last - 1]!);
    return this.release(input, safe);
  }

  end(): Buffer {
    const out = this.release(EMPTY, this.held.length);
    this.state = 0;
    return out;
  }

  /** Steps the automaton over buf[from, end) from state `s`; returns the new state. */
  private scan(buf: Buffer, from: number, base: number, s: number): number {
    const { delta, classOf } = this;
    const n = buf.length;
    for (let i = from; i < n; i++) {
      const t = delta[s + classOf[buf[i]!]!]!;
      if (t < 0) {
        s = ~t;
        this.addRange(base + i + 1 - this.matchLength[s / this.width]!, base + i + 1);
      } else s = t;
    }
    return s;
  }

  /**
   * Like `scan`, but while the automaton is at its root it jumps to the next
   * occurrence of `lead`: no match can start before it, and no byte passed
   * over can be the start of a partial match at the end of `buf` (a partial
   * match there is shorter than `lead` only within its last bytes, which are
   * always stepped through). So matches and the final state are exactly
   * those of `scan`.
   */
  private skipScan(buf: Buffer, base: number): number {
    const { delta, classOf } = this;
    const lead = this.lead!;
    const n = buf.length;
    let s = this.state;
    let i = 0;
    while (i < n) {
      if (s === 0) {
        const next = buf.indexOf(lead, i);
        if (next < 0) return this.scan(buf, Math.max(i, n - this.leadLength + 1), base, 0);
        i = next;
      }
      // Step until the automaton is back at its root (a match never leaves it there).
      do {
        const t = delta[s + classOf[buf[i]!]!]!;
        if (t < 0) {
          s = ~t;
          this.addRange(base + i + 1 - this.matchLength[s / this.width]!, base + i + 1);
        } else s = t;
        i++;
      } while (s !== 0 && i < n);
    }
    return s;
  }

  /** Records [start, end), merging every earlier range it overlaps. */
  private addRange(start: number, end: number): void {
    const r = this.ranges;
    while (r.length && start < r[r.length - 1]!) {
      start = Math.min(start, r[r.length - 2]!);
      r.length -= 2;
    }
    r.push(start, end);
  }

  /**
   * Returns (held + input)[0, upTo) with masked ranges replaced, and keeps the
   * rest (and its ranges) held. Zero-copy when nothing is held and nothing in
   * the released part is masked.
   */
  private release(input: Buffer, upTo: number): Buffer {
    const held = this.held;
    const base = held.length;
    const n = base + input.length;
    const r = this.ranges;
    let out: Buffer;
    if (r.length === 0 || r[0]! >= upTo) {
      if (upTo === 0) out = EMPTY;
      else if (base === 0) out = input.subarray(0, upTo);
      else if (upTo <= base) out = held.subarray(0, upTo);
      else out = Buffer.concat([held, input.subarray(0, upTo - base)], upTo);
    } else {
      let k = 0;
      let size = upTo;
      for (; k < r.length && r[k + 1]! <= upTo; k += 2) size += MASK.length - (r[k + 1]! - r[k]!);
      out = Buffer.allocUnsafe(size);
      let at = 0;
      let from = 0;
      for (let q = 0; q < k; q += 2) {
        at = copyRange(held, input, from, r[q]!, out, at);
        at += MASK.copy(out, at);
        from = r[q + 1]!;
      }
      copyRange(held, input, from, upTo, out, at);
      r.splice(0, k);
    }
    for (let k = 0; k < r.length; k++) r[k] = r[k]! - upTo;
    // Copy the tail: the caller may reuse the chunk's memory after we return.
    if (upTo >= n) this.held = EMPTY;
    else {
      const tail = Buffer.allocUnsafe(n - upTo);
      copyRange(held, input, upTo, n, tail, 0);
      this.held = tail;
    }
    return out;
  }
}

/** Copies (a + b)[from, to) into out at `at`; returns the position after it. */
function copyRange(a: Buffer, b: Buffer, from: number, to: number, out: Buffer, at: number): number {
  const split = a.length;
  if (from < split) {
    const end = Math.min(to, split);
    at += a.copy(out, at, from, end);
    from = end;
  }
  if (from < to) at += b.copy(out, at, from - split, to - split);
  return at;
}
