/**
 * The leaf walk shared by encryption, decryption and the MAC (spec §1.1):
 * branches in order, items in order, list elements with their list's path,
 * comments with the enclosing mapping's path, nulls skipped.
 */
import { Branch, Comment } from "./tree.js";
import type { Document, Item, Leaf, Value } from "./tree.js";
import type { Selection } from "./metadata.js";
import { makeSelector, usesComments } from "./selection.js";

/**
 * Called once per leaf or comment; `selected` says whether the selection rule
 * wants it encrypted; `inList` marks list elements (an encrypted comment there
 * becomes a plain `ENC[…,type:comment]` element, spec §1.9).
 */
export type LeafMapper = (value: Leaf | Comment, path: readonly string[], selected: boolean, inList: boolean) => Leaf | Comment;

/**
 * A new document with every leaf replaced by `map`'s result; the input is not changed.
 * @throws HushError METADATA_INVALID for a selection regex RE2 rejects (`file` names it)
 */
export function mapLeaves(document: Document, selection: Selection, map: LeafMapper, file?: string): Document {
  const select = makeSelector(selection, file);
  const track = usesComments(selection);
  // One list of active comments per nesting level (spec §3), cleared after each non-comment item.
  const stack: string[][] = [];
  const active = (): string[] => (track ? stack.flat() : []);

  const visitComment = (comment: Comment, path: readonly string[], level: string[], inList: boolean): Leaf | Comment => {
    const out = map(comment, path, select(path, active(), comment.text), inList);
    if (track) level.push(out instanceof Comment ? out.text : String(out));
    if (inList || out instanceof Comment) return out;
    return new Comment(String(out), comment.inline);
  };

  const walkValue = (value: Value, path: readonly string[], inList = false): Value => {
    if (value === null) return null;
    if (value instanceof Branch) return walkBranch(value, path);
    if (Array.isArray(value)) return walkList(value, path);
    if (value instanceof Comment) return map(value, path, select(path, active(), value.text), false);
    return map(value, path, select(path, active()), inList);
  };

  const walkList = (list: Value[], path: readonly string[]): Value[] => {
    const level: string[] = [];
    stack.push(level);
    const out = list.map((element) => {
      if (element instanceof Comment) return visitComment(element, path, level, true);
      const mapped = walkValue(element, path, true);
      if (track) level.length = 0;
      return mapped;
    });
    stack.pop();
    return out;
  };

  const walkBranch = (branch: Branch, path: readonly string[]): Branch => {
    const level: string[] = [];
    stack.push(level);
    const items: Item[] = [];
    for (const item of branch.items) {
      if (item instanceof Comment) {
        items.push(visitComment(item, path, level, false) as Comment);
        continue;
      }
      items.push({ key: item.key, value: walkValue(item.value, [...path, item.key]) });
      if (track) level.length = 0;
    }
    stack.pop();
    return new Branch(items);
  };

  return document.map((branch) => walkBranch(branch, []));
}

/** `db.password`, or `(top level)`: how messages name a key path. */
export function describePath(path: readonly string[]): string {
  return path.length === 0 ? "(top level)" : path.join(".");
}
