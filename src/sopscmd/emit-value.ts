/**
 * `--extract` output (sops `extract`): a string prints raw (no newline), a
 * map as a whole document of the output format, anything else through the
 * format's value encoder.
 */
import { HushError } from "../errors.js";
import { getFormat, type EmitOptions, type FormatName } from "../formats/index.js";
import { goJsonValue, jsonIndent } from "../formats/json.js";
import { Branch, Comment, Timestamp, type Value } from "../sops/tree.js";
import { leafToBytes } from "../sops/leaf.js";

/**
 * The bytes `--extract` prints for `value`. A map is laid out per `emit` (the
 * stores settings), as is a JSON value (sops's JSON EmitValue re-indents); a
 * YAML value other than a map is written with the default indent, as sops's
 * YAML EmitValue (`yaml.Marshal`) does.
 * @throws HushError UNSUPPORTED_VALUE for a list in dotenv/ini/binary
 */
export async function emitExtracted(value: Value, format: FormatName, emit: EmitOptions = {}): Promise<Uint8Array> {
  if (typeof value === "string") return new TextEncoder().encode(value);
  if (value instanceof Uint8Array) return value;
  if (value instanceof Branch) return (await getFormat(format)).emit([value], undefined, emit);
  if (format === "json") return new TextEncoder().encode(goJsonValue(value, jsonIndent(emit), 0) + "\n");
  if (format === "yaml") {
    // The YAML emitter writes `v: <value>`; what follows the key is the value's own text.
    const text = new TextDecoder().decode((await getFormat("yaml")).emit([new Branch([{ key: "v", value }])], undefined));
    if (text.startsWith("v: ")) return new TextEncoder().encode(text.slice(3));
    return new TextEncoder().encode(text.split("\n").slice(1).map((l) => l.slice(4)).join("\n"));
  }
  if (Array.isArray(value) || value instanceof Comment) throw new HushError("UNSUPPORTED_VALUE", `a ${Array.isArray(value) ? "list" : "comment"} cannot be printed as ${format}`, { hint: "use --output-type json or yaml" });
  if (value === null) return new TextEncoder().encode("null\n");
  if (value instanceof Timestamp) return new TextEncoder().encode(value.text + "\n");
  if (typeof value === "boolean") return new TextEncoder().encode(`${value}\n`);
  return new TextEncoder().encode(new TextDecoder().decode(leafToBytes(value).bytes) + "\n");
}
