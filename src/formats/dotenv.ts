/**
 * dotenv as sops reads and writes it (spec §1.5, §10.3): `KEY=VALUE` split at
 * the first `=`, nothing trimmed or unquoted, `\n` escapes decoded, `#`
 * comments, metadata flattened under `sops_` keys.
 */
import { HushError } from "../errors.js";
import { Branch, Comment, Timestamp } from "../sops/tree.js";
import type { Item } from "../sops/tree.js";
import type { Format } from "./format.js";
import { flattenWire, unflattenWire } from "./flatten.js";
import { formatGoFloat } from "../sops/go-float.js";

const PREFIX = "sops_";

/** The dotenv store: one flat branch, `sops_*` metadata lines last. */
export const dotenvFormat: Format = {
  name: "dotenv",
  parse(bytes, file) {
    const items: Item[] = [];
    const metadataPairs: [string, string][] = [];
    const lines = new TextDecoder().decode(bytes).split("\n");
    lines.forEach((line, index) => {
      if (line === "") return;
      if (line.startsWith("#")) {
        items.push(new Comment(line.slice(1)));
        return;
      }
      const eq = line.indexOf("=");
      if (eq < 0) {
        throw new HushError("PARSE_ERROR", "invalid dotenv line: no `=` between name and value", { file, line: index + 1, col: 1 });
      }
      const key = line.slice(0, eq);
      const value = line.slice(eq + 1).replaceAll("\\n", "\n");
      if (key.startsWith(PREFIX)) metadataPairs.push([key.slice(PREFIX.length), value]);
      else items.push({ key, value });
    });
    const metadata = metadataPairs.length > 0 ? unflattenWire(metadataPairs, file) : undefined;
    return { document: [new Branch(items)], metadata };
  },
  emit(document, metadata) {
    let out = "";
    for (const item of document[0]?.items ?? []) {
      if (item instanceof Comment) out += `#${item.text}\n`;
      else out += `${item.key}=${dotenvText(item.value, item.key)}\n`;
    }
    if (metadata) for (const [name, value] of flattenWire(metadata, PREFIX)) out += `${name}=${escapeNewlines(value)}\n`;
    return new TextEncoder().encode(out);
  },
};

function dotenvText(value: unknown, key: string): string {
  if (typeof value === "string") return escapeNewlines(value);
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (typeof value === "number") return formatGoFloat(value);
  if (value instanceof Timestamp) return value.text;
  if (value instanceof Uint8Array) return escapeNewlines(new TextDecoder().decode(value));
  if (value === null) return "";
  throw new HushError("UNSUPPORTED_VALUE", `dotenv cannot hold the nested value of ${key}`, { hint: "dotenv files are flat: one KEY=VALUE per line" });
}

function escapeNewlines(text: string): string {
  return text.replaceAll("\n", "\\n");
}
