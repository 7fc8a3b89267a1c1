/** How an edit changed a file, told by key names only (never values). */

/** "added: a", "changed: b", "removed: c" between two maps of key to comparable text. */
export function keyChanges(was: Map<string, string>, is: Map<string, string>): string[] {
  const parts: string[] = [];
  const added = [...is.keys()].filter((k) => !was.has(k));
  const changed = [...is.keys()].filter((k) => was.has(k) && was.get(k) !== is.get(k));
  const removed = [...was.keys()].filter((k) => !is.has(k));
  if (added.length) parts.push(`added: ${added.join(", ")}`);
  if (changed.length) parts.push(`changed: ${changed.join(", ")}`);
  if (removed.length) parts.push(`removed: ${removed.join(", ")}`);
  return parts;
}
