/**
 * Formats by name, each module imported only when first needed (the CLI's
 * start-up must not pay for parsers it does not use).
 */
import { HushError } from "../errors.js";
import type { Format, FormatName } from "./format.js";

export type { EmitOptions, Format, FormatName, WireMap } from "./format.js";
export { detectFormat, isFormatName } from "./detect.js";

const loaders: Record<FormatName, () => Promise<Format>> = {
  json: async () => (await import("./json.js")).jsonFormat,
  dotenv: async () => (await import("./dotenv.js")).dotenvFormat,
  ini: async () => (await import("./ini.js")).iniFormat,
  binary: async () => (await import("./binary.js")).binaryFormat,
  yaml: async () => (await import("./yaml.js")).yamlFormat,
};

const cache = new Map<FormatName, Format>();

/** The format called `name`. @throws HushError USAGE for an unknown name */
export async function getFormat(name: FormatName): Promise<Format> {
  const cached = cache.get(name);
  if (cached) return cached;
  const load = loaders[name];
  if (!load) throw new HushError("USAGE", `unknown format "${String(name)}"`, { hint: "use one of yaml, json, dotenv, ini, binary" });
  const format = await load();
  cache.set(name, format);
  return format;
}
