/**
 * A secret's keys and values from JSON or YAML text: what `hush secret
 * create/update --values` takes (messages name the option).
 */
import { isAlias, isMap, isScalar, type Node } from "yaml";
import { parseUserYaml } from "../config/yaml-document.js";
import { HushError } from "../errors.js";
import { LineIndex } from "../formats/yaml/source-map.js";
import { validateSecretKey } from "./secret-keys.js";

/**
 * `--values` text: a JSON or YAML map of keys to scalars. YAML's failsafe schema
 * keeps every scalar as written (`port: 05432` stays "05432"). Tags other than
 * `!!str` are refused: hush stores text, and a tag it cannot honour would be
 * dropped without a word. Linear in the number of keys: the yaml library's own
 * duplicate check is quadratic (130,000 keys took minutes), so duplicates are
 * found here with a set.
 * @throws HushError USAGE
 */
export function parseValuesText(text: string): Record<string, string> {
  const doc = parseUserYaml(text, { schema: "failsafe", uniqueKeys: false, refuseUnknownTags: true });
  const counter = new LineIndex(text);
  const place = (offset: number | undefined): string => (offset === undefined ? "" : ` (line ${counter.line(offset) + 1}, column ${counter.col(offset) + 1})`);
  const at = (node: { range?: [number, number, number] | null } | null | undefined): string => place(node?.range?.[0]);
  const error = doc.errors[0];
  if (error?.code === "TAG_RESOLVE_FAILED") throw new HushError("USAGE", `--values: ${firstLine(error.message)}${place(error.pos[0])}`);
  if (error) throw new HushError("USAGE", `--values is neither JSON nor YAML: ${firstLine(error.message)}`);
  const root = doc.contents;
  if (!isMap(root)) throw new HushError("USAGE", "--values must be a map of keys to values", { hint: `e.g. --values '{"user":"a","password":"b"}'` });
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const pair of root.items) {
    const keyNode = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
    if (isScalar(keyNode) && keyNode.tag !== undefined && keyNode.tag !== STR_TAG) throw unknownTag(keyNode.tag, at(keyNode));
    if (!isScalar(keyNode) || typeof keyNode.value !== "string") throw new HushError("USAGE", `--values: every key must be text${at(pair.key as Node)}`);
    const key = keyNode.value;
    validateSecretKey(key);
    if (seen.has(key)) throw new HushError("USAGE", `--values: key "${key}" is given twice${at(pair.key as Node)}`);
    seen.add(key);
    const valueNode = isAlias(pair.value) ? pair.value.resolve(doc) : pair.value;
    if (isScalar(valueNode) && valueNode.tag !== undefined && valueNode.tag !== STR_TAG) throw unknownTag(valueNode.tag, at(valueNode));
    if (!isScalar(valueNode) || typeof valueNode.value !== "string") throw new HushError("USAGE", `--values: key "${key}" must have a plain value, not a list or map`);
    out[key] = valueNode.value;
  }
  return out;
}

const STR_TAG = "tag:yaml.org,2002:str";

/** A tag the failsafe schema does resolve (`!!binary`, `!!map` on a scalar...): still not a text value. */
function unknownTag(tag: string, where: string): HushError {
  const shown = tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice("tag:yaml.org,2002:".length)}` : tag;
  return new HushError("USAGE", `--values: YAML tag "${shown}" is not supported${where}`, { hint: "values are text: remove the tag, or quote the value to keep it as written" });
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? "";
}

