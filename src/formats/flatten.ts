/**
 * The metadata's wire shape in the flat formats (spec §5.4): dotenv and INI
 * write the `sops` block as `age__list_0__map_enc = …` lines. Also the
 * conversions between the wire shape and tree values that every format needs
 * to place the block in its tree.
 */
import { HushError } from "../errors.js";
import { Branch, Comment, Timestamp } from "../sops/tree.js";
import type { Value } from "../sops/tree.js";
import type { WireMap, WireValue } from "./format.js";

/** Flattens a wire map into `[name, text]` pairs, depth first in map/list order; empty containers produce nothing. */
export function flattenWire(wire: WireMap, prefix = ""): [string, string][] {
  const out: [string, string][] = [];
  const visit = (name: string, value: WireValue): void => {
    if (Array.isArray(value)) for (const [i, v] of value.entries()) visit(`${name}__list_${i}`, v);
    else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(`${name}__map_${k}`, v);
    else if (value !== null) out.push([name, String(value)]);
  };
  for (const [key, value] of Object.entries(wire)) visit(prefix + key, value);
  return out;
}

type Slot = { kind: "leaf"; value: string } | { kind: "map"; children: Map<string, Slot> } | { kind: "list"; children: Map<string, Slot> };

/**
 * Rebuilds the wire map from flattened names (prefix already removed).
 * Values stay strings; `metadataFromWire` converts them leniently.
 * @throws HushError METADATA_INVALID for duplicates, gaps in list indexes, or a name that is both leaf and container
 */
export function unflattenWire(pairs: readonly (readonly [string, string])[], file?: string): WireMap {
  const fail = (message: string): never => {
    throw new HushError("METADATA_INVALID", `sops metadata: ${message}`, { file });
  };
  const root: Slot = { kind: "map", children: new Map() };
  for (const [name, value] of pairs) {
    const tokens = name.split(/(__map_|__list_)/);
    let slot = root as Slot;
    let key = tokens[0]!;
    for (let i = 1; i < tokens.length; i += 2) {
      const kind = tokens[i] === "__map_" ? "map" : "list";
      const next = slot.kind === "leaf" ? fail(`${name} is both a value and a container`) : slot.children.get(key);
      if (next === undefined) {
        const created: Slot = { kind, children: new Map() };
        (slot as Exclude<Slot, { kind: "leaf" }>).children.set(key, created);
        slot = created;
      } else if (next.kind !== kind) {
        fail(`${name} is both a value and a container`);
      } else {
        slot = next;
      }
      key = tokens[i + 1]!;
    }
    if (slot.kind === "leaf") fail(`${name} is both a value and a container`);
    const children = (slot as Exclude<Slot, { kind: "leaf" }>).children;
    if (children.has(key)) fail(`${name} appears twice`);
    children.set(key, { kind: "leaf", value });
  }
  const build = (slot: Slot, name: string): WireValue => {
    if (slot.kind === "leaf") return slot.value;
    if (slot.kind === "map") {
      const map: WireMap = {};
      for (const [k, child] of slot.children) map[k] = build(child, `${name}__map_${k}`);
      return map;
    }
    const list: WireValue[] = [];
    for (let i = 0; i < slot.children.size; i++) {
      const child = slot.children.get(String(i));
      if (child === undefined) fail(`${name} has list indexes other than 0..${slot.children.size - 1}`);
      else list.push(build(child, `${name}__list_${i}`));
    }
    return list;
  };
  const wire: WireMap = {};
  for (const [k, child] of (root as { children: Map<string, Slot> }).children) wire[k] = build(child, k);
  return wire;
}

/** A tree value (as a format parsed it) as wire data: ints become numbers, comments are dropped. */
export function valueToWire(value: Value): WireValue {
  if (value instanceof Branch) {
    const map: WireMap = {};
    for (const e of value.entries()) if (!(e.key in map)) map[e.key] = valueToWire(e.value);
    return map;
  }
  if (Array.isArray(value)) return value.filter((v) => !(v instanceof Comment)).map(valueToWire);
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Timestamp) return value.text;
  if (value instanceof Comment) return null;
  if (value instanceof Uint8Array) return Buffer.from(value).toString("utf8");
  return value;
}

/** Wire data as a tree value, for formats that write the block as part of their tree (JSON, YAML). */
export function wireToValue(value: WireValue): Value {
  if (Array.isArray(value)) return value.map(wireToValue);
  if (value !== null && typeof value === "object") {
    return new Branch(Object.entries(value).map(([key, v]) => ({ key, value: wireToValue(v) })));
  }
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  return value;
}
