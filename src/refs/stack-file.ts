/**
 * Stack files (`stacks/<name>.yaml`): parsed with positions kept, checked
 * against schemas/stack.schema.json, and cut into the string values that may
 * carry `{{name.key}}` references. The one reader of stack files: `hush run`,
 * `stack validate`, `stack resolve`, `register-secrets` and `check` all read
 * them here, so they accept and refuse the same files.
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, type Node } from "yaml";
import { parseUserYaml } from "../config/yaml-document.js";
import { documentData } from "../config/yaml-data.js";
import type { Problem } from "../errors.js";
import { plainToJs, readPlainYaml, type PlainNode } from "../formats/yaml/subset-reader.js";
import { scanReferences, type Reference } from "./find-refs.js";
import { validateStack, validateStackSchema } from "./stack-schema.js";

/** A reference found in a stack file, with its place in the file. */
export interface PlacedReference extends Reference {
  /** Where the value sits: `["components", "tracker", "password"]`, `["env", "DB_URL"]`. */
  path: string[];
  line: number;
  col: number;
}

export interface StackFile {
  /** The stack's name (file name without `.yaml`). */
  name: string;
  /** Path relative to the repository root, `/` separators (for messages). */
  file: string;
  /** The parsed content, as plain data; undefined when the file does not parse. */
  data: unknown;
  refs: PlacedReference[];
  /** Parse, schema and reference-syntax problems: all of them. */
  problems: Problem[];
}

/** Parses one stack file. Never throws: every fault is a Problem with line:col. */
export function parseStackFile(name: string, file: string, text: string): StackFile {
  // `hush run` reads its stack on every start: an everyday file with nothing to report is read
  // without the yaml library (subset-reader.ts), whose first parse on cold code costs more than a
  // decrypt. Anything else, and every problem, goes the library's way, which places each one.
  const plain = readPlainYaml(text);
  if (plain) {
    const data = plainToJs(plain);
    const refs = validateStack(data) ? plainReferences(plain, text) : undefined;
    if (refs) return { name, file, data, refs, problems: [] };
  }
  return parseStackFileWithLibrary(name, file, text);
}

/** parseStackFile by the yaml library alone. */
export function parseStackFileWithLibrary(name: string, file: string, text: string): StackFile {
  const lineCounter = new LineCounter();
  const doc = parseUserYaml(text, { lineCounter, keepSourceTokens: false, uniqueKeys: true, refuseUnknownTags: true });
  const where = (offset: number): { line: number; col: number } => lineCounter.linePos(offset);
  const problems: Problem[] = [];
  for (const error of doc.errors) {
    const { line, col } = where(error.pos[0]);
    problems.push({ file, line, col, message: `not valid YAML: ${error.message.split("\n")[0]}`, code: "PARSE_ERROR" });
  }
  const read = problems.length ? undefined : documentData(doc, lineCounter);
  if (read?.problem) problems.push({ file, ...read.problem, message: `not valid YAML: ${read.problem.message}`, code: "PARSE_ERROR" });
  if (problems.length) return { name, file, data: undefined, refs: [], problems };
  const data: unknown = read?.data ?? {};
  for (const issue of validateStackSchema(data)) {
    const node = issue.atKey ? keyNode(doc.getIn(issue.path.slice(0, -1), true), issue.path.at(-1)) : (doc.getIn(issue.path, true) as Node | undefined);
    const at = node?.range ? where(node.range[0]) : { line: 1, col: 1 };
    problems.push({ file, ...at, message: issue.message, code: "CONFIG_INVALID" });
  }
  const refs: PlacedReference[] = [];
  collectStrings(doc.contents, [], (value, path, range) => {
    if (!value.includes("{{")) return;
    const source = text.slice(range[0], range[1]);
    const { refs: found, problems: malformed } = scanReferences(value);
    const place = (raw: string, nth: number): { line: number; col: number } => where(range[0] + nthIndexOf(source, raw, nth));
    const nthOf = occurrences();
    for (const ref of found) refs.push({ ...ref, path, ...place(ref.raw, nthOf(ref.raw)) });
    for (const bad of malformed) {
      problems.push({ file, ...place(bad.raw, nthOf(bad.raw)), message: bad.message, code: "REFERENCE_INVALID" });
    }
  });
  return { name, file, data, refs, problems };
}

/** The references of a stack the subset reader read with their places, or undefined when one is malformed (the library's path reports it). */
function plainReferences(root: PlainNode, text: string): PlacedReference[] | undefined {
  const refs: PlacedReference[] = [];
  const lines = text.split("\n");
  let malformed = false;
  const visit = (node: PlainNode, path: string[]): void => {
    if (node.kind === "map") for (const e of node.entries) visit(e.value, [...path, e.key]);
    else if (node.kind === "seq") for (const [i, item] of node.items.entries()) visit(item, [...path, String(i)]);
    else if (typeof node.value === "string" && node.value.includes("{{")) {
      const scanned = scanReferences(node.value);
      if (scanned.problems.length) malformed = true;
      // The plain reader takes one-line scalars without escapes: the source from the scalar's first
      // character (its quote) holds each reference as written, as the library path finds it.
      const source = (lines[node.at.line - 1] ?? "").slice(node.at.col - 1);
      const nth = occurrences();
      for (const ref of scanned.refs) refs.push({ ...ref, path, line: node.at.line, col: node.at.col + nthIndexOf(source, ref.raw, nth(ref.raw)) });
    }
  };
  visit(root, []);
  return malformed ? undefined : refs;
}

/** Counts the occurrences of each text seen so far: 0 the first time, then 1, 2... */
function occurrences(): (raw: string) => number {
  const seen = new Map<string, number>();
  return (raw) => {
    const n = seen.get(raw) ?? 0;
    seen.set(raw, n + 1);
    return n;
  };
}

/** The key node named `key` in a map node (for faults in a field's name). */
function keyNode(map: unknown, key: string | undefined): Node | undefined {
  if (!isMap(map)) return undefined;
  for (const pair of map.items) if (isScalar(pair.key) && String(pair.key.value) === key) return pair.key;
  return undefined;
}

/** Offset of the nth occurrence of `needle` in `source`, or 0 (the value's start) when escapes changed it. */
function nthIndexOf(source: string, needle: string, nth: number): number {
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = source.indexOf(needle, at + 1);
    if (at < 0) return 0;
  }
  return at;
}

type Range = [number, number, number];

/** Calls `visit` for every string scalar value (map values and list items; not keys). */
function collectStrings(node: unknown, path: string[], visit: (value: string, path: string[], range: Range) => void): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      collectStrings(pair.value, [...path, key], visit);
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) collectStrings(item, [...path, String(i)], visit);
  } else if (isScalar(node) && typeof node.value === "string" && node.range) {
    visit(node.value, path, node.range);
  }
}
