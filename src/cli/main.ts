/**
 * The CLI entry. Imports nothing heavy at top level: each command's module is
 * loaded only when that command runs (startup cost matters: a launch wrapper
 * runs on every job).
 */
import { CommanderError } from "commander";
import { HushError, isHushError } from "../errors.js";
import { reportError } from "./context.js";
import { exitStatusFor, type CommandFamily } from "./exit-codes.js";
import { forgottenDashDash } from "./forgot-dashdash.js";
import { endQuietlyOnClosedPipe, processOutput, type Output } from "./output.js";
import { COMMAND_AREAS, commandWord, createProgram } from "./program.js";

export interface MainOptions {
  output?: Output;
  /** Tests run the CLI in-process: no process.exit. */
  exit?: boolean;
}

/** Parses `argv` (without node and script), runs the command, and sets the exit status. */
export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  const output = options.output ?? processOutput;
  if (output === processOutput) endQuietlyOnClosedPipe();
  const { program, context, json } = createProgram(output, argv);
  let status: number;
  try {
    await program.parseAsync(argv, { from: "user" });
    status = context.peek()?.exitCode ?? 0;
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) {
      status = 0; // --help and --version
    } else if (error instanceof CommanderError) {
      // Everything else commander refuses is a usage error, with the command's family's status (125 for `hush run`).
      const word = commandWord(argv);
      const forgot = word === "run" && error.code === "commander.unknownOption" ? forgottenDashDash(argv) : undefined;
      const message = error.message.replace(/^error: /, "").trim();
      reportError({ output, json }, new HushError("USAGE", forgot ? `${message}: did you forget "--" before the command` : message, forgot ? { hint: `run: ${forgot.corrected}` } : {}));
      status = exitStatusFor("USAGE", familyOf(argv));
    } else {
      reportError({ output, json }, error);
      status = exitStatusFor(isHushError(error) ? error.code : "INTERNAL", familyOf(argv));
    }
  }
  if (options.exit !== false) {
    process.exitCode = status;
  }
  return status;
}

/** Whose exit statuses the command of `argv` uses: `hush run`'s, sops's (the sops-compatible commands) or hush's. */
function familyOf(argv: readonly string[]): CommandFamily {
  const word = commandWord(argv);
  return word === "run" ? "run" : word !== undefined && COMMAND_AREAS[word] === "sops" ? "sops" : "hush";
}
