/**
 * An Aho–Corasick automaton over bytes, compiled to a dense DFA: one table
 * look-up per input byte, whatever the number of secrets.
 *
 * Bytes that occur in no pattern share one input class, so the table is
 * `states × classes` (a few hundred KB for 50 secrets of 40 characters).
 * Transitions are stored pre-multiplied by the class count (no multiply in
 * the hot loop) and bit-inverted (negative) when the target state ends a
 * pattern, so the scan loop tests one sign bit per byte.
 *
 * `lead` is the longest prefix every pattern shares. While the automaton is
 * at its root, no match can start before the next occurrence of `lead`, so
 * the scanner can jump there with a native `indexOf` instead of stepping
 * through every byte.
 */

export interface MaskAutomaton {
  /** Number of input classes (the row width of `delta`). */
  readonly width: number;
  /** Input byte -> class. */
  readonly classOf: Uint8Array;
  /** Row offset of the next state; `~offset` when that state ends a pattern. */
  readonly delta: Int32Array;
  /** Per state: length of the longest pattern ending here (0: none). */
  readonly matchLength: Int32Array;
  /** Per state: length of the text it stands for (the longest partial match). */
  readonly depth: Int32Array;
  /** The longest prefix all patterns share (empty when their first bytes differ). */
  readonly lead: Uint8Array;
}

/** The longest prefix shared by every (non-empty) pattern. */
function commonPrefix(patterns: readonly Uint8Array[]): Uint8Array {
  const first = patterns[0]!;
  let n = first.length;
  for (const p of patterns) {
    if (p.length < n) n = p.length;
    for (let i = 0; i < n; i++) {
      if (p[i] !== first[i]) {
        n = i;
        break;
      }
    }
  }
  return first.slice(0, n);
}

/** Builds the automaton for non-empty byte patterns. */
export function buildAutomaton(patterns: readonly Uint8Array[]): MaskAutomaton {
  const classOf = new Uint8Array(256);
  let width = 1; // class 0: bytes that occur in no pattern
  for (const p of patterns) for (const b of p) if (classOf[b] === 0) classOf[b] = width++;
  if (width > 256) throw new RangeError("too many byte classes"); // cannot happen: 255 distinct bytes + 1

  // The trie, as goto rows (-1: no edge yet).
  const rows: Int32Array[] = [new Int32Array(width).fill(-1)];
  const depth: number[] = [0];
  const ends: number[] = [0];
  for (const p of patterns) {
    let s = 0;
    for (const b of p) {
      const c = classOf[b]!;
      let next = rows[s]![c]!;
      if (next < 0) {
        next = rows.length;
        rows.push(new Int32Array(width).fill(-1));
        depth.push(depth[s]! + 1);
        ends.push(0);
        rows[s]![c] = next;
      }
      s = next;
    }
    ends[s] = Math.max(ends[s]!, p.length);
  }

  // Breadth-first: failure links, the longest match ending at each state, and full DFA rows.
  const states = rows.length;
  const fail = new Int32Array(states);
  const matchLength = new Int32Array(states);
  const queue: number[] = [];
  for (let c = 0; c < width; c++) {
    const next = rows[0]![c]!;
    if (next < 0) rows[0]![c] = 0;
    else queue.push(next);
  }
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head]!;
    // A state's own pattern is always longer than any pattern its failure link ends.
    matchLength[s] = ends[s]! || matchLength[fail[s]!]!;
    const row = rows[s]!;
    const failRow = rows[fail[s]!]!;
    for (let c = 0; c < width; c++) {
      const next = row[c]!;
      if (next < 0) row[c] = failRow[c]!;
      else {
        fail[next] = s === 0 ? 0 : failRow[c]!;
        queue.push(next);
      }
    }
  }

  const delta = new Int32Array(states * width);
  for (let s = 0; s < states; s++) {
    const row = rows[s]!;
    for (let c = 0; c < width; c++) {
      const t = row[c]!;
      delta[s * width + c] = matchLength[t]! > 0 ? ~(t * width) : t * width;
    }
  }
  return { width, classOf, delta, matchLength, depth: Int32Array.from(depth), lead: commonPrefix(patterns) };
}
