/**
 * go-yaml v3 scalar resolution (resolve.go), so a plain scalar means here what
 * it means to sops: `0777` is 511, `yes` is a string, `2024-01-15` a timestamp.
 * The `yaml` package's own schemas differ on each of these, so we never use them.
 */
import { Timestamp } from "../../sops/tree.js";

/** What a plain scalar resolves to. `uint` marks an integer beyond int64 that go-yaml turns into a uint64. */
export type Resolved =
  | { kind: "null" }
  | { kind: "bool"; value: boolean }
  | { kind: "int"; value: bigint }
  | { kind: "uint" }
  | { kind: "float"; value: number }
  | { kind: "timestamp"; value: Timestamp }
  | { kind: "merge" }
  | { kind: "str"; value: string };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

const EXACT = new Map<string, Resolved>();
for (const s of ["", "~", "null", "Null", "NULL"]) EXACT.set(s, { kind: "null" });
for (const s of ["true", "True", "TRUE"]) EXACT.set(s, { kind: "bool", value: true });
for (const s of ["false", "False", "FALSE"]) EXACT.set(s, { kind: "bool", value: false });
for (const s of [".nan", ".NaN", ".NAN"]) EXACT.set(s, { kind: "float", value: Number.NaN });
for (const s of [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"]) EXACT.set(s, { kind: "float", value: Infinity });
for (const s of ["-.inf", "-.Inf", "-.INF"]) EXACT.set(s, { kind: "float", value: -Infinity });
EXACT.set("<<", { kind: "merge" });

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const OLD_BOOLS = new Set(["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"]);
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** Resolves the text of a plain (unquoted, untagged) scalar the way go-yaml v3 does. */
export function resolvePlain(text: string): Resolved {
  const exact = EXACT.get(text);
  if (exact) return exact;
  const first = text.charCodeAt(0);
  const isDigit = first >= 48 && first <= 57;
  if (text[0] === ".") {
    return DOT_FLOAT.test(text) ? { kind: "float", value: Number(text) } : { kind: "str", value: text };
  }
  if (!isDigit && text[0] !== "+" && text[0] !== "-") return { kind: "str", value: text };
  const time = parseTimestamp(text);
  if (time) return { kind: "timestamp", value: time };
  const plain = text.replaceAll("_", "");
  const int = parseGoInt(plain);
  if (int !== undefined) {
    if (int >= INT64_MIN && int <= INT64_MAX) return { kind: "int", value: int };
    if (int > 0n && int <= UINT64_MAX && plain[0] !== "+") return { kind: "uint" };
  }
  if (YAML_STYLE_FLOAT.test(plain)) {
    const value = Number(plain);
    // go's ParseFloat fails on overflow; go-yaml then keeps the text as a string.
    if (Number.isFinite(value)) return { kind: "float", value };
  }
  return { kind: "str", value: text };
}

/** Go strconv.ParseInt(s, 0, 64) without the range check: sign, then 0x / 0o / 0b / legacy 0 octal / decimal. */
function parseGoInt(s: string): bigint | undefined {
  let sign = 1n;
  let body = s;
  if (body[0] === "+" || body[0] === "-") {
    if (body[0] === "-") sign = -1n;
    body = body.slice(1);
  }
  let digits: RegExp;
  let prefix = "";
  if (/^0[xX]/.test(body)) [digits, prefix, body] = [/^[0-9a-fA-F]+$/, "0x", body.slice(2)];
  else if (/^0[oO]/.test(body)) [digits, prefix, body] = [/^[0-7]+$/, "0o", body.slice(2)];
  else if (/^0[bB]/.test(body)) [digits, prefix, body] = [/^[01]+$/, "0b", body.slice(2)];
  else if (body.length > 1 && body[0] === "0") [digits, prefix, body] = [/^[0-7]+$/, "0o", body.slice(1)];
  else digits = /^[0-9]+$/;
  if (!digits.test(body)) return undefined;
  return sign * BigInt(prefix + body);
}

/** go-yaml v3 `isOldBool`: YAML 1.1 booleans that v3 reads as strings but still quotes on output. */
export function isOldBool(s: string): boolean {
  return OLD_BOOLS.has(s);
}

/** go-yaml v3 `isBase60Float` (`1:20`), quoted on output for YAML 1.1 readers. */
export function isBase60Float(s: string): boolean {
  return s !== "" && BASE60_FLOAT.test(s);
}

const TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([Tt ])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?)?$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * go-yaml v3 `parseTimestamp`: the layouts `2006-1-2T15:4:5.999999999Z07:00`
 * (also lower-case `t`), `2006-1-2 15:4:5.999999999` (no zone, UTC) and
 * `2006-1-2`. Returns the text go's time.MarshalText prints for it.
 */
export function parseTimestamp(text: string): Timestamp | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, sep, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return undefined;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] ?? 31))) return undefined;
  const date = `${y}-${pad2(month)}-${pad2(day)}`;
  if (sep === undefined) return new Timestamp(`${date}T00:00:00Z`);
  // The T/t layouts need a zone; the space layout must have none.
  if ((sep === " ") !== (zone === undefined)) return undefined;
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  // go reads at most nanoseconds and drops further digits.
  const fraction = frac ? frac.slice(0, 9).replace(/0+$/, "") : "";
  let offset = zone === undefined || zone === "Z" ? "Z" : zone;
  if (offset !== "Z") {
    const hh = Number(offset.slice(1, 3));
    const mm = Number(offset.slice(4, 6));
    if (hh > 23 || mm > 59) return undefined;
    if (hh === 0 && mm === 0) offset = "Z";
  }
  const time = `${pad2(hour)}:${pad2(minute)}:${pad2(second)}${fraction ? `.${fraction}` : ""}`;
  return new Timestamp(`${date}T${time}${offset}`);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
