/**
 * What every command action gets: where it runs, how to print, and the one
 * wrapper that turns a thrown error into a one-line message and an exit status.
 */
import { resolve } from "node:path";
import { isHushError } from "../errors.js";
import { exitStatusFor, type CommandFamily } from "./exit-codes.js";
import { describeError, describeErrorJson, processOutput, type Output } from "./output.js";

/** Makes the context on first use (global options are parsed by then). */
export type ContextFactory = () => CliContext;

export interface CliContext {
  /** The directory commands work in (`--cwd`, default the process's). */
  cwd: string;
  env: NodeJS.ProcessEnv;
  output: Output;
  /** `--as NAME`: the active-user override. */
  as?: string;
  verbose: boolean;
  /** `--json` was given: errors are one JSON object on stderr too. */
  json: boolean;
  /** The command line as given (after `hush`), for hints that quote it back. */
  argv: readonly string[];
  /** Set by a command to choose the process's exit status. */
  exitCode: number;
}

export function createContext(globals: { cwd?: string; as?: string; verbose?: boolean; json?: boolean; argv?: readonly string[] }, output: Output = processOutput): CliContext {
  return {
    cwd: resolve(globals.cwd ?? process.cwd()),
    env: process.env,
    output,
    as: globals.as,
    verbose: globals.verbose ?? false,
    json: globals.json ?? false,
    argv: globals.argv ?? [],
    exitCode: 0,
  };
}

/** Prints a failure as the context asks: one line (or one JSON object with --json) on stderr. */
export function reportError(ctx: Pick<CliContext, "output" | "json">, error: unknown): void {
  if (process.env.HUSH_DEBUG && error instanceof Error) ctx.output.err(`${error.stack}\n`);
  ctx.output.err((ctx.json ? describeErrorJson(error) : describeError(error)) + "\n");
}

/** Runs an action; a failure becomes one line on stderr and the family's exit status. */
export async function runAction(ctx: CliContext, family: CommandFamily, action: () => Promise<number | void>): Promise<void> {
  try {
    const status = await action();
    if (typeof status === "number") ctx.exitCode = status;
  } catch (error) {
    reportError(ctx, error);
    // Anything but a HushError is a bug: INTERNAL (1; 125 for `hush run`, whose child never started).
    ctx.exitCode = exitStatusFor(isHushError(error) ? error.code : "INTERNAL", family);
  }
}
