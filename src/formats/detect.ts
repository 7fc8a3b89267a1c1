/** Which format a path is (spec §9): by suffix, unless the user names one. */
import type { FormatName } from "./format.js";

const FORMAT_NAMES: readonly FormatName[] = ["yaml", "json", "dotenv", "ini", "binary"];

/** True for the names `--input-type`/`--output-type` accept. */
export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

/**
 * The format of `path`, as sops decides it (cmd/sops/formats:
 * FormatForPathOrString): `override` when it is a known format name (sops
 * silently falls back to the path for an unknown one), else by suffix,
 * letter case included as sops compares it (`.yaml`/`.yml`, `.json`, `.env`,
 * `.ini`; `a.YAML` is not YAML), else binary: any other extension, or none.
 * The one rule for every command and for `hush check`.
 */
export function detectFormat(path: string | undefined, override?: string): FormatName {
  if (override !== undefined && isFormatName(override)) return override;
  const name = path ?? "";
  if (name.endsWith(".yaml") || name.endsWith(".yml")) return "yaml";
  if (name.endsWith(".json")) return "json";
  if (name.endsWith(".env")) return "dotenv";
  if (name.endsWith(".ini")) return "ini";
  return "binary";
}
