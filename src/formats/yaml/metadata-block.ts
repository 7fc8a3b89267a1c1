/** The `sops:` block between tree values and plain wire data. */
import type { WireMap, WireValue } from "../format.js";
import { Branch, Comment, Timestamp } from "../../sops/tree.js";
import type { Value } from "../../sops/tree.js";

/** Tree value -> plain data (comments dropped, ints as numbers, timestamps as their text). */
export function toWire(value: Value): WireValue {
  if (value instanceof Branch) {
    const map: WireMap = {};
    for (const entry of value.entries()) map[entry.key] = toWire(entry.value);
    return map;
  }
  if (Array.isArray(value)) return value.filter((v) => !(v instanceof Comment)).map(toWire);
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Timestamp) return value.text;
  if (value instanceof Comment) return value.text;
  if (value instanceof Uint8Array) return Buffer.from(value).toString("latin1");
  return value;
}

/** Plain data -> tree value (whole numbers written as ints, as sops writes `shamir_threshold: 2`). */
export function fromWire(value: WireValue): Value {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value !== null && typeof value === "object") {
    return new Branch(Object.entries(value).map(([key, v]) => ({ key, value: fromWire(v) })));
  }
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  return value;
}
