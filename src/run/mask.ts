/**
 * Output masking for `hush run`: every secret value of 4 characters or more
 * that the child writes is replaced by `*****` (DESIGN "The launch wrapper").
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

/** The distinct values (as UTF-8 bytes) that are long enough to mask. */
export function maskPatterns(values: Iterable<string>): Uint8Array[] {
  const seen = new Set<string>();
  for (const v of values) if ([...v].length >= MIN_MASKED_LENGTH) seen.add(v);
  return [...seen].map((v) => Buffer.from(v, "utf8"));
}

/** A masker for `values`; with no value long enough, a pass-through. */
export function createMasker(values: Iterable<string>): Masker {
  const patterns = maskPatterns(values);
  if (patterns.length === 0) return { push: (chunk) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), end: () => Buffer.alloc(0) };
  return new StreamingMasker(buildAutomaton(patterns));
}

/** A Transform stream that masks `values` (binary in, binary out). */
export function createMaskStream(values: Iterable<string>): Transform {
  const masker = createMasker(values);
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      const out = masker.push(chunk);
      done(null, out.length ? out : undefined);
    },
    flush(done: TransformCallback) {
      const out = masker.end();
      done(null, out.length ? out : undefined);
    },
  });
}

class StreamingMasker implements Masker {
  /** Bytes held back from earlier pushes (a possible partial match, or a masked range that may still grow). */
  private held: Buffer = Buffer.alloc(0);
  /** Automaton state (a row offset into delta). */
  private state = 0;
  /** Masked ranges inside `held`, as [start, end) pairs, sorted and disjoint. */
  private ranges: number[] = [];

  constructor(private readonly dfa: MaskAutomaton) {}

  push(chunk: Uint8Array): Buffer {
    const base = this.held.length;
    const buf = base === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([this.held, chunk]);
    const { delta, classOf, width } = this.dfa;
    let s = this.state;
    const n = buf.length;
    for (let i = base; i < n; i++) {
      const t = delta[s + classOf[buf[i]!]!]!;
      if (t < 0) {
        s = ~t;
        this.addRange(i + 1 - this.dfa.matchLength[s / width]!, i + 1);
      } else s = t;
    }
    this.state = s;
    // Nothing before the longest partial match can be part of a future match.
    let safe = n - this.dfa.depth[s / width]!;
    const last = this.ranges.length - 1;
    if (last > 0 && this.ranges[last]! > safe) safe = Math.min(safe, this.ranges[last - 1]!);
    return this.release(buf, safe);
  }

  end(): Buffer {
    const out = this.release(this.held, this.held.length);
    this.state = 0;
    return out;
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

  /** Returns buf[0, upTo) with masked ranges replaced; keeps the rest (and its ranges) held. */
  private release(buf: Buffer, upTo: number): Buffer {
    const r = this.ranges;
    let out: Buffer;
    if (r.length === 0 || r[0]! >= upTo) out = buf.subarray(0, upTo);
    else {
      const parts: Buffer[] = [];
      let from = 0;
      let k = 0;
      for (; k < r.length && r[k + 1]! <= upTo; k += 2) {
        parts.push(buf.subarray(from, r[k]!), MASK);
        from = r[k + 1]!;
      }
      parts.push(buf.subarray(from, upTo));
      out = Buffer.concat(parts);
      r.splice(0, k);
    }
    for (let k = 0; k < r.length; k++) r[k] = r[k]! - upTo;
    // Copy the tail: the caller may reuse the chunk's memory after we return.
    this.held = upTo >= buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(upTo));
    return out;
  }
}
