/**
 * Reading, setting and removing the value at a path of a plaintext tree
 * (`--extract`, `set`, `unset`). List indexes count every element, comments
 * included, as sops's do.
 */
import { Branch, Comment, Timestamp, type Value } from "../sops/tree.js";
import type { PathStep } from "./tree-path.js";

/** The value at `path`, or undefined when a step is missing. */
export function valueAt(root: Branch, path: readonly PathStep[]): Value | undefined {
  let node: Value | undefined = root;
  for (const step of path) {
    if (typeof step === "string") node = node instanceof Branch ? node.get(step) : undefined;
    else node = Array.isArray(node) ? node[step] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/**
 * Sets the value at `path`, creating missing maps/lists on the way; an index
 * at or past the end appends. Returns the new root.
 */
export function setValueAt(root: Branch, path: readonly PathStep[], value: Value): Branch {
  const set = (node: Value | undefined, i: number): Value => {
    if (i === path.length) return value;
    const step = path[i]!;
    if (typeof step === "string") {
      const branch = node instanceof Branch ? node : new Branch();
      branch.set(step, set(branch.get(step), i + 1));
      return branch;
    }
    const list = Array.isArray(node) ? node : [];
    if (step < list.length) list[step] = set(list[step], i + 1);
    else list.push(set(undefined, i + 1));
    return list;
  };
  return path.length === 0 && value instanceof Branch ? value : (set(root, 0) as Branch);
}

/** Removes the value at `path`; false when it is not there. */
export function unsetValueAt(root: Branch, path: readonly PathStep[]): boolean {
  if (path.length === 0) return false;
  const parent = valueAt(root, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (typeof last === "string") return parent instanceof Branch ? parent.delete(last) : false;
  if (!Array.isArray(parent) || last >= parent.length) return false;
  parent.splice(last, 1);
  return true;
}

/** Deep equality of tree values, types included (1 and 1.0 differ, as in sops). */
export function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (a instanceof Branch || b instanceof Branch) {
    if (!(a instanceof Branch && b instanceof Branch) || a.items.length !== b.items.length) return false;
    return a.items.every((x, i) => {
      const y = b.items[i]!;
      if (x instanceof Comment || y instanceof Comment) return x instanceof Comment && y instanceof Comment && x.text === y.text;
      return x.key === y.key && sameValue(x.value, y.value);
    });
  }
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a instanceof Comment || b instanceof Comment) return a instanceof Comment && b instanceof Comment && a.text === b.text;
  if (a instanceof Timestamp || b instanceof Timestamp) return a instanceof Timestamp && b instanceof Timestamp && a.text === b.text;
  if (a instanceof Uint8Array || b instanceof Uint8Array) return a instanceof Uint8Array && b instanceof Uint8Array && Buffer.from(a).equals(Buffer.from(b));
  if (typeof a === "number" && typeof b === "number") return Object.is(a, b) || a === b;
  return a === b;
}
