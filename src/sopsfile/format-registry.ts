/**
 * Formats the codec uses synchronously (inspectFile is sync), imported with
 * the codec. The CLI imports the codec lazily, so this costs nothing at
 * start-up of commands that do not open a secret file.
 */
import type { Format, FormatName } from "../formats/format.js";
import { binaryFormat } from "../formats/binary.js";
import { dotenvFormat } from "../formats/dotenv.js";
import { iniFormat } from "../formats/ini.js";
import { jsonFormat } from "../formats/json.js";
import { yamlFormat } from "../formats/yaml.js";

const FORMATS: Record<FormatName, Format> = { yaml: yamlFormat, json: jsonFormat, dotenv: dotenvFormat, ini: iniFormat, binary: binaryFormat };

/** The format `name`. */
export function formatOf(name: FormatName): Format {
  return FORMATS[name];
}

/** A data key that would collide with the metadata (spec §5.3). */
export function isReservedKey(format: FormatName, key: string): boolean {
  return format === "dotenv" ? key.startsWith("sops_") : key === "sops";
}
