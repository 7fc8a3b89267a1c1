/**
 * The launch path's own stack reader. `hush run` starts on every job, so it
 * skips the full JSON-schema check (ajv: ~50 ms to load and compile, more
 * than the whole start-up budget) and checks only what the run relies on:
 * `env:` maps names to strings, `components:` maps names to maps, and every
 * `{{name.key}}` in them is well formed. `hush stack validate` and the
 * pre-commit check run the full schema (src/refs/stack-file.ts).
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, type Node } from "yaml";
import { parseUserYaml } from "../config/yaml-document.js";
import { documentData } from "../config/yaml-data.js";
import type { Problem } from "../errors.js";
import { plainToJs, readPlainYaml, type PlainPosition } from "../formats/yaml/subset-reader.js";
import { scanReferences } from "../refs/scan.js";
import type { PlacedUse } from "./plan.js";

export interface LightStack {
  env: Record<string, string>;
  components: Record<string, unknown>;
  uses: PlacedUse[];
  problems: Problem[];
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses a stack file's text for a run; every fault is a Problem with line:col. */
export function readStackForRun(file: string, text: string): LightStack {
  // An everyday stack file is read without the yaml library (subset-reader.ts); one with
  // anything to report is read again by the library, which places every problem.
  const plain = readPlainYaml(text);
  if (plain) {
    const stack = checkStack(file, plain, plainToJs(plain) as Record<string, unknown>);
    if (stack.problems.length === 0) return stack;
  }
  return readStackWithLibrary(file, text);
}

/** readStackForRun by the yaml library alone. */
export function readStackWithLibrary(file: string, text: string): LightStack {
  const counter = new LineCounter();
  const doc = parseUserYaml(text, { lineCounter: counter, uniqueKeys: true, refuseUnknownTags: true });
  const problems: Problem[] = doc.errors.map((e) => ({ file, ...counter.linePos(e.pos[0]), message: `not valid YAML: ${e.message.split("\n")[0]}`, code: "PARSE_ERROR" }));
  const read = problems.length ? undefined : documentData(doc, counter);
  if (read?.problem) problems.push({ file, ...read.problem, message: `not valid YAML: ${read.problem.message}`, code: "PARSE_ERROR" });
  if (problems.length) return { env: {}, components: {}, uses: [], problems };
  return checkStack(file, fromLibrary(doc.contents, counter), (read?.data ?? {}) as Record<string, unknown>);
}

/** A node of either reader: the plain reader's, or the library's seen through fromLibrary (an alias stays opaque). */
type StackNode =
  | { kind: "map"; at: PlainPosition; entries: Array<{ key: string; keyAt: PlainPosition; value: StackNode }> }
  | { kind: "seq"; at: PlainPosition; items: StackNode[] }
  | { kind: "scalar"; at: PlainPosition; value: unknown }
  | { kind: "other"; at: PlainPosition };

/** The checks of a run, on the tree of either reader and its plain data. */
function checkStack(file: string, root: StackNode, data: Record<string, unknown>): LightStack {
  const problems: Problem[] = [];
  const stack: LightStack = { env: {}, components: {}, uses: [], problems };
  const envNode = entry(root, "env");
  if (data.env !== undefined && (envNode?.kind !== "map" || !envNode.entries.every((e) => e.value.kind === "scalar" && typeof e.value.value === "string"))) {
    problems.push({ file, ...at(envNode), message: "env must be a map of VARIABLE: string", code: "CONFIG_INVALID" });
  } else if (envNode?.kind === "map") {
    for (const e of envNode.entries) {
      if (!ENV_NAME.test(e.key)) problems.push({ file, ...e.keyAt, message: `env: "${e.key}" is not a valid environment variable name`, code: "CONFIG_INVALID" });
    }
    stack.env = data.env as Record<string, string>;
  }
  const componentsNode = entry(root, "components");
  if (data.components !== undefined && componentsNode?.kind !== "map") {
    problems.push({ file, ...at(componentsNode), message: "components must be a map of name: { flavor, attributes... }", code: "CONFIG_INVALID" });
  } else if (componentsNode?.kind === "map") {
    for (const e of componentsNode.entries) {
      if (e.value.kind !== "map") problems.push({ file, ...at(e.value), message: `components.${e.key} must be a map (flavor and attributes)`, code: "CONFIG_INVALID" });
    }
    stack.components = data.components as Record<string, unknown>;
  }
  for (const node of [envNode, componentsNode]) {
    strings(node, (value, place) => {
      const scanned = scanReferences(value);
      for (const bad of scanned.problems) problems.push({ file, ...place, message: bad.message, code: "REFERENCE_INVALID" });
      for (const ref of scanned.refs) stack.uses.push({ ref, file, ...place });
    });
  }
  return stack;
}

function entry(node: StackNode, key: string): StackNode | undefined {
  return node.kind === "map" ? node.entries.find((e) => e.key === key)?.value : undefined;
}

function at(node: StackNode | undefined): PlainPosition {
  return node?.at ?? { line: 1, col: 1 };
}

/** Every string scalar under `node` that may hold a reference (map values and list items, not keys). */
function strings(node: StackNode | undefined, visit: (value: string, at: PlainPosition) => void): void {
  if (node?.kind === "map") for (const e of node.entries) strings(e.value, visit);
  else if (node?.kind === "seq") for (const item of node.items) strings(item, visit);
  else if (node?.kind === "scalar" && typeof node.value === "string" && node.value.includes("{{")) visit(node.value, node.at);
}

/** The library's tree in the shape the checks read, with the library's positions. */
function fromLibrary(node: unknown, counter: LineCounter): StackNode {
  const range = (node as Node | null | undefined)?.range;
  const at = range ? counter.linePos(range[0]) : { line: 1, col: 1 };
  if (isMap(node)) {
    const entries = node.items.filter(isPair).map((pair) => {
      const keyAt = fromLibrary(pair.key, counter).at;
      const value: StackNode = pair.value === null ? { kind: "other", at: keyAt } : fromLibrary(pair.value, counter);
      return { key: isScalar(pair.key) ? String(pair.key.value) : "", keyAt, value };
    });
    return { kind: "map", at, entries };
  }
  if (isSeq(node)) return { kind: "seq", at, items: node.items.map((item) => fromLibrary(item, counter)) };
  if (isScalar(node)) return { kind: "scalar", at, value: node.value };
  return { kind: "other", at };
}
