/**
 * How the file commands lay out what they write: the `stores:` section of
 * the `.sops.yaml` found for the file (as creation rules are found: `--config`,
 * `SOPS_CONFIG`, else upward from the file's directory), and `--indent`.
 *
 * sops applies these wherever a store writes (cmd/sops/main.go `inputStore`
 * / `outputStore`): encrypt, decrypt (and `--extract`), edit (the editor's
 * text, the example of a new file and the re-encrypted file), set, unset,
 * rotate, updatekeys and exec-file. `--indent` replaces every store's indent
 * for the output, but not for updatekeys or the example of a new file (sops
 * builds those from the config alone).
 */
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { HushError } from "../errors.js";
import type { EmitOptions, FormatName } from "../formats/index.js";
import { defaultStores, emitOptionsFor, type StoresConfig } from "../config/stores-config.js";
import { absolutePath, type FileContext } from "./io.js";

export interface LayoutOptions {
  /** `--config`: take the stores section from this `.sops.yaml`, no search. */
  configFile?: string;
  /** Use these settings and read no `.sops.yaml`. */
  stores?: StoresConfig;
  /** `--indent`: spaces for YAML and JSON output (JSON: -1 is a TAB), over the stores section. */
  indent?: number;
}

/**
 * The stores section that applies to `file` (a path, or `-` for stdin: the
 * lookup starts at the working directory); defaults without a config.
 * @throws HushError CONFIG_INVALID (file, line), FILE_NOT_FOUND (an explicit config), FILE_READ_FAILED
 */
export async function storesFor(file: string, options: LayoutOptions & FileContext): Promise<StoresConfig> {
  if (options.stores) return options.stores;
  const { findSopsConfig } = await import("../config/sops-yaml.js");
  const start = file === "-" ? absolutePath(".", options) : dirname(absolutePath(file, options));
  const found = findSopsConfig(start, { ...(options.configFile !== undefined ? { explicit: options.configFile } : {}), env: options.env ?? process.env, cwd: options.cwd ?? process.cwd() });
  for (const w of found.warnings) options.onWarning?.(w);
  if (!found.file) return defaultStores();
  let text: string;
  try {
    text = readFileSync(found.file, "utf8");
  } catch (cause) {
    throw new HushError("FILE_READ_FAILED", `cannot read ${found.file}`, { file: found.file, cause });
  }
  const { parseStoresConfig } = await import("../config/stores-config-text.js");
  const stores = parseStoresConfig(text, found.file);
  reportStores(stores, found.file, options);
  return stores;
}

/**
 * The emit options for `format` (`--indent` over the stores section).
 * @throws HushError INDENT_INVALID (sops exit 4), and as `storesFor`
 */
export async function layoutFor(format: FormatName, file: string, options: LayoutOptions & FileContext): Promise<EmitOptions> {
  return emitOptionsFor(format, await storesFor(file, options), options.indent);
}

function reportStores(stores: StoresConfig, configFile: string, ctx: FileContext): void {
  if (!ctx.onVerbose) return;
  const set: string[] = [];
  const defaults = defaultStores();
  if (stores.yaml.indent !== defaults.yaml.indent) set.push(`yaml indent ${stores.yaml.indent}`);
  if (stores.json.indent !== defaults.json.indent) set.push(`json indent ${stores.json.indent}`);
  if (stores.jsonBinary.indent !== defaults.jsonBinary.indent) set.push(`json_binary indent ${stores.jsonBinary.indent}`);
  if (set.length) ctx.onVerbose(`stores: ${set.join(", ")} (from ${configFile})`);
}
