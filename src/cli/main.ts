/**
 * The CLI entry. Imports nothing heavy at top level: each command's module is
 * loaded only when that command runs (startup cost matters: a launch wrapper
 * runs on every job).
 */
import { Command, CommanderError } from "commander";
import { createContext, type CliContext } from "./context.js";
import { endQuietlyOnClosedPipe, processOutput, type Output } from "./output.js";
import { printable } from "./printable.js";
import { registerCommands } from "./program.js";

export interface MainOptions {
  output?: Output;
  /** Tests run the CLI in-process: no process.exit. */
  exit?: boolean;
}

/** Parses `argv` (without node and script), runs the command, and sets the exit status. */
export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  const output = options.output ?? processOutput;
  if (output === processOutput) endQuietlyOnClosedPipe();
  let ctx: CliContext | undefined;
  const program = new Command("hush")
    .description("GitOps secrets: sops-compatible, age-encrypted secret files in git")
    .version(HUSH_VERSION, "-V, --version")
    .option("-C, --cwd <dir>", "run as if started in <dir>")
    .option("--as <user>", "act as this user (overrides HUSH_USER and key matching)")
    .option("--verbose", "say which config, rule and identity were used")
    .enablePositionalOptions()
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => output.out(s),
      writeErr: (s) => output.err(s),
      outputError: (s, write) => write(`hush: ${s.replace(/^error: /, "")}`),
    });
  const context = (): CliContext => {
    if (!ctx) {
      const g = program.opts<{ cwd?: string; as?: string; verbose?: boolean }>();
      ctx = createContext({ cwd: g.cwd, as: g.as, verbose: g.verbose }, output);
    }
    return ctx;
  };
  registerCommands(program, context, argv);
  let status: number;
  try {
    await program.parseAsync(argv, { from: "user" });
    status = ctx?.exitCode ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; everything else commander refuses is a usage error.
      status = error.exitCode === 0 ? 0 : 2;
    } else {
      output.err(`hush: internal error: ${printable(error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error))}\n`);
      status = 1;
    }
  }
  if (options.exit !== false) {
    process.exitCode = status;
  }
  return status;
}

const HUSH_VERSION = "0.1.0";
