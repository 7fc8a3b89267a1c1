/**
 * How go-yaml v3 writes one string scalar: the encoder's choice (literal for
 * multi-line, double quotes for text that would not read back as a string)
 * refined by the libyaml emitter's analysis (single quotes where plain is not
 * allowed, double quotes where single quotes cannot hold the text).
 */
import { isBase60Float, isOldBool, resolvePlain } from "./resolve.js";

export type ScalarStyle = "plain" | "single" | "double" | "literal";

interface Analysis {
  plainAllowed: boolean;
  singleAllowed: boolean;
  blockAllowed: boolean;
}

/** No blanks, breaks, specials or indicators (`,[]` only matter in flow context; `:` only before a blank or at the end). */
const PLAIN_SAFE = /^[A-Za-z0-9_][A-Za-z0-9_./+=,:[\]-]*(?<!:)$/;
const FIRST_INDICATORS = new Set("#,[]{}&*!|>'\"%@`");

function isBreak(c: string): boolean {
  return c === "\n" || c === "\r" || c === "\u0085" || c === "\u2028" || c === "\u2029";
}

/** libyaml `is_printable`, by code point. */
function isPrintable(cp: number): boolean {
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

/** libyaml `yaml_emitter_analyze_scalar`, reduced to what the block context needs. */
function analyze(value: string): Analysis {
  if (value === "") return { plainAllowed: true, singleAllowed: true, blockAllowed: false };
  let indicators = value.startsWith("---") || value.startsWith("...");
  let lineBreaks = false;
  let special = false;
  let tabs = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  const chars = Array.from(value);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || next === " " || next === "\t" || isBreak(next);
    if (i === 0) {
      if (FIRST_INDICATORS.has(c)) indicators = true;
      else if ((c === "?" || c === ":" || c === "-") && followedByWhitespace) indicators = true;
    } else if ((c === ":" && followedByWhitespace) || (c === "#" && precededByWhitespace)) {
      indicators = true;
    }
    const cp = c.codePointAt(0) ?? 0;
    if (c === "\t") tabs = true;
    else if (!isPrintable(cp)) special = true;
    const last = i === chars.length - 1;
    if (c === " ") {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = c === " " || c === "\t" || isBreak(c);
  }
  const plainAllowed = !(
    leadingSpace ||
    leadingBreak ||
    trailingSpace ||
    trailingBreak ||
    breakSpace ||
    spaceBreak ||
    tabs ||
    special ||
    lineBreaks ||
    indicators
  );
  return {
    plainAllowed,
    singleAllowed: !(breakSpace || spaceBreak || tabs || special),
    blockAllowed: !(trailingSpace || spaceBreak || special),
  };
}

/** go-yaml's encoder test: would this text, written plain, read back as this same string? */
export function readsBackAsString(value: string): boolean {
  return resolvePlain(value).kind === "str" && !isBase60Float(value) && !isOldBool(value);
}

/**
 * The style go-yaml v3 gives a string. `quote` is the style used for text that
 * would not read back as a string (double in go-yaml v3; single in files from
 * the go-yaml v2 era, kept so they re-emit unchanged). Keys never use a block style.
 */
export function chooseStyle(value: string, isKey: boolean, quote: "double" | "single" = "double"): ScalarStyle {
  // Most values (ENC[...] strings, keys, recipients) hold no character the emitter's analysis could object to.
  if (PLAIN_SAFE.test(value)) return readsBackAsString(value) ? "plain" : quote;
  const analysis = analyze(value);
  if (value.includes("\n")) {
    return analysis.blockAllowed && !isKey ? "literal" : "double";
  }
  if (!readsBackAsString(value)) {
    return quote === "single" && analysis.singleAllowed ? "single" : "double";
  }
  if (analysis.plainAllowed) return "plain";
  return analysis.singleAllowed ? "single" : "double";
}

const ESCAPES: Record<string, string> = {
  "\0": "\\0",
  "\x07": "\\a",
  "\b": "\\b",
  "\t": "\\t",
  "\n": "\\n",
  "\v": "\\v",
  "\f": "\\f",
  "\r": "\\r",
  "\x1b": "\\e",
  '"': '\\"',
  "\\": "\\\\",
  "\u0085": "\\N",
  "\u00a0": "\\_",
  "\u2028": "\\L",
  "\u2029": "\\P",
};

/** libyaml's double-quoted writer (no folding: sops writes with unlimited width). */
export function doubleQuoted(value: string): string {
  let out = '"';
  for (const c of value) {
    const cp = c.codePointAt(0) ?? 0;
    if (isPrintable(cp) && !isBreak(c) && c !== '"' && c !== "\\") {
      out += c;
      continue;
    }
    const named = ESCAPES[c];
    if (named) out += named;
    else if (cp <= 0xff) out += `\\x${hex(cp, 2)}`;
    else if (cp <= 0xffff) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, "0");
}

export function singleQuoted(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Header of a literal block: `|`, plus an indentation digit when the text starts with a space or break, plus the chomping indicator. */
export function literalHeader(value: string, indent: number): string {
  const first = value[0] ?? "";
  const indentHint = first === " " || isBreak(first) ? String(indent) : "";
  let chomp = "";
  if (!value.endsWith("\n")) chomp = "-";
  else if (value.length === 1 || value.endsWith("\n\n")) chomp = "+";
  return `|${indentHint}${chomp}`;
}

/** Go strconv.FormatFloat(f, 'g', -1, 64) with go-yaml's names for the specials. */
export function formatFloat(f: number): string {
  if (Number.isNaN(f)) return ".nan";
  if (f === Infinity) return ".inf";
  if (f === -Infinity) return "-.inf";
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  const [mantissa = "", expText = "0"] = f.toExponential().split("e");
  const exp = Number(expText);
  // go switches to the exponent form below 1e-4 and from 1e6 (shortest precision counts as 6 digits).
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp);
    return `${mantissa}e${exp < 0 ? "-" : "+"}${abs < 10 ? `0${abs}` : abs}`;
  }
  // In between, JS prints the same shortest digits without an exponent.
  return String(f);
}
