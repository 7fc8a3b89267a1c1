/**
 * Where a value sits in a YAML file: maps a JSON-pointer path (as ajv reports
 * it) to the line and column of its node, so every config problem can say
 * `file:line:col`.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";

export interface Position {
  line: number;
  col: number;
}

/** Splits an ajv `instancePath` (`/users/alice/recipients/0`) into segments, undoing `~1`/`~0`. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * The position of the node at `path`, or of its key when `key` is set (an
 * unknown property is best shown at its name). Falls back to the deepest
 * ancestor that exists, then to line 1, column 1.
 */
export function positionOf(doc: Document, counter: LineCounter, path: readonly string[], key = false): Position {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) break;
      const keyStart = rangeStart(pair.key);
      if (last && key && keyStart !== undefined) {
        offset = keyStart;
        break;
      }
      node = pair.value;
      offset = rangeStart(node) ?? keyStart ?? offset;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) break;
      node = item;
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  const { line, col } = counter.linePos(offset);
  return { line, col };
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
