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

export function warn(output: Output, message: string): void {
  output.err(`hush: warning: ${message}\n`);
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
