/**
 * Where each comment of a YAML text goes in the sops tree (spec §1.3).
 *
 * go-yaml hangs comments on nodes (head, line, foot) and sops flattens them
 * into the enclosing mapping or sequence, before or after an item. Only that
 * final place matters here, so we find it from lines and indentation: a
 * comment belongs to the deepest open collection it is indented into, before
 * the first item that starts after it.
 */
import { isCollection, isPair } from "yaml";
import type { Node, Pair, YAMLMap, YAMLSeq } from "yaml";
import { Comment } from "../../sops/tree.js";
import type { LineIndex, SourceComment } from "./source-map.js";

export type Collection = YAMLMap | YAMLSeq;
type CollectionItem = Pair | Node | null;

/** Comments to insert in a collection, each before item `index` (`index` = item count: at the end). */
export type Placements = Map<Collection, { index: number; comment: Comment }[]>;

export function placeComments(root: Collection, comments: SourceComment[], lines: LineIndex, into: Placements): void {
  const at = (n: Node | null | undefined): number => (n?.range ? lines.line(n.range[0]) : -1);
  const startLine = (item: CollectionItem): number => {
    if (isPair(item)) return item.key ? at(item.key as Node) : at(item.value as Node);
    return at(item);
  };
  // The last line holding content: a collection's own range also covers the comments that follow it.
  const contentEnd = (n: CollectionItem | undefined): number => {
    if (isPair(n)) return contentEnd((n.value ?? n.key) as Node | null);
    if (isCollection(n) && !n.flow && n.items.length > 0) return contentEnd(n.items[n.items.length - 1] as CollectionItem);
    return n?.range ? Math.max(n.range[1] - 1, n.range[0]) : 0;
  };
  const endLine = (c: Collection): number => lines.line(contentEnd(c));
  const blockChild = (item: CollectionItem | undefined): Collection | undefined => {
    const node = isPair(item) ? item.value : item;
    return isCollection(node) && !node.flow && node.items.length > 0 ? node : undefined;
  };
  const add = (c: Collection, index: number, comment: Comment): void => {
    const list = into.get(c) ?? [];
    list.push({ index, comment });
    into.set(c, list);
  };

  for (const sc of comments) {
    let coll: Collection = root;
    for (let depth = 0; depth < 1000; depth++) {
      const items = coll.items as CollectionItem[];
      let next = items.findIndex((it) => startLine(it) > sc.line);
      if (next === -1) next = items.length;
      // The item on the comment's line; with an explicit key (`? key` / `: value`) the value's line counts.
      const onLine = (it: CollectionItem): boolean =>
        startLine(it) === sc.line || (isPair(it) && !isCollection(it.value) && at(it.value as Node | null) === sc.line);
      const sameLine = sc.trailing ? items.findIndex(onLine) : -1;
      if (sameLine !== -1) {
        const item = items[sameLine];
        const child = blockChild(item);
        if (child && at(child) === sc.line) {
          coll = child; // `- key: value # c`: the item is a mapping that starts on the dash line
          continue;
        }
        // A scalar value's line comment is inline; a key's (value below it) is a plain comment.
        add(coll, sameLine, new Comment(sc.text, child === undefined));
        break;
      }
      const prev = items[next - 1];
      const child = blockChild(prev);
      if (child) {
        const ownerCol = isPair(prev) && prev.key ? lines.col((prev.key as Node).range?.[0] ?? 0) : -1;
        const childCol = lines.col(child.range?.[0] ?? 0);
        const inside = sc.line <= endLine(child) || (!sc.trailing && sc.col >= childCol && sc.col > ownerCol);
        if (inside) {
          coll = child;
          continue;
        }
      }
      // `key:` / `# c` / `value`: a scalar value's head comment goes before its key (sops puts it there).
      const valueBelow = isPair(prev) && !child && at(prev.value as Node | null) > sc.line;
      add(coll, valueBelow ? next - 1 : next, new Comment(sc.text, false));
      break;
    }
  }
}
