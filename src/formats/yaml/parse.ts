/**
 * YAML text -> sops tree, as sops's YAML store loads it (spec §1.3): every
 * document a mapping, go-yaml v3 scalar resolution, aliases expanded, `<<`
 * an ordinary key, comments as Comment items.
 */
import { Composer, isAlias, isMap, isPair, isScalar, isSeq } from "yaml";
import type { Document as YamlDocument, Node, Pair, Scalar } from "yaml";
import { HushError } from "../../errors.js";
import { Branch, Comment } from "../../sops/tree.js";
import type { Document, Item, Value } from "../../sops/tree.js";
import { MAX_NESTING_DEPTH, guardNesting, nestedTooDeep } from "../nesting.js";
import { placeComments } from "./comment-placement.js";
import type { Collection, Placements } from "./comment-placement.js";
import { resolvePlain } from "./resolve.js";
import { readSopsYaml } from "./subset-reader.js";
import { CommentingParser, LineIndex } from "./source-map.js";
import type { SourceComment } from "./source-map.js";

const BINARY_TAG = "tag:yaml.org,2002:binary";
const STR_TAG = "tag:yaml.org,2002:str";
// failsafe: every scalar stays a string, so we resolve them ourselves; duplicates are checked below, first document only.
const OPTIONS = { schema: "failsafe", uniqueKeys: false, prettyErrors: false, strict: false } as const;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export interface ParsedYaml {
  document: Document;
  /** The file uses go-yaml v2's layout (sequences not indented under their key), as sops before 3.7 wrote. */
  legacyLayout: boolean;
}

interface Context {
  src: string;
  file: string | undefined;
  lines: LineIndex;
  doc: YamlDocument.Parsed;
  comments: Placements;
  checkDuplicates: boolean;
  legacyLayout: boolean;
  /** Nodes that alias expansion may still copy: aliases of aliases grow exponentially ("billion laughs"); go-yaml limits them too. */
  aliasBudget: number;
  /** How many aliases we are inside. */
  aliasDepth: number;
}

/** @throws HushError PARSE_ERROR (with line/col), UNSUPPORTED_VALUE */
export function parseYaml(src: string, file: string | undefined): ParsedYaml {
  // What sops and hush write, read without the yaml library (the same tree; see subset-reader.ts).
  return readSopsYaml(src) ?? parseYamlWithLibrary(src, file);
}

/** The full parser (the yaml library), for every YAML. @throws HushError PARSE_ERROR (with line/col), UNSUPPORTED_VALUE */
export function parseYamlWithLibrary(src: string, file: string | undefined): ParsedYaml {
  const lines = new LineIndex(src);
  const parser = new CommentingParser();
  const docs = guardNesting(file, () => [...new Composer(OPTIONS).compose(parser.parse(src))]);
  const comments = parser.comments(src, lines);
  const document: Document = [];
  let legacyLayout = false;
  docs.forEach((doc, i) => {
    const error = doc.errors[0];
    if (error) {
      const offset = error.pos[0];
      // The yaml library catches its own stack overflow on deep nesting (near 800 levels).
      if (error.code === "RESOURCE_EXHAUSTION") throw nestedTooDeep({ file, line: lines.line(offset) + 1, col: lines.col(offset) + 1 });
      // The parser's first line, cut before any quoted source text: no file content in messages.
      const reason = (error.message.split("\n")[0] ?? "").replace(/:\s.*$/, "");
      throw new HushError("PARSE_ERROR", `invalid YAML: ${reason}`, {
        file,
        line: lines.line(offset) + 1,
        col: lines.col(offset) + 1,
      });
    }
    const end = docs[i + 1]?.range[0] ?? Infinity;
    const start = i === 0 ? -1 : (doc.range[0] ?? 0);
    const mine = comments.filter((c) => c.offset >= start && c.offset < end);
    const ctx: Context = { src, file, lines, doc, comments: new Map(), checkDuplicates: i === 0, legacyLayout: false, aliasBudget: 100_000, aliasDepth: 0 };
    document.push(documentBranch(doc.contents, ctx, mine));
    legacyLayout ||= ctx.legacyLayout;
  });
  return { document, legacyLayout };
}

function documentBranch(root: unknown, ctx: Context, comments: SourceComment[]): Branch {
  if (root === null || root === undefined || (isScalar(root) && resolveScalar(root, ctx) === null)) {
    return new Branch(comments.map((c) => new Comment(c.text))); // an empty document keeps only its comments
  }
  if (!isMap(root)) {
    throw new HushError("PARSE_ERROR", `${ctx.file ?? "<input>"}: YAML documents that are not mappings are not supported`, {
      ...where(root as Node, ctx),
      hint: "the top level of a sops YAML file must be a mapping (key: value)",
    });
  }
  placeComments(root, comments, ctx.lines, ctx.comments);
  return toBranch(root, ctx, 0);
}

function where(node: Node | null | undefined, ctx: Context): { file?: string; line?: number; col?: number } {
  const offset = node?.range?.[0];
  if (offset === undefined) return { file: ctx.file };
  return { file: ctx.file, line: ctx.lines.line(offset) + 1, col: ctx.lines.col(offset) + 1 };
}

function merged<T>(coll: Collection, ctx: Context, convert: (index: number) => T, toItem: (c: Comment) => T): T[] {
  const placed = [...(ctx.comments.get(coll) ?? [])].sort((a, b) => a.index - b.index);
  const out: T[] = [];
  let p = 0;
  for (let i = 0; i < coll.items.length; i++) {
    while (p < placed.length && (placed[p]?.index ?? 0) <= i) out.push(toItem((placed[p++] as { comment: Comment }).comment));
    out.push(convert(i));
  }
  while (p < placed.length) out.push(toItem((placed[p++] as { comment: Comment }).comment));
  return out;
}

function toBranch(map: Collection, ctx: Context, depth: number): Branch {
  const seen = new Map<string, Node>();
  const items = merged<Item>(
    map,
    ctx,
    (i) => {
      const item = map.items[i];
      const pair: Pair = isPair(item) ? item : ({ key: item, value: null } as unknown as Pair);
      const key = resolveKey(pair.key as Node | null, ctx);
      if (ctx.checkDuplicates) {
        const first = seen.get(key);
        if (first !== undefined) {
          const line = where(first, ctx).line ?? 0;
          throw new HushError("PARSE_ERROR", `${ctx.file ?? "<input>"}: mapping key "${key}" already defined at line ${line}`, {
            ...where(pair.key as Node, ctx),
          });
        }
        seen.set(key, pair.key as Node);
      }
      if (isSeq(pair.value) && !pair.value.flow && pair.value.range && isScalar(pair.key) && pair.key.range) {
        // go-yaml v2 wrote `key:\n- item` with the dash under the key; v3 indents it.
        // (An explicit `? key` / `: - item` can line up too, but there the dash does not open its line.)
        const dash = pair.value.range[0];
        const col = ctx.lines.col(dash);
        if (col === ctx.lines.col(pair.key.range[0]) && ctx.src.slice(dash - col, dash).trim() === "") ctx.legacyLayout = true;
      }
      return { key, value: toValue(pair.value, ctx, depth + 1) };
    },
    (c) => c,
  );
  return new Branch(items);
}

/** `depth`: collections around `node` (the top-level map is at 0). */
function toValue(node: unknown, ctx: Context, depth: number): Value {
  if (node === null || node === undefined) return null;
  // An alias counts as a level, so a recursive one (`&a [*a]`) ends here too.
  if (depth >= MAX_NESTING_DEPTH && (isMap(node) || isSeq(node) || isAlias(node))) throw nestedTooDeep(where(node as Node, ctx));
  if (ctx.aliasDepth > 0 && --ctx.aliasBudget < 0) {
    throw new HushError("UNSUPPORTED_VALUE", `${ctx.file ?? "<input>"}: aliases expand to too many nodes`, where(node as Node, ctx));
  }
  if (isAlias(node)) {
    const target = node.resolve(ctx.doc);
    if (!target) throw new HushError("PARSE_ERROR", `${ctx.file ?? "<input>"}: unknown anchor "${node.source}"`, where(node, ctx));
    ctx.aliasDepth++;
    try {
      return toValue(target, ctx, depth + 1);
    } finally {
      ctx.aliasDepth--;
    }
  }
  if (isMap(node)) return toBranch(node, ctx, depth);
  if (isSeq(node)) {
    return merged<Value>(
      node,
      ctx,
      (i) => {
        const item = node.items[i];
        // A single-pair mapping written inside a flow sequence: `[a: 1]`.
        if (isPair(item)) return new Branch([{ key: resolveKey(item.key as Node, ctx), value: toValue(item.value, ctx, depth + 1) }]);
        return toValue(item, ctx, depth + 1);
      },
      (c) => c,
    );
  }
  if (isScalar(node)) return resolveScalar(node, ctx);
  return null;
}

function resolveScalar(node: Scalar, ctx: Context): Value {
  const raw = node.value;
  if (node.tag === BINARY_TAG) {
    const bytes = raw instanceof Uint8Array ? raw : Buffer.from(String(raw).replace(/\s+/g, ""), "base64");
    try {
      return utf8.decode(bytes);
    } catch {
      return new Uint8Array(bytes);
    }
  }
  const text = raw === null || raw === undefined ? "" : String(raw);
  if (node.type !== "PLAIN" || node.tag === STR_TAG || (node.tag !== undefined && !node.tag.startsWith("tag:yaml.org,2002:"))) {
    return text;
  }
  const resolved = resolvePlain(text);
  switch (resolved.kind) {
    case "null":
      return null;
    case "merge":
      return text;
    case "uint":
      throw new HushError("UNSUPPORTED_VALUE", `${ctx.file ?? "<input>"}: an integer beyond the int64 range is not supported`, {
        ...where(node, ctx),
        hint: "quote it to keep it as a string",
      });
    default:
      return resolved.value;
  }
}

function resolveKey(node: Node | null, ctx: Context): string {
  const target = isAlias(node) ? node.resolve(ctx.doc) : node;
  if (isScalar(target)) {
    const value = resolveScalar(target, ctx);
    if (typeof value === "string") return value;
  }
  throw new HushError("UNSUPPORTED_VALUE", `${ctx.file ?? "<input>"}: non-string key`, {
    ...where(node ?? null, ctx),
    hint: "quote the key to make it a string",
  });
}
