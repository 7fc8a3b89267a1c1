/**
 * The sops tree model (spec §1.1), shared by every format and the cipher.
 *
 * A document is a list of branches (one per YAML document; one for every
 * other format). A branch is an ordered list of items; an item is either a
 * key/value entry or a whole-line comment. Values keep sops's type
 * distinctions, which JavaScript's own values would lose:
 *
 * | sops type | here                                  |
 * |-----------|---------------------------------------|
 * | str       | `string`, or `Uint8Array` for bytes that are not UTF-8 (binary store, `!!binary`) |
 * | int       | `bigint` (int64 precision kept)       |
 * | float     | `number` (always a float, even 1.0)   |
 * | bool      | `boolean`                             |
 * | time      | `Timestamp` (RFC 3339 text kept as written by the format) |
 * | comment   | `Comment` (inside lists, and as branch items) |
 * | null      | `null` — never encrypted, never in the MAC |
 */

export class Comment {
  /** `text` is the comment without its leading `#` (a following space is kept). */
  constructor(
    readonly text: string,
    /** YAML only: the comment sat at the end of a value's line. */
    readonly inline = false,
  ) {}
}

export class Timestamp {
  /** `text`: RFC 3339, as go's time.MarshalText would print it (nanoseconds, trailing zeros trimmed, `Z` for UTC). */
  constructor(readonly text: string) {}
}

export type Leaf = string | Uint8Array | bigint | number | boolean | Timestamp;

export type Value = Branch | Value[] | Leaf | Comment | null;

export interface Entry {
  key: string;
  value: Value;
}

export type Item = Entry | Comment;

export class Branch {
  constructor(readonly items: Item[] = []) {}

  /** The value of the first entry named `key` (branches may hold duplicate keys, as JSON allows). */
  get(key: string): Value | undefined {
    for (const item of this.items) if (!(item instanceof Comment) && item.key === key) return item.value;
    return undefined;
  }

  has(key: string): boolean {
    return this.items.some((item) => !(item instanceof Comment) && item.key === key);
  }

  /** Replaces the first entry named `key`, or appends one. */
  set(key: string, value: Value): void {
    for (const item of this.items) {
      if (!(item instanceof Comment) && item.key === key) {
        item.value = value;
        return;
      }
    }
    this.items.push({ key, value });
  }

  /** Removes every entry named `key`; says whether there was one. */
  delete(key: string): boolean {
    // In place without spreading into splice: a spread of 100k+ items overflows the call stack.
    let kept = 0;
    for (const item of this.items) if (item instanceof Comment || item.key !== key) this.items[kept++] = item;
    const removed = kept !== this.items.length;
    this.items.length = kept;
    return removed;
  }

  entries(): Entry[] {
    return this.items.filter((item): item is Entry => !(item instanceof Comment));
  }

  keys(): string[] {
    return this.entries().map((e) => e.key);
  }
}

export type Document = Branch[];

export function isEntry(item: Item): item is Entry {
  return !(item instanceof Comment);
}
