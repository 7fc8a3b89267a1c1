/**
 * The launch path's own stack reader. `hush run` starts on every job, so it
 * skips the full JSON-schema check (ajv: ~50 ms to load and compile, more
 * than the whole start-up budget) and checks only what the run relies on:
 * `env:` maps names to strings, `components:` maps names to maps, and every
 * `{{name.key}}` in them is well formed. `hush stack validate` and the
 * pre-commit check run the full schema (src/refs/stack-file.ts).
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node } from "yaml";
import type { Problem } from "../errors.js";
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
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const at = (node: Node | null | undefined): { line: number; col: number } => (node?.range ? counter.linePos(node.range[0]) : { line: 1, col: 1 });
  const problems: Problem[] = doc.errors.map((e) => ({ file, ...counter.linePos(e.pos[0]), message: `not valid YAML: ${e.message.split("\n")[0]}`, code: "PARSE_ERROR" }));
  const stack: LightStack = { env: {}, components: {}, uses: [], problems };
  if (problems.length) return stack;
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  const envNode = doc.get("env", true) as Node | undefined;
  if (data.env !== undefined && (!isMap(envNode) || !envNode.items.every((p) => isScalar(p.value) && typeof p.value.value === "string"))) {
    problems.push({ file, ...at(envNode), message: "env must be a map of VARIABLE: string", code: "CONFIG_INVALID" });
  } else if (isMap(envNode)) {
    for (const pair of envNode.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : "";
      if (!ENV_NAME.test(name)) problems.push({ file, ...at(pair.key as Node), message: `env: "${name}" is not a valid environment variable name`, code: "CONFIG_INVALID" });
    }
    stack.env = data.env as Record<string, string>;
  }
  const componentsNode = doc.get("components", true) as Node | undefined;
  if (data.components !== undefined && !isMap(componentsNode)) {
    problems.push({ file, ...at(componentsNode), message: "components must be a map of name: { flavor, attributes... }", code: "CONFIG_INVALID" });
  } else if (isMap(componentsNode)) {
    for (const pair of componentsNode.items) {
      if (isMap(pair.value)) continue;
      const name = isScalar(pair.key) ? String(pair.key.value) : "";
      problems.push({ file, ...at((pair.value ?? pair.key) as Node), message: `components.${name} must be a map (flavor and attributes)`, code: "CONFIG_INVALID" });
    }
    stack.components = data.components as Record<string, unknown>;
  }
  for (const root of [envNode, componentsNode]) {
    strings(root, (value, node) => {
      const scanned = scanReferences(value);
      for (const bad of scanned.problems) problems.push({ file, ...at(node), message: bad.message, code: "REFERENCE_INVALID" });
      for (const ref of scanned.refs) stack.uses.push({ ref, file, ...at(node) });
    });
  }
  return stack;
}

/** Every string scalar under `node` that may hold a reference (map values and list items, not keys). */
function strings(node: unknown, visit: (value: string, node: Node) => void): void {
  if (isMap(node)) for (const pair of node.items) strings(isPair(pair) ? pair.value : undefined, visit);
  else if (isSeq(node)) for (const item of node.items) strings(item, visit);
  else if (isScalar(node) && typeof node.value === "string" && node.value.includes("{{")) visit(node.value, node);
}
