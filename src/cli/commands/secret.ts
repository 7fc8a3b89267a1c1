/**
 * `hush secret create|get|list|update|delete` (ZenML's secret commands).
 * Declarations only: each action lazy-imports the facade and prints its result.
 */
import type { Command } from "commander";
import type { ContextFactory } from "../context.js";
import type { CliContext } from "../context.js";
import type { ChangeResult, Hush, SecretInfo } from "../../index.js";
// errors.ts is tiny and already loaded by context.ts.
import { HushError } from "../../errors.js";
import { runAction } from "../context.js";
import { exitStatusForSignal } from "../exit-codes.js";
import { openHush, withAs } from "../open-hush.js";
import { oneOf, scopeOf } from "../options.js";
import { columns, printJson, printLines, warn } from "../output.js";
import { hasControlCharacters } from "../printable.js";

interface ValueOptions {
  as?: string;
  scope?: string;
  values?: string;
  interactive?: boolean;
  commit?: boolean;
  json?: boolean;
}

/** Declares this area's commands; actions lazy-import what they run. */
export function registerSecretCommands(program: Command, context: ContextFactory): void {
  const secret = program.command("secret").description("named secrets: key/value groups in the user or shared scope");

  secret
    .command("create")
    .usage("NAME [--KEY=VALUE | --KEY=@file | --KEY=-]... [--values JSON|YAML|@file] [-i] [--scope user|shared]")
    .description("create a secret; every option that is not one of these is a key")
    .option("--scope <scope>", "user or shared (default: default_scope of .hush.yaml)")
    .option("--values <values>", "keys and values as JSON or YAML text, or @file")
    .option("-i, --interactive", "prompt for keys and hidden values (reads lines when stdin is not a terminal)")
    .option("--force", "replace an existing secret")
    .option("--commit", "commit the new file")
    .option("--json", "print the result as JSON")
    .option("--as <user>", "act as this user")
    .allowUnknownOption()
    .allowExcessArguments()
    .action((opts: ValueOptions & { force?: boolean }, cmd: Command) =>
      withValues(withAs(context(), opts.as), cmd.args, opts, async (hush, name, values) => {
        const r = await hush.createSecret({ name, values, force: opts.force ?? false, commit: opts.commit ?? false, ...scopeOf(opts.scope) });
        printChange(context(), "created", r, opts.json);
        if (r.shadows) warn(context().output, `${r.file} now shadows ${r.shadows} for user ${r.user}: {{${r.name}.KEY}}, get and run take the user's own (use --scope shared to reach the shared one)`);
      }, false, cmd),
    );

  secret
    .command("update")
    .usage("NAME [--KEY=VALUE ...] [--remove-keys k1,k2] [--values ...] [-i]")
    .description("set or remove keys of a secret")
    .option("--scope <scope>", "user or shared (default: the user's own first, then shared)")
    .option("--values <values>", "keys and values as JSON or YAML text, or @file")
    .option("--remove-keys <keys>", "comma-separated keys to remove")
    .option("-i, --interactive", "prompt for keys and hidden values")
    .option("--commit", "commit the changed file")
    .option("--json", "print the result as JSON")
    .option("--as <user>", "act as this user")
    .allowUnknownOption()
    .allowExcessArguments()
    .action((opts: ValueOptions & { removeKeys?: string }, cmd: Command) =>
      withValues(withAs(context(), opts.as), cmd.args, opts, async (hush, name, values) => {
        const removeKeys = opts.removeKeys?.split(",").map((k) => k.trim()).filter(Boolean);
        const r = await hush.updateSecret({ name, values, ...(removeKeys ? { removeKeys } : {}), commit: opts.commit ?? false, ...scopeOf(opts.scope) });
        printChange(context(), "updated", r, opts.json);
      }, true, cmd),
    );

  secret
    .command("rename")
    .argument("<old>")
    .argument("<new>")
    .description("rename a secret within its scope (the file moves as it is; `hush log` shows the rename)")
    .option("--scope <scope>", "user or shared (default: the user's own first, then shared)")
    .option("--commit", "commit the rename")
    .option("--json", "print the result as JSON")
    .option("--as <user>", "act as this user")
    .action((from: string, to: string, opts: { scope?: string; commit?: boolean; json?: boolean; as?: string }) =>
      runAction(context(), "hush", async () => {
        const ctx = withAs(context(), opts.as);
        const r = await (await openHush(ctx)).renameSecret({ from, to, commit: opts.commit ?? false, ...scopeOf(opts.scope) });
        if (opts.json) return printJson(ctx.output, r);
        const where = r.scope === "shared" ? "shared" : `user ${r.user}`;
        printLines(ctx.output, [`renamed secret ${from} to ${to} (${where}): ${r.from} -> ${r.file}${r.commit ? ` [commit ${r.commit.slice(0, 12)}]` : ""}`]);
      }),
    );

  secret
    .command("edit")
    .argument("<name>")
    .description("open a secret in $SOPS_EDITOR / $EDITOR as plain key: value lines; saved encrypted as `hush edit` saves")
    .option("--scope <scope>", "user or shared (default: the user's own first, then shared)")
    .option("--as <user>", "act as this user")
    .action((name: string, opts: { scope?: string; as?: string }) =>
      runAction(context(), "hush", async () => {
        const ctx = withAs(context(), opts.as);
        const hush = await openHush(ctx);
        const r = await hush.editSecret(name, { ...scopeOf(opts.scope), onWarning: (m) => warn(ctx.output, m) });
        if (r.status === "interrupted") {
          ctx.output.err(`hush: interrupted by ${r.signal}; ${r.file} was not changed and the plaintext copy was removed\n`);
          return exitStatusForSignal(r.signal);
        }
        printLines(ctx.output, [r.status === "unchanged" ? `unchanged secret ${name}: ${r.file} (nothing written)` : `edited secret ${name}: ${r.file}`]);
      }),
    );

  secret
    .command("import")
    .argument("<file>", "a sops file (yaml, json, dotenv, ini or binary)")
    .description("make an existing sops file a named secret, encrypted to the scope's recipients (the original is left alone unless --remove)")
    .requiredOption("--name <name>", "the secret's name")
    .option("--scope <scope>", "user or shared (default: default_scope of .hush.yaml)")
    .option("--input-type <type>", "the file's format when its suffix does not say")
    .option("--force", "replace an existing secret of that name")
    .option("--remove", "delete the original file (in the same commit with --commit)")
    .option("--commit", "commit the new secret (and the removal)")
    .option("--json", "print the result as JSON")
    .option("--as <user>", "act as this user")
    .action((file: string, opts: { name: string; scope?: string; inputType?: string; force?: boolean; remove?: boolean; commit?: boolean; json?: boolean; as?: string }) =>
      runAction(context(), "hush", async () => {
        const ctx = withAs(context(), opts.as);
        const hush = await openHush(ctx);
        const r = await hush.importSecret({ file, cwd: ctx.cwd, name: opts.name, force: opts.force ?? false, remove: opts.remove ?? false, commit: opts.commit ?? false, ...scopeOf(opts.scope), ...(opts.inputType !== undefined ? { inputType: opts.inputType } : {}) });
        if (opts.json) return printJson(ctx.output, r);
        const where = r.scope === "shared" ? "shared" : `user ${r.user}`;
        const removed = r.removed ? `; removed ${r.source}` : `; ${r.source} left as it is`;
        printLines(ctx.output, [`imported ${r.source} as secret ${r.name} (${where}): ${r.file}, ${r.keys.length} key${r.keys.length === 1 ? "" : "s"}${removed}${r.commit ? ` [commit ${r.commit.slice(0, 12)}]` : ""}`]);
      }),
    );

  secret
    .command("get")
    .argument("<name>")
    .description("show a secret's keys and scope; values only with --reveal; --key prints one value and nothing else")
    .option("--scope <scope>", "user or shared (default: the user's own first, then shared)")
    .option("--reveal", "decrypt and show the values (with --key: also to a terminal)")
    .option("--key <key>", "print exactly this key's value, no newline (for $(...)); refused to a terminal without --reveal")
    .option("-n, --newline", "with --key: end the value with a newline")
    .option("--json", "print as JSON")
    .option("--as <user>", "act as this user")
    .action((name: string, opts: { scope?: string; reveal?: boolean; key?: string; newline?: boolean; json?: boolean; as?: string }) =>
      runAction(context(), "hush", async () => {
        const ctx = withAs(context(), opts.as);
        const hush = await openHush(ctx);
        if (opts.key !== undefined) {
          // `op read` / `doppler secrets get --plain`: the value alone, safe for $(...); a terminal would show it to the room.
          if (process.stdout.isTTY && !opts.reveal && !opts.json) throw new HushError("USAGE", "refusing to print a secret value to a terminal", { hint: "pass --reveal to show it, or capture it: VAR=$(hush secret get NAME --key KEY)" });
          const value = await hush.getSecretValue(name, opts.key, scopeOf(opts.scope));
          if (opts.json) return printJson(ctx.output, value);
          ctx.output.out(opts.newline ? `${value}\n` : value);
          return;
        }
        const found = await hush.findSecret(name, scopeOf(opts.scope));
        if (found.shadow) await hush.enforceShadowing([found.shadow], (line) => warn(ctx.output, line));
        const values = opts.reveal ? (await hush.getSecret(name, { scope: found.info.scope })).values : undefined;
        printSecret(ctx, found.info, found.shadowsShared, values, opts.json);
      }),
    );

  secret
    .command("list")
    .description("list secrets (reads no private key, decrypts nothing)")
    .option("--scope <scope>", "user, shared or all", "all")
    .option("--filter <text>", "only names containing this text")
    .option("--sort-by <field>", "name, scope or updated", "name")
    .option("--desc", "reverse the order")
    .option("--json", "print as JSON")
    .option("--as <user>", "act as this user")
    .action((opts: { scope: string; filter?: string; sortBy: string; desc?: boolean; json?: boolean; as?: string }) =>
      runAction(context(), "hush", async () => {
        const ctx = withAs(context(), opts.as);
        const scope = oneOf(opts.scope, ["user", "shared", "all"] as const, "--scope");
        const sortBy = oneOf(opts.sortBy, ["name", "scope", "updated"] as const, "--sort-by");
        const hush = await openHush(ctx);
        const infos = await hush.listSecrets({ scope, sortBy, desc: opts.desc ?? false, ...(opts.filter ? { filter: opts.filter } : {}) });
        if (opts.json) return printJson(ctx.output, infos);
        printLines(ctx.output, table(infos));
      }),
    );

  secret
    .command("delete")
    .argument("<name>")
    .description("delete a secret's file")
    .option("--scope <scope>", "user or shared (default: the user's own first, then shared)")
    .option("-y, --yes", "do not ask for confirmation")
    .option("--commit", "commit the deletion")
    .option("--json", "print the result as JSON")
    .option("--as <user>", "act as this user")
    .action((name: string, opts: { scope?: string; yes?: boolean; commit?: boolean; json?: boolean; as?: string }) =>
      runAction(context(), "hush", async () => {
        const ctx = withAs(context(), opts.as);
        const hush = await openHush(ctx);
        const found = await hush.findSecret(name, scopeOf(opts.scope));
        if (!opts.yes) await confirm(`delete secret "${name}" (${found.info.file})? [y/N] `);
        const r = await hush.deleteSecret(name, { scope: found.info.scope, commit: opts.commit ?? false });
        printChange(ctx, "deleted", r, opts.json);
      }),
    );
}

/** Parses NAME and values from the raw args, then runs `fn` with an open facade. */
function withValues(
  ctx: CliContext,
  tokens: string[],
  opts: ValueOptions,
  fn: (hush: Hush, name: string, values: Record<string, string>) => Promise<void>,
  allowEmpty = false,
  command?: Command,
): Promise<void> {
  return runAction(ctx, "hush", async () => {
    const { parseSecretArgs, collectValues } = await import("../secret-args.js");
    // The command's own long options: a near miss of one is a typo, not a key.
    const own = (command?.options ?? []).flatMap((o) => (o.long ? [o.long.slice(2)] : []));
    const parsed = parseSecretArgs(tokens, own);
    if (parsed.name === undefined) throw usage("missing the secret NAME");
    const { Hush } = await import("../../hush.js");
    Hush.validateSecretName(parsed.name);
    if (parsed.as !== undefined) ctx.as = parsed.as;
    const hush = await openHush(ctx);
    const reader = opts.interactive ? (await import("../prompt.js")).stdinLineReader() : undefined;
    const values = await collectValues(parsed, { cwd: ctx.cwd, stdin: process.stdin, ...(opts.values !== undefined ? { values: opts.values } : {}), ...(reader ? { reader } : {}) });
    if (!allowEmpty && Object.keys(values).length === 0) throw usage(`secret "${parsed.name}" has no keys: give --KEY=VALUE, --values or -i`);
    await fn(hush, parsed.name, values);
  });
}

function usage(message: string): HushError {
  return new HushError("USAGE", message);
}

async function confirm(question: string): Promise<void> {
  const { stdinLineReader } = await import("../prompt.js");
  if (!process.stdin.isTTY) throw usage("refusing to delete without confirmation: pass --yes");
  const answer = await stdinLineReader().ask(question);
  // A "no" is an answer, not a usage error: exit 1, nothing changed.
  if (!/^y(es)?$/i.test(answer?.trim() ?? "")) throw new HushError("DECLINED", "not deleted: the answer was not yes");
}

function printChange(ctx: CliContext, verb: string, r: ChangeResult, json: boolean | undefined): void {
  if (json) return printJson(ctx.output, r);
  const where = r.scope === "shared" ? "shared" : `user ${r.user}`;
  if (r.unchanged) return printLines(ctx.output, [`unchanged secret ${r.name} (${where}): ${r.file} (every value was already so; nothing written)`]);
  printLines(ctx.output, [`${verb} secret ${r.name} (${where}): ${r.file}${r.commit ? ` [commit ${r.commit.slice(0, 12)}]` : ""}`]);
}

function printSecret(ctx: CliContext, info: SecretInfo, shadowsShared: boolean, values: Record<string, string> | undefined, json: boolean | undefined): void {
  if (json) {
    return printJson(ctx.output, { name: info.name, scope: info.scope, ...(info.user ? { user: info.user } : {}), file: info.file, keys: info.keys, shadowsShared, lastModified: info.lastModified, ...(values ? { values } : {}) });
  }
  const lines = [`name: ${info.name}`, `scope: ${info.scope}${info.user ? ` (${info.user})` : ""}`, `file: ${info.file}`];
  if (shadowsShared) lines.push(`note: a shared secret "${info.name}" exists too; the user's own is shown (use --scope shared for it)`);
  lines.push("keys:");
  for (const key of info.keys) lines.push(values ? `  ${key}: ${shownValue(values[key] ?? "")}` : `  ${key}`);
  printLines(ctx.output, lines);
}

/** A value on one line: quoted (JSON, which YAML reads too) when it holds a newline or another control character, so it cannot break the layout or drive the terminal (printLines escapes what JSON leaves raw). */
function shownValue(value: string): string {
  return hasControlCharacters(value) ? JSON.stringify(value) : value;
}

function table(infos: SecretInfo[]): string[] {
  return columns([["NAME", "SCOPE", "OWNER", "KEYS", "UPDATED"], ...infos.map((s) => [s.name, s.scope, s.user ?? "-", s.keys.join(","), s.lastModified])]);
}
