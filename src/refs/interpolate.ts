/**
 * Filling references into a stack: every string with `{{name.key}}` gets the
 * value, escapes (`\{{`) become a literal `{{`. Values come from a callback,
 * so callers choose whether they are real or masked.
 */
import { scanReferences, type Reference } from "./find-refs.js";

export type Lookup = (ref: Reference) => string;

/** `text` with every reference replaced by `lookup(ref)` and escapes removed. Malformed references stay as written. */
export function interpolate(text: string, lookup: Lookup): string {
  if (!text.includes("{{")) return text;
  return scanReferences(text)
    .segments.map((s) => ("ref" in s ? lookup(s.ref) : s.text))
    .join("");
}

/** A deep copy of plain data (a parsed stack) with every string interpolated. */
export function interpolateData(data: unknown, lookup: Lookup): unknown {
  if (typeof data === "string") return interpolate(data, lookup);
  if (Array.isArray(data)) return data.map((item) => interpolateData(item, lookup));
  if (data !== null && typeof data === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data)) out[key] = interpolateData(value, lookup);
    return out;
  }
  return data;
}
