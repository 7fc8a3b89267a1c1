/**
 * Formats the codec uses synchronously (inspectFile is sync): all loaded once
 * when the codec module loads. The CLI imports the codec lazily, so this
 * costs nothing at start-up.
 */
import { HushError } from "../errors.js";
import type { Format, FormatName } from "../formats/format.js";
import { getFormat } from "../formats/index.js";

const names: FormatName[] = ["json", "dotenv", "ini", "binary", "yaml"];
const loaded = new Map<FormatName, Format>();
const failures = new Map<FormatName, unknown>();
for (const name of names) {
  try {
    loaded.set(name, await getFormat(name));
  } catch (e) {
    failures.set(name, e); // reported when the format is asked for, not when the codec loads
  }
}

/** The loaded format `name`. @throws HushError INTERNAL when it is not available */
export function formatOf(name: FormatName): Format {
  const format = loaded.get(name);
  if (!format) throw new HushError("INTERNAL", `the ${name} format is not available`, { cause: failures.get(name) });
  return format;
}

/** A data key that would collide with the metadata (spec §5.3). */
export function isReservedKey(format: FormatName, key: string): boolean {
  return format === "dotenv" ? key.startsWith("sops_") : key === "sops";
}
