/**
 * Everything the CLI prints goes through here: data to stdout (human or
 * --json), messages and warnings to stderr, one line each.
 */
import { HushError, formatProblem } from "../errors.js";
import { printable, printableLine, terminalSafeJson } from "./printable.js";

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/**
 * A reader that went away (`hush decrypt f | head -1`) ends hush quietly with
 * status 141, as SIGPIPE ends sops and cat, instead of Node's stack trace for
 * an unhandled 'error' event. Where a command handles its own streams' errors
 * (`hush run` passing a child's output through), it decides.
 */
export function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (stream.listenerCount("error") > 1) return;
      if (error.code === "EPIPE") process.exit(141);
      throw error;
    });
  }
}

export function printJson(output: Output, data: unknown): void {
  output.out(terminalSafeJson(JSON.stringify(data, null, 2)) + "\n");
}

/**
 * Human output, one line per entry. Names in it come from files any committer
 * writes, so every terminal control character is escaped (tabs separate columns).
 */
export function printLines(output: Output, lines: string[]): void {
  if (lines.length) output.out(lines.map(printableLine).join("\n") + "\n");
}

/** One message line to stderr, `hush: ` first, control characters escaped. */
export function say(output: Output, message: string): void {
  output.err(`hush: ${printable(message)}\n`);
}

/** Rows as aligned columns (two spaces apart; the last column is not padded). */
export function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
}

export function warn(output: Output, message: string): void {
  output.err(`hush: warning: ${printable(message)}\n`);
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
    return JSON.stringify({
      code,
      message,
      ...(file !== undefined ? { file } : {}),
      ...(line !== undefined ? { line } : {}),
      ...(col !== undefined ? { col } : {}),
      ...(hint !== undefined ? { hint } : {}),
      ...(problems?.length ? { problems } : {}),
    });
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
      lines.push("hush: " + formatProblem({ file: error.file ?? "", line: error.line, col: error.col, message: error.message, hint: error.hint }));
    }
    // Messages quote names and keys from files: no terminal control characters get through.
    return lines.map(printable).join("\n");
  }
  const message = error instanceof Error ? error.message : String(error);
  return `hush: internal error: ${printable(message.split("\n")[0] ?? "")} (set HUSH_DEBUG=1 for details; please report this)`;
}
