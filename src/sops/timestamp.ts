/** `lastmodified` handling (spec §4): parse RFC 3339, re-format as Go's time.RFC3339. */

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Go's `t.Format(time.RFC3339)` of a parsed RFC 3339 time: fraction dropped,
 * offset kept, zero offset written `Z`. `undefined` when `text` is not RFC 3339.
 */
export function normalizeRfc3339(text: string): string | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, , zone] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  const offset = zone === "Z" || zone === "z" || zone === "+00:00" || zone === "-00:00" ? "Z" : zone;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`;
}

/** The current UTC time with second precision: `2025-01-01T00:00:00Z`. */
export function nowRfc3339(now: Date = new Date()): string {
  return now.toISOString().replace(/\.\d+Z$/, "Z");
}
