/**
 * Leaf stringification (spec §1.2): the bytes a leaf contributes as AES-GCM
 * plaintext and as MAC input, and the value restored from them on decrypt.
 */
import { HushError } from "../errors.js";
import { Comment, Timestamp } from "./tree.js";
import type { Leaf } from "./tree.js";
import { formatGoFloat } from "./go-float.js";

/** The `type:` field of an ENC string. */
export type LeafType = "str" | "int" | "float" | "bool" | "time" | "comment" | "bytes";

const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** The sops type name and plaintext bytes of a leaf or comment. @throws HushError UNSUPPORTED_VALUE */
export function leafToBytes(value: Leaf | Comment): { type: LeafType; bytes: Uint8Array } {
  if (typeof value === "string") return { type: "str", bytes: encoder.encode(value) };
  if (value instanceof Uint8Array) return { type: "str", bytes: value };
  if (typeof value === "bigint") return { type: "int", bytes: encoder.encode(value.toString()) };
  if (typeof value === "number") return { type: "float", bytes: encoder.encode(formatGoFloat(value)) };
  if (typeof value === "boolean") return { type: "bool", bytes: encoder.encode(value ? "True" : "False") };
  if (value instanceof Timestamp) return { type: "time", bytes: encoder.encode(value.text) };
  if (value instanceof Comment) return { type: "comment", bytes: encoder.encode(value.text) };
  throw new HushError("UNSUPPORTED_VALUE", `unsupported value of type ${typeof value}`);
}

const TRUE_TEXTS = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const FALSE_TEXTS = new Set(["0", "f", "F", "FALSE", "false", "False"]);

/**
 * Restores a decrypted plaintext as its sops type. Strings that are not UTF-8
 * (binary store) come back as bytes.
 * @throws HushError VALUE_FORMAT_INVALID when the text does not parse as its type
 */
export function leafFromBytes(type: string, bytes: Uint8Array, where: string): Leaf | Comment {
  switch (type) {
    case "str":
      try {
        return strictUtf8.decode(bytes);
      } catch {
        return new Uint8Array(bytes); // a plain copy, whatever buffer type the cipher returned
      }
    case "bytes":
      return new Uint8Array(bytes);
    case "comment":
      return new Comment(new TextDecoder().decode(bytes));
    case "time":
      return new Timestamp(new TextDecoder().decode(bytes));
  }
  const text = new TextDecoder().decode(bytes);
  switch (type) {
    case "int":
      if (/^[+-]?\d+$/.test(text)) return BigInt(text);
      break;
    case "float": {
      const n = Number(text);
      if (text.trim() !== "" && !Number.isNaN(n)) return n;
      if (/^[+-]?(inf|infinity)$/i.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
      if (/^nan$/i.test(text)) return NaN;
      break;
    }
    case "bool":
      if (TRUE_TEXTS.has(text)) return true;
      if (FALSE_TEXTS.has(text)) return false;
      break;
    default:
      throw new HushError("VALUE_FORMAT_INVALID", `the encrypted value at ${where} has unknown type "${type}"`);
  }
  throw new HushError("VALUE_FORMAT_INVALID", `the encrypted value at ${where} does not parse as its type ${type}`);
}
