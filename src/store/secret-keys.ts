/**
 * Rules for the keys inside a secret (`password`, `user`, ...). A secret file
 * is one flat map of string keys to string values.
 */
import { HushError } from "../errors.js";

const KEY_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * Refuses keys sops would treat specially or that cannot be a plain YAML key:
 * `sops` (the metadata block) and `*_unencrypted` (left in clear text by sops's default selection, spec §3).
 * @throws HushError USAGE
 */
export function validateSecretKey(key: string, secret?: string): void {
  const where = secret === undefined ? "" : ` in secret "${secret}"`;
  if (!KEY_PATTERN.test(key)) {
    throw new HushError("USAGE", `key ${JSON.stringify(key)}${where} is not allowed`, {
      hint: "keys use letters, digits, '_', '-' and '.', starting with a letter, digit or '_'",
    });
  }
  // __proto__ would be swallowed by a plain object's prototype setter instead of stored.
  if (key === "__proto__") throw new HushError("USAGE", `key "${key}"${where} is not allowed`, { hint: "choose another key name" });
  if (key === "sops" || key.endsWith("_unencrypted")) {
    throw new HushError("USAGE", `key "${key}"${where} is reserved by sops`, { hint: "choose another key name" });
  }
}

/** Validates every key of `values`; refuses an empty secret. @throws HushError USAGE */
export function validateValues(values: Record<string, string>, secret?: string): void {
  const keys = Object.keys(values);
  if (keys.length === 0) {
    throw new HushError("USAGE", `secret${secret === undefined ? "" : ` "${secret}"`} has no keys`, {
      hint: "give at least one --KEY=VALUE, --values, or -i",
    });
  }
  for (const key of keys) {
    validateSecretKey(key, secret);
    if (typeof values[key] !== "string") throw new HushError("USAGE", `key "${key}" of secret "${secret ?? ""}" must have a string value`);
  }
}
