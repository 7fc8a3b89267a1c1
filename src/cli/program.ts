/**
 * The list of command areas. Each area module declares its commands (cheap)
 * and lazy-imports what they run.
 */
import type { Command } from "commander";
import type { CliContext } from "./context.js";

export type ContextFactory = () => CliContext;

export function registerCommands(program: Command, context: ContextFactory): void {
  for (const register of AREAS) register(program, context);
}

import { registerSopsCommands } from "./commands/sops.js";
import { registerRepoCommands } from "./commands/repo.js";
import { registerSecretCommands } from "./commands/secret.js";
import { registerStackCommands } from "./commands/stack.js";
import { registerCheckCommands } from "./commands/check.js";
import { registerRunCommand } from "./commands/run.js";
import { registerGitCommands } from "./commands/git.js";

const AREAS: Array<(program: Command, context: ContextFactory) => void> = [
  registerSopsCommands,
  registerRepoCommands,
  registerSecretCommands,
  registerStackCommands,
  registerCheckCommands,
  registerRunCommand,
  registerGitCommands,
];
