/**
 * How deep a document may nest. Readers and every tree walk recurse once per
 * level, so a planted file nested thousands deep would otherwise end in a
 * stack overflow ("internal error"). sops (go-yaml v3, Go's encoding/json)
 * accepts 10,000 levels; libyaml and serde stop at 1,000 and 128; the yaml
 * library hush uses runs out of stack near 800. 500 keeps a wide margin under
 * all of them and far above any real configuration.
 */
import { HushError } from "../errors.js";
import { Branch, type Value } from "../sops/tree.js";

/** Collections (maps and lists) inside one another, the top-level map counting as 1. */
export const MAX_NESTING_DEPTH = 500;

/** The one error for a document nested deeper than MAX_NESTING_DEPTH. */
export function nestedTooDeep(where: { file?: string | undefined; line?: number | undefined; col?: number | undefined }): HushError {
  return new HushError("UNSUPPORTED_VALUE", `maps and lists nested more than ${MAX_NESTING_DEPTH} levels deep`, {
    ...(where.file !== undefined ? { file: where.file } : {}),
    ...(where.line !== undefined ? { line: where.line } : {}),
    ...(where.col !== undefined ? { col: where.col } : {}),
    hint: `hush reads at most ${MAX_NESTING_DEPTH} levels; flatten the document`,
  });
}

/**
 * Runs a parse that may recurse once per level (the yaml library's parser
 * does, and throws RangeError on deep input instead of reporting it): a stack
 * overflow becomes the nesting error, anything else passes through.
 * @throws HushError UNSUPPORTED_VALUE
 */
export function guardNesting<T>(file: string | undefined, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof RangeError && /call stack/i.test(error.message)) throw nestedTooDeep({ file });
    throw error;
  }
}

/** How many maps and lists nest in `value` (0 for a scalar); a stack, not recursion. */
export function nestingDepth(value: Value): number {
  let deepest = 0;
  const todo: Array<[Value, number]> = [[value, 0]];
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    const [v, above] = next;
    const children = v instanceof Branch ? v.entries().map((e) => e.value) : Array.isArray(v) ? v : undefined;
    if (children === undefined) continue;
    deepest = Math.max(deepest, above + 1);
    for (const child of children) todo.push([child, above + 1]);
  }
  return deepest;
}
