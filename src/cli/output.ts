/**
 * Everything the CLI prints goes through here: data to stdout (human or
 * --json), messages and warnings to stderr, one line each.
 */
import { HushError, formatProblem } from "../errors.js";

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export function printJson(output: Output, data: unknown): void {
  output.out(JSON.stringify(data, null, 2) + "\n");
}

export function printLines(output: Output, lines: string[]): void {
  if (lines.length) output.out(lines.join("\n") + "\n");
}

/** Rows as aligned columns (two spaces apart; the last column is not padded). */
export function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ").trimEnd());
}

export function warn(output: Output, message: string): void {
  output.err(`hush: warning: ${message}\n`);
}

/**
 * The error as one JSON object on one line (for `--json`): `code`, `message`,
 * and the facts that are known (`file`, `line`, `col`, `hint`, `problems`).
 */
export function describeErrorJson(error: unknown): string {
  if (error instanceof HushError) {
    const { code, message, hint, problems } = error;
    // A summary of problems in one file is placed at the first of them.
    const first = problems?.[0];
    const placed = error.line === undefined && first !== undefined && (error.file === undefined || first.file === error.file);
    const file = placed ? first.file : error.file;
    const line = placed ? first.line : error.line;
    const col = placed ? first.col : error.col;
    return JSON.stringify({ code, message, ...(file !== undefined ? { file } : {}), ...(line !== undefined ? { line } : {}), ...(col !== undefined ? { col } : {}), ...(hint !== undefined ? { hint } : {}), ...(problems?.length ? { problems } : {}) });
  }
  const message = error instanceof Error ? error.message : String(error);
  return JSON.stringify({ code: "INTERNAL", message: `internal error: ${message.split("\n")[0]}` });
}

/** One line (plus one line per collected problem): what is wrong, where, what to do next. Never a stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof HushError) {
    const lines: string[] = [];
    if (error.problems?.length) {
      for (const p of error.problems) lines.push(formatProblem(p));
      lines.push(`hush: ${error.message}`);
    } else {
      lines.push(
        "hush: " +
          formatProblem({ file: error.file ?? "", line: error.line, col: error.col, message: error.message, hint: error.hint }),
      );
    }
    return lines.join("\n");
  }
  const message = error instanceof Error ? error.message : String(error);
  return `hush: internal error: ${message.split("\n")[0]} (set HUSH_DEBUG=1 for details; please report this)`;
}
