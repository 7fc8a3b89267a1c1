import type { Command } from "commander";
import type { ContextFactory } from "../program.js";

/** Declares this area's commands; actions lazy-import what they run. */
export function registerGitCommands(program: Command, context: ContextFactory): void {
  void program;
  void context;
}
