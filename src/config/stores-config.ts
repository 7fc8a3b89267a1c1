/**
 * The `stores:` section of `.sops.yaml` (sops 3.9+; sops: config/config.go
 * `StoresConfig`, `NewStoresConfig`): how each store lays out what it writes.
 *
 * sops knows `yaml.indent` (default 0, which the YAML store writes as 4),
 * `json.indent` and `json_binary.indent` (default -1: a TAB); `dotenv` and
 * `ini` take no settings. sops decodes the file with go-yaml's non-strict
 * Unmarshal, so unknown keys are ignored, a float is truncated to an int,
 * null leaves the default, and anything else that is not a number (a
 * string, a boolean, a list) is an error. A negative YAML indent or a JSON
 * indent below -1 is refused only when a store writes (sops exit 4); see
 * `emitOptionsFor`.
 */
import { HushError, type Problem } from "../errors.js";
import type { EmitOptions, FormatName } from "../formats/format.js";

export interface StoresConfig {
  yaml: { indent: number };
  json: { indent: number };
  /** The JSON envelope of encrypted binary files. */
  jsonBinary: { indent: number };
}

/** sops's `NewStoresConfig()`. */
export function defaultStores(): StoresConfig {
  return { yaml: { indent: 0 }, json: { indent: -1 }, jsonBinary: { indent: -1 } };
}

const STORE_KEYS = { yaml: "yaml", json: "json", json_binary: "jsonBinary" } as const;

/**
 * Reads a parsed `stores` value; each problem (with its line from `at`) is
 * pushed to `problems`, and the defaults stand for what is wrong.
 */
export function parseStores(raw: unknown, at: (path: string[]) => number, file: string, problems: Problem[]): StoresConfig {
  const stores = defaultStores();
  if (raw === undefined || raw === null) return stores;
  const problem = (path: string[], message: string) => problems.push({ file, line: at(path), message, code: "CONFIG_INVALID" });
  if (!isMapping(raw)) {
    problem(["stores"], "stores is not a mapping");
    return stores;
  }
  for (const [name, field] of Object.entries(STORE_KEYS)) {
    const store = raw[name];
    if (store === undefined || store === null) continue;
    if (!isMapping(store)) {
      problem(["stores", name], `stores.${name} is not a mapping`);
      continue;
    }
    const indent = store.indent;
    if (indent === undefined || indent === null) continue;
    // go-yaml decodes a float into an int by truncating it; everything else that is not a number is an error.
    if (typeof indent !== "number" || !Number.isFinite(indent)) problem(["stores", name, "indent"], `stores.${name}.indent is not an integer`);
    else stores[field].indent = Math.trunc(indent);
  }
  for (const name of ["dotenv", "ini"]) {
    const store = raw[name];
    if (store !== undefined && store !== null && !isMapping(store)) problem(["stores", name], `stores.${name} is not a mapping`);
  }
  return stores;
}

/**
 * The layout a format writes with (sops: stores/yaml/store.go
 * `getIndentation`, stores/json/store.go `reindentJSON`): YAML takes
 * `stores.yaml.indent`, JSON `stores.json.indent`, the JSON envelope of a
 * binary file `stores.json_binary.indent`; dotenv and INI have no layout.
 * `indent` (`--indent`) replaces all three, as sops's global flag does.
 * @throws HushError INDENT_INVALID for a negative YAML indent or a JSON indent below -1 (sops exit 4)
 */
export function emitOptionsFor(format: FormatName, stores: StoresConfig, indent?: number): EmitOptions {
  if (format === "yaml") {
    const n = indent ?? stores.yaml.indent;
    if (n < 0)
      throw new HushError("INDENT_INVALID", `YAML negative indentation not accepted (indent ${n})`, {
        hint: "set stores.yaml.indent (or --indent) to 0 or more; 0 means 4",
      });
    return n === 0 ? {} : { indent: n };
  }
  if (format === "json" || format === "binary") {
    const n = indent ?? (format === "json" ? stores.json.indent : stores.jsonBinary.indent);
    const key = format === "json" ? "json" : "json_binary";
    if (n < -1)
      throw new HushError("INDENT_INVALID", `JSON indentation smaller than -1 is not accepted (indent ${n})`, {
        hint: `set stores.${key}.indent (or --indent) to -1 (a TAB) or more`,
      });
    return n === -1 ? {} : { indent: n };
  }
  return {};
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
