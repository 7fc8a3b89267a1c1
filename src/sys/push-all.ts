/**
 * `target.push(...items)` passes every item as an argument: a committed file
 * with ~100,000 entries (problems, keys, conflicts) overflows the call stack.
 * This appends them one by one.
 */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
