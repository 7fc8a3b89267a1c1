/**
 * Text from files a committer controls (secret and key names, file names,
 * user names, stack references, commit subjects) made safe to print to a
 * terminal: an escape sequence in a key name must not retitle the window,
 * write the clipboard (OSC 52), move the cursor or hide a line.
 */

// C0 controls, DEL, C1 controls (U+009B is CSI on 8-bit terminals), the line and
// paragraph separators, and the bidirectional overrides that reorder what is shown.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

// JSON.stringify already escapes C0 controls inside strings; the newlines of its indentation stay.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every terminal control character shown as an escape (`\x1b`, `\u202e`); anything else unchanged. */
export function printable(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** True when `text` holds a character printable() would escape. */
export function hasControlCharacters(text: string): boolean {
  return text.search(UNSAFE) !== -1;
}

/** One line of a human view: printable, its tabs (column separators) kept. */
export function printableLine(line: string): string {
  return line.split("\t").map(printable).join("\t");
}

/** Several lines of human text (a YAML view): each line made printable; newlines and tabs kept. */
export function printableLines(text: string): string {
  return text.split("\n").map(printableLine).join("\n");
}

/**
 * JSON text with the characters JSON.stringify leaves raw inside strings (DEL,
 * C1 controls, separators, bidi overrides) written as `\uXXXX`: the same JSON
 * value, safe to show in a terminal. Only valid on JSON.stringify's output,
 * where such characters can only occur inside strings.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}
