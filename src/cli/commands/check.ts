/**
 * `hush check` (the pre-commit check) and `hush hook install`.
 * Declarations only: each action lazy-imports what it runs.
 */
import type { Command } from "commander";
import type { ContextFactory } from "../context.js";
import { runAction } from "../context.js";
import { exitStatusFor } from "../exit-codes.js";
import { openHush, withAs } from "../open-hush.js";
import { printJson, printLines } from "../output.js";

/** Declares this area's commands; actions lazy-import what they run. */
export function registerCheckCommands(program: Command, context: ContextFactory): void {
  program
    .command("check")
    .description("the pre-commit check: plaintext or broken secret files, stale recipients, unresolved references, private keys and tokens in staged files (exit 3)")
    .option("--staged", "check what is being committed (the index), not the working tree")
    .option("--all-users", "resolve references as every user of .hush.yaml")
    .option("--level <level>", "reference level: NONE, SECRET_EXISTS, SECRET_AND_KEY_EXISTS (default) or DECRYPTABLE")
    .option("--json", "print the report as JSON")
    .option("--as <user>", "resolve references as this user")
    .action((opts: { staged?: boolean; allUsers?: boolean; level?: string; json?: boolean; as?: string }) =>
      runAction(context(), "hush", async () => {
        const ctx = withAs(context(), opts.as);
        const hush = await openHush(ctx);
        const report = await hush.check({ staged: opts.staged ?? false, allUsers: opts.allUsers ?? false, ...(opts.level !== undefined ? { level: opts.level } : {}) });
        const { warnShadows } = await import("./stack.js");
        await warnShadows(ctx, hush, report.shadows);
        // Files searched only in part (very large ones): said on stderr, they do not fail the check.
        const { formatProblem } = await import("../../errors.js");
        if (!opts.json) for (const note of report.notes) ctx.output.err(`hush: note: ${formatProblem(note)}\n`);
        if (opts.json) {
          printJson(ctx.output, report);
          return report.ok ? 0 : exitStatusFor("CHECK_FAILED", "hush");
        }
        if (!report.ok) {
          const { problemsError } = await import("../../errors.js");
          throw problemsError("CHECK_FAILED", "check failed", report.problems, report.staged ? "; the commit was refused" : "");
        }
        const c = report.counts;
        printLines(ctx.output, [`ok: ${report.staged ? `${c.judged} staged secret files` : `${c.secretFiles} secret files`}, ${c.stackFiles} stacks (${c.references} references at ${report.level}), ${c.scannedForKeys} files searched for age keys`]);
      }),
    );

  const hook = program.command("hook").description("git hooks");
  hook
    .command("install")
    .description("install a git pre-commit hook that runs `hush check --staged` (honours core.hooksPath)")
    .option("--force", "replace a pre-commit hook hush did not write")
    .action((opts: { force?: boolean }) =>
      runAction(context(), "hush", async () => {
        const ctx = context();
        const installed = await (await openHush(ctx)).installHook({ force: opts.force ?? false });
        const note = installed.backup ? ` (replaced a foreign hook: --force; kept as ${installed.backup})` : installed.replaced === "hush" ? " (updated)" : "";
        printLines(ctx.output, [`installed ${installed.path}${note}: runs ${installed.command} (hush from PATH, else node_modules/.bin)`]);
      }),
    );
  hook
    .command("uninstall")
    .description("remove the pre-commit hook `hush hook install` wrote (a hook it replaced with --force comes back)")
    .action(() =>
      runAction(context(), "hush", async () => {
        const ctx = context();
        const r = await (await openHush(ctx)).uninstallHook();
        printLines(ctx.output, [r.removed ? `removed ${r.path}${r.restored ? ` (restored the hook it had replaced)` : ""}` : `no pre-commit hook at ${r.path}`]);
      }),
    );
}
