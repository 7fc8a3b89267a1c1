/**
 * A secret's plaintext as a sops tree and back: one branch, one flat map of
 * string keys to string values.
 */
import { Branch, type Document } from "../sops/tree.js";
import { HushError } from "../errors.js";

/** The tree of a secret file: keys in the given order. */
export function documentFromValues(values: Record<string, string>): Document {
  return [new Branch(Object.entries(values).map(([key, value]) => ({ key, value })))];
}

/**
 * The values of a decrypted secret file. Scalars another tool wrote (numbers, booleans) become their text.
 * @throws HushError UNSUPPORTED_VALUE for a nested map or list
 */
export function secretFromDocument(document: Document, file: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const entry of document[0]?.entries() ?? []) {
    const v = entry.value;
    if (typeof v === "string") values[entry.key] = v;
    else if (typeof v === "bigint" || typeof v === "number" || typeof v === "boolean") values[entry.key] = String(v);
    else if (v === null) values[entry.key] = "";
    else if (v instanceof Uint8Array) values[entry.key] = Buffer.from(v).toString("utf8");
    else if (typeof v === "object" && "text" in v && !(v instanceof Branch)) values[entry.key] = v.text;
    else {
      throw new HushError("UNSUPPORTED_VALUE", `key "${entry.key}" is not a plain value; a hush secret is a flat map of strings`, {
        file,
        hint: "keep nested data in a file of its own (`hush decrypt`), or store it as one string (JSON)",
      });
    }
  }
  return values;
}
