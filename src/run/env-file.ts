/**
 * `hush run --env-file F`: dotenv-style lines `VAR={{name.key}}` (or any text
 * mixing references and plain characters). Accepts what dotenv accepts for
 * one-line values: `#` comments, blank lines, an `export ` prefix, single
 * quotes (literal), double quotes (`\n`, `\"`, `\\` escapes), and a ` #`
 * comment after an unquoted value.
 */
import type { Problem } from "../errors.js";

export interface EnvFileEntry {
  variable: string;
  /** The value with quotes removed; references still unresolved. */
  value: string;
  line: number;
  col: number;
}

export interface ParsedEnvFile {
  entries: EnvFileEntry[];
  problems: Problem[];
}

const LINE = /^(\s*)(export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

/** Parses the text of an env file; collects every problem (with line:col) instead of stopping. */
export function parseEnvFile(text: string, file: string): ParsedEnvFile {
  const entries: EnvFileEntry[] = [];
  const problems: Problem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (/^\s*(#.*)?$/.test(raw)) return;
    const m = LINE.exec(raw);
    if (!m) {
      const col = raw.search(/\S/) + 1;
      problems.push({
        file,
        line,
        col,
        message: "expected VAR=value",
        hint: "variable names are letters, digits and _, not starting with a digit",
        code: "PARSE_ERROR",
      });
      return;
    }
    const [, indent = "", exported = "", variable = "", rest = ""] = m;
    const col = indent.length + exported.length + 1;
    const value = unquote(rest.trim());
    if (value === undefined) {
      problems.push({ file, line, col, message: `the value of ${variable} has an unclosed quote`, code: "PARSE_ERROR" });
      return;
    }
    entries.push({ variable, value, line, col });
  });
  return { entries, problems };
}

/** The value as dotenv reads it, or undefined for an unclosed quote. */
function unquote(text: string): string | undefined {
  const quote = text[0];
  if (quote === "'" || quote === '"') {
    const close = closingQuote(text, quote);
    if (close < 0) return undefined;
    const inner = text.slice(1, close);
    return quote === "'" ? inner : inner.replace(/\\([nrt"\\])/g, (_, c: string) => ({ n: "\n", r: "\r", t: "\t" })[c] ?? c);
  }
  // Unquoted: a comment starts at a `#` preceded by whitespace.
  const comment = text.search(/\s#/);
  return (comment >= 0 ? text.slice(0, comment) : text).trim();
}

function closingQuote(text: string, quote: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === "\\" && quote === '"') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}
