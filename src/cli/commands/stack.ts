/**
 * `hush stack validate|resolve|register-secrets` (ZenML's stack commands).
 * Declarations only: each action lazy-imports the facade and prints its result.
 */
import type { Command } from "commander";
import type { CliContext, ContextFactory } from "../context.js";
import { problemsError } from "../../errors.js";
import type { Hush, Shadow } from "../../index.js";
import { runAction } from "../context.js";
import { exitStatusFor } from "../exit-codes.js";
import { openHush, withAs } from "../open-hush.js";
import { scopeOf } from "../options.js";
import { printJson, printLines, warn } from "../output.js";
import { printableLines } from "../printable.js";

/** Under `shadowing: warn`, one stderr line per user-scope secret hiding a shared one (refuse made them problems already). */
export async function warnShadows(ctx: CliContext, hush: Hush, shadows: readonly Shadow[]): Promise<void> {
  for (const line of await hush.shadowWarnings(shadows)) warn(ctx.output, line);
}

/** Declares this area's commands; actions lazy-import what they run. */
export function registerStackCommands(program: Command, context: ContextFactory): void {
  const stack = program.command("stack").description("stack files with {{name.key}} references");

  stack
    .command("validate")
    .argument("[stacks...]", "stack names or files (default: every stack)")
    .description("check that every {{name.key}} reference resolves; every problem at once (exit 3)")
    .option("--level <level>", "NONE, SECRET_EXISTS, SECRET_AND_KEY_EXISTS (default) or DECRYPTABLE (default: $HUSH_SECRET_VALIDATION_LEVEL)")
    .option("--all-users", "check resolution as every user of .hush.yaml")
    .option("--json", "print the report as JSON")
    .option("--as <user>", "act as this user")
    .action((stacks: string[], opts: { level?: string; allUsers?: boolean; json?: boolean; as?: string }) =>
      runAction(context(), "hush", async () => {
        const ctx = withAs(context(), opts.as);
        const hush = await openHush(ctx);
        const report = await hush.validateStacks({ stacks, allUsers: opts.allUsers ?? false, ...(opts.level !== undefined ? { level: opts.level } : {}) });
        await warnShadows(ctx, hush, report.shadows);
        if (opts.json) {
          printJson(ctx.output, report);
          return report.ok ? 0 : exitStatusFor("VALIDATION_FAILED", "hush");
        }
        if (!report.ok) throw problemsError("VALIDATION_FAILED", "stack validation failed", report.problems);
        const who = report.users.length > 1 ? `${report.users.length} users` : (report.users[0] ?? "no user (shared scope only)");
        printLines(ctx.output, [`ok: ${report.stacks.length} stack${report.stacks.length === 1 ? "" : "s"} valid at ${report.level} (as ${who})`]);
      }),
    );

  stack
    .command("resolve")
    .argument("[stack]", "stack name or file (default: default_stack of .hush.yaml)")
    .description("print the stack with references filled in (values hidden as ***** without --reveal)")
    .option("--reveal", "decrypt and show the values")
    .option("--json", "print as JSON")
    .option("--as <user>", "act as this user")
    .action((name: string | undefined, opts: { reveal?: boolean; json?: boolean; as?: string }) =>
      runAction(context(), "hush", async () => {
        const ctx = withAs(context(), opts.as);
        const hush = await openHush(ctx);
        const resolved = await hush.resolveStack(name ?? hush.config.defaultStack, { reveal: opts.reveal ?? false });
        if (opts.json) return printJson(ctx.output, resolved);
        const { yamlText } = await import("../yaml-text.js");
        ctx.output.out(printableLines(yamlText(resolved.data ?? {})));
      }),
    );

  stack
    .command("register-secrets")
    .argument("[stack]", "stack name or file (default: default_stack of .hush.yaml)")
    .description("prompt (hidden input) for every missing secret or key the stack references, and write them; reads one value per line from a pipe")
    .option("--scope <scope>", "scope of new secrets: user or shared (default: default_scope)")
    .option("--commit", "commit the written files")
    .option("--json", "print what was written as JSON")
    .option("--as <user>", "act as this user")
    .action((name: string | undefined, opts: { scope?: string; commit?: boolean; json?: boolean; as?: string }) =>
      runAction(context(), "hush", async () => {
        const ctx = withAs(context(), opts.as);
        const scope = scopeOf(opts.scope);
        const hush = await openHush(ctx);
        const { stdinLineReader } = await import("../prompt.js");
        const done = await hush.registerSecrets(stdinLineReader(), {
          ...(name !== undefined ? { stack: name } : {}),
          ...scope,
          commit: opts.commit ?? false,
        });
        if (opts.json) return printJson(ctx.output, done);
        if (!done.length) return printLines(ctx.output, ["nothing to register: every reference resolves"]);
        printLines(ctx.output, done.map((d) => `${d.action} ${d.file} (${d.scope}): ${d.keys.join(", ")}`));
      }),
    );
}

/** Declares `hush inject` (op inject's pattern; it resolves references as stacks do). */
export function registerInjectCommand(program: Command, context: ContextFactory): void {
  program
    .command("inject")
    .description("render a text template: every {{name.key}} filled in (validated as stacks are), to stdout or a 0600 file")
    .requiredOption("-i, --in-file <file>", "the template (any text file)")
    .option("-o, --out-file <file>", "write here, 0600 and atomically, instead of stdout")
    .option("-f, --force", "write even into a file git tracks")
    .option("--as <user>", "act as this user")
    .action((opts: { inFile: string; outFile?: string; force?: boolean; as?: string }) =>
      runAction(context(), "hush", async () => {
        const ctx = withAs(context(), opts.as);
        const hush = await openHush(ctx);
        const r = await hush.inject({ input: opts.inFile, cwd: ctx.cwd, force: opts.force ?? false, ...(opts.outFile !== undefined ? { output: opts.outFile } : {}) });
        if (r.written === undefined) return ctx.output.out(r.text);
        printLines(ctx.output, [`wrote ${r.written} (0600): ${r.references} reference${r.references === 1 ? "" : "s"} filled in`]);
      }),
    );
}
