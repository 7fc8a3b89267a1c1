/**
 * The list of command areas. Each area module declares its commands (cheap)
 * and lazy-imports what they run. A run declares only the area of the
 * command it was given: declaring all ~40 commands and their options costs
 * more than a whole `hush decrypt` of a small file.
 */
import { Command } from "commander";
import { createContext, type CliContext, type ContextFactory } from "./context.js";
import type { Output } from "./output.js";
import { registerSopsCommands } from "./commands/sops.js";
import { registerRepoCommands } from "./commands/repo.js";
import { registerSecretCommands } from "./commands/secret.js";
import { registerInjectCommand, registerStackCommands } from "./commands/stack.js";
import { registerCheckCommands } from "./commands/check.js";
import { registerRunCommand } from "./commands/run.js";
import { registerGitCommands } from "./commands/git.js";
import { registerCompletionCommand } from "./commands/completion.js";

/** `only`: the command word given, for an area that can declare one command alone (sops's ten). */
type Register = (program: Command, context: ContextFactory, only?: string) => void;

/** In help order. */
const AREAS = {
  sops: registerSopsCommands,
  repo: registerRepoCommands,
  secret: registerSecretCommands,
  stack: registerStackCommands,
  inject: registerInjectCommand,
  check: registerCheckCommands,
  run: registerRunCommand,
  git: registerGitCommands,
  // The script is generated from every command: a program of its own, declared in full.
  completion: (program: Command, context: ContextFactory) => registerCompletionCommand(program, context, (output: Output) => createProgram(output).program),
} satisfies Record<string, Register>;

/** The area that declares each top-level command (a test checks it against the declarations). */
export const COMMAND_AREAS: Readonly<Record<string, keyof typeof AREAS>> = {
  encrypt: "sops",
  decrypt: "sops",
  edit: "sops",
  set: "sops",
  unset: "sops",
  updatekeys: "sops",
  rotate: "sops",
  "exec-env": "sops",
  "exec-file": "sops",
  filestatus: "sops",
  init: "repo",
  keygen: "repo",
  user: "repo",
  whoami: "repo",
  version: "repo",
  secret: "secret",
  stack: "stack",
  inject: "inject",
  check: "check",
  hook: "check",
  run: "run",
  git: "git",
  log: "git",
  access: "git",
  export: "git",
  completion: "completion",
};

/** Global options that take a value (their value is not the command word). */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(["-C", "--cwd", "--as"]);

/**
 * Declares the commands: only the area of the command word in `argv` when it
 * names one (only the command itself in the sops area), none for `--version`,
 * every area otherwise (no command, `help`, a typo to suggest for).
 */
export function registerCommands(program: Command, context: ContextFactory, argv?: readonly string[]): void {
  const word = argv && commandWord(argv);
  const area = word !== undefined && Object.hasOwn(COMMAND_AREAS, word) ? COMMAND_AREAS[word] : undefined;
  if (area) AREAS[area](program, context, word);
  // `hush --version` needs no command (and the code cache, trained on it, then holds no declarations it does not need).
  else if (word === undefined && argv?.some(isVersionFlag) && !argv.some(isHelpFlag)) return;
  else for (const register of Object.values(AREAS)) register(program, context);
}

function isVersionFlag(arg: string): boolean {
  return arg === "-V" || arg === "--version";
}

function isHelpFlag(arg: string): boolean {
  return arg === "-h" || arg === "--help";
}

/** The command word: the first argument that is not a global option or its value. */
export function commandWord(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") return undefined;
    if (GLOBAL_OPTIONS_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith("-")) return arg;
  }
  return undefined;
}

/**
 * The program with hush's global options, declaring the commands `argv` needs
 * (see `registerCommands`; every command when `argv` is undefined, as
 * `hush completion` wants). The context is made on first use, from the
 * global options parsed by then.
 */
export function createProgram(output: Output, argv?: readonly string[]): { program: Command; context: ContextFactory & { peek(): CliContext | undefined }; json: boolean } {
  let ctx: CliContext | undefined;
  // `--json` before any `--` (after it, the words are the child's): errors are JSON too.
  const json = argv !== undefined && argv.slice(0, argv.includes("--") ? argv.indexOf("--") : argv.length).includes("--json");
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
      // main() reports commander's errors itself (one line, or JSON with --json).
      outputError: () => {},
    });
  const context = Object.assign(
    (): CliContext => {
      if (!ctx) {
        const g = program.opts<{ cwd?: string; as?: string; verbose?: boolean }>();
        ctx = createContext({ cwd: g.cwd, as: g.as, verbose: g.verbose, json, argv: argv ?? [] }, output);
      }
      return ctx;
    },
    { peek: () => ctx },
  );
  registerCommands(program, context, argv);
  return { program, context, json };
}

const HUSH_VERSION = "0.1.0";
