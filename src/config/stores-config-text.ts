/**
 * Reading only the `stores:` section of a `.sops.yaml` text, for the commands
 * that use no creation rule (decrypt, set, rotate, ...): a rule sops would
 * refuse does not stop them. Apart from `stores-config.ts` so that a command
 * on a config without a stores section never loads the YAML library for it.
 */
import { LineCounter } from "yaml";
import { parseUserYaml } from "./yaml-document.js";
import { HushError, type Problem } from "../errors.js";
import { defaultStores, isMapping, parseStores, type StoresConfig } from "./stores-config.js";
import { documentData } from "./yaml-data.js";
import { positionOf } from "./yaml-positions.js";

/**
 * The stores section of a `.sops.yaml` text; defaults when it has none.
 * @throws HushError CONFIG_INVALID (file, line)
 */
export function parseStoresConfig(text: string, file: string): StoresConfig {
  // Most configs have no stores section: no YAML parse for them.
  if (!text.includes("stores")) return defaultStores();
  const counter = new LineCounter();
  const doc = parseUserYaml(text, { lineCounter: counter, uniqueKeys: false });
  const first = doc.errors[0];
  if (first) throw new HushError("CONFIG_INVALID", first.message.split("\n")[0] ?? "YAML syntax error", { file, line: counter.linePos(first.pos[0]).line });
  const read = documentData(doc, counter, { maxAliasCount: 1000 });
  if (read.problem) throw new HushError("CONFIG_INVALID", read.problem.message, { file, line: read.problem.line });
  const data = read.data;
  const problems: Problem[] = [];
  const stores = isMapping(data) ? parseStores(data.stores, (path) => positionOf(doc, counter, path).line, file, problems) : defaultStores();
  const problem = problems[0];
  if (problem) throw new HushError("CONFIG_INVALID", problem.message, { file, ...(problem.line !== undefined ? { line: problem.line } : {}) });
  return stores;
}
