/**
 * The list of command areas. Each area module declares its commands (cheap)
 * and lazy-imports what they run. A run declares only the area of the
 * command it was given: declaring all ~40 commands and their options costs
 * more than a whole `hush decrypt` of a small file.
 */
import type { Command } from "commander";
import type { CliContext } from "./context.js";
import { registerSopsCommands } from "./commands/sops.js";
import { registerRepoCommands } from "./commands/repo.js";
import { registerSecretCommands } from "./commands/secret.js";
import { registerInjectCommand, registerStackCommands } from "./commands/stack.js";
import { registerCheckCommands } from "./commands/check.js";
import { registerRunCommand } from "./commands/run.js";
import { registerGitCommands } from "./commands/git.js";
import { registerCompletionCommand } from "./commands/completion.js";

export type ContextFactory = () => CliContext;
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
  completion: registerCompletionCommand,
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
