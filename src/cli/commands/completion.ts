/**
 * `hush completion bash|zsh|fish`: a completion script generated from the
 * real command tree. The hidden `--names KIND` is what the scripts call to
 * complete secret, stack and user names of the repository (no private key
 * read, nothing printed when there is no repository).
 */
import type { Command } from "commander";
import type { ContextFactory } from "../context.js";
import { runAction } from "../context.js";
import { openHush } from "../open-hush.js";
import { printLines, type Output } from "../output.js";

/** Declares `hush completion`; its action lazy-imports what it runs. */
export function registerCompletionCommand(program: Command, context: ContextFactory, fullProgram: (output: Output) => Command): void {
  program
    .command("completion")
    .argument("[shell]", "bash, zsh or fish")
    .description("print a shell completion script (commands, options, and the repository's secret, stack and user names)")
    .addHelpText("after", "\nLoad it with `source <(hush completion bash)` (or zsh), or save `hush completion fish` as ~/.config/fish/completions/hush.fish.")
    .option("--names <kind>", "print secret, stack or user names, one per line (what the scripts call)")
    .action((shell: string | undefined, opts: { names?: string }) =>
      runAction(context(), "hush", async () => {
        const ctx = context();
        const { HushError } = await import("../../errors.js");
        if (opts.names !== undefined) {
          if (!["secrets", "stacks", "users"].includes(opts.names)) throw new HushError("USAGE", `--names takes secrets, stacks or users, not "${opts.names}"`);
          // Completing outside a repository, or in a broken one, offers nothing rather than an error on the prompt line.
          const hush = await openHush(ctx).catch(() => undefined);
          if (!hush) return;
          const names =
            opts.names === "stacks" ? await hush.listStacks() : opts.names === "users" ? (await hush.listUsers()).map((u) => u.name) : (await hush.listSecrets()).map((s) => s.name);
          // Names come from files anyone can commit: only those a shell word can hold as they are.
          printLines(ctx.output, [...new Set(names)].filter((n) => /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(n)).sort());
          return;
        }
        const { SHELLS, completionScript } = await import("../completion-script.js");
        if (shell === undefined || !(SHELLS as readonly string[]).includes(shell)) {
          throw new HushError("USAGE", shell === undefined ? "name a shell: hush completion bash|zsh|fish" : `no completion for shell "${shell}"`, { hint: `use one of ${SHELLS.join(", ")}` });
        }
        ctx.output.out(completionScript(shell as (typeof SHELLS)[number], fullProgram(ctx.output)));
      }),
    );
}
