/**
 * The git-native workflow: `hush git setup`, the hidden drivers git calls
 * (`hush git merge-driver`, `hush git textconv`), `hush log`, `hush access`
 * and `hush export k8s`. Declarations only: actions lazy-import what they run.
 */
import type { Command } from "commander";
import type { ContextFactory } from "../context.js";
import type { AccessMatrix, NamedRecipient, SecretHistory, UserExposure } from "../../index.js";
import { HushError } from "../../errors.js";
import { runAction } from "../context.js";
import { openHush } from "../open-hush.js";
import { scopeOf } from "../options.js";
import { columns, printJson, printLines } from "../output.js";
import { printable } from "../printable.js";

/** Declares this area's commands; actions lazy-import what they run. */
export function registerGitCommands(program: Command, context: ContextFactory): void {
  const git = program.command("git").description("git integration: per-key merge driver and readable diffs for secret files");
  git
    .command("setup")
    .description("route secrets/**/*.yaml to hush's merge and diff drivers (.gitattributes + git config); idempotent")
    .option("--global", "write the driver commands to your global git config instead of this clone's")
    .option("--json", "print what was written as JSON")
    .action((opts: { global?: boolean; json?: boolean }) =>
      runAction(context(), "hush", async () => {
        const ctx = context();
        const r = await (await openHush(ctx)).setupGit({ global: opts.global ?? false });
        if (opts.json) return printJson(ctx.output, r);
        printLines(ctx.output, [
          `${r.attributesFile}: ${r.attributesAdded ? "added" : "already has"} the hush merge/diff line${r.attributesPending ? " (commit it)" : ""}`,
          `git config --${r.scope}: merge.hush.driver, diff.hush.textconv set`,
        ]);
      }),
    );
  git
    .command("merge-driver <base> <ours> <theirs> [path]", { hidden: true })
    .description("git merge driver: %O %A %B %P")
    .action((base: string, ours: string, theirs: string, path: string | undefined) =>
      runAction(context(), "hush", async () => {
        const ctx = context();
        const { Hush } = await import("../../hush.js");
        return Hush.mergeDriver({ base, ours, theirs, path: path ?? ours, env: ctx.env, say: (line) => ctx.output.err(printable(line) + "\n") });
      }),
    );
  git
    .command("textconv <file>", { hidden: true })
    .description("git diff textconv: decrypted YAML with a local identity, keys only otherwise")
    .action((file: string) =>
      runAction(context(), "hush", async () => {
        const ctx = context();
        const { Hush } = await import("../../hush.js");
        ctx.output.out(await Hush.textconv(file, { env: ctx.env, cwd: ctx.cwd }));
      }),
    );

  program
    .command("log [name]")
    .description("per secret, commit by commit: keys added/removed/changed and recipient changes (no private key; never values)")
    .option("-n, --max-count <n>", "look at the last n commits only")
    .option("--json", "print as JSON")
    .action((name: string | undefined, opts: { maxCount?: string; json?: boolean }) =>
      runAction(context(), "hush", async () => {
        const ctx = context();
        const n = opts.maxCount === undefined ? undefined : Number(opts.maxCount);
        if (n !== undefined && !(Number.isInteger(n) && n > 0)) throw new HushError("USAGE", `--max-count must be a positive whole number, not "${opts.maxCount}"`);
        const histories = await (await openHush(ctx)).secretLog({ ...(name !== undefined ? { name } : {}), ...(n !== undefined ? { maxCount: n } : {}) });
        if (opts.json) return printJson(ctx.output, histories);
        if (!histories.length) return ctx.output.err(name ? `hush: no commits touch secret "${name}"\n` : "hush: no commits touch the secrets directory\n");
        printLines(ctx.output, histories.flatMap(historyLines));
      }),
    );

  program
    .command("access")
    .description("who can read which secret, from recipients (no private key); stale recipients and missing readers")
    .option("--user <name>", "what this user (or age1... recipient) can read: what their departure exposes")
    .option("--json", "print as JSON")
    .action((opts: { user?: string; json?: boolean }) =>
      runAction(context(), "hush", async () => {
        const ctx = context();
        const hush = await openHush(ctx);
        const result = opts.user !== undefined ? await hush.userAccess(opts.user) : await hush.access();
        if (opts.json) return printJson(ctx.output, result);
        printLines(ctx.output, "readable" in result ? exposureLines(result) : matrixLines(result));
      }),
    );

  const exp = program.command("export").description("export secrets for other tools");
  exp
    .command("k8s <name>")
    .description("a Kubernetes Secret manifest (stringData) on stdout; --sops: encrypted to the same recipients, for Flux")
    .option("--namespace <ns>", "metadata.namespace")
    .option("--name <name>", "metadata.name (default: the secret name, lower case, _ as -)")
    .option("--sops", "encrypt stringData with sops (encrypted_regex ^(data|stringData)$)")
    .option("--scope <scope>", "user or shared (default: yours first, then shared)")
    .action((name: string, opts: { namespace?: string; name?: string; sops?: boolean; scope?: string }) =>
      runAction(context(), "hush", async () => {
        const ctx = context();
        const scope = scopeOf(opts.scope);
        const r = await (await openHush(ctx)).exportK8s(name, {
          sops: opts.sops ?? false,
          ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
          ...(opts.name !== undefined ? { manifestName: opts.name } : {}),
          ...scope,
        });
        ctx.output.out(r.text);
      }),
    );
}

function who(r: NamedRecipient): string {
  const shown = shortSsh(r.recipient);
  if (!r.users.length) return `${shown} (no user)`;
  return `${r.users.join(", ")}${r.former ? ", since removed from .hush.yaml" : ""} (${shown})`;
}

/** An SSH recipient's key shortened for a log line (an RSA key is ~370 characters); `--json` keeps it whole. */
function shortSsh(recipient: string): string {
  const [type, base64, ...comment] = recipient.split(" ");
  if (!type?.startsWith("ssh-") || base64 === undefined || base64.length <= 24) return recipient;
  return [type, `${base64.slice(0, 12)}…${base64.slice(-6)}`, ...comment].join(" ");
}

function historyLines(h: SecretHistory): string[] {
  const owner = h.scope === "user" ? `user ${h.user ?? ""}` : "shared";
  const lines = [`${h.file}  (${h.name}, ${owner})`];
  for (const c of h.commits) {
    lines.push(`  ${c.commit.slice(0, 10)}  ${c.date}  ${c.author} <${c.email}>  ${c.subject}`);
    const parts: string[] = [];
    if (c.renamedFrom) parts.push(`renamed from ${c.renamedFrom}`);
    else if (c.created) parts.push("created");
    if (c.renamedTo) parts.push(`renamed to ${c.renamedTo}`);
    else if (c.deleted) parts.push("deleted");
    // A rename moves the file as it is: its keys and recipients are not news.
    const moved = c.renamedFrom !== undefined || c.renamedTo !== undefined;
    if (moved) {
      lines.push(`      ${parts.join("; ")}`);
      continue;
    }
    if (c.added.length) parts.push(`keys added: ${c.added.join(", ")}`);
    if (c.changed.length) parts.push(`changed: ${c.changed.join(", ")}`);
    if (c.removed.length) parts.push(`removed: ${c.removed.join(", ")}`);
    if (c.recipientsAdded.length) parts.push(`access granted: ${c.recipientsAdded.map(who).join("; ")}`);
    if (c.recipientsRemoved.length) parts.push(`access removed: ${c.recipientsRemoved.map(who).join("; ")}`);
    // A merge whose result differs from every parent: what it changed relative to the first parent.
    const short = c.parents.map((p) => p.slice(0, 10));
    const merge = c.merge ? `merge of ${short.join(" + ")}, vs ${short[0] ?? ""}: ` : "";
    lines.push(`      ${merge}${parts.length ? parts.join("; ") : "re-encrypted (no key or recipient change)"}`);
  }
  return lines;
}

function matrixLines(m: AccessMatrix): string[] {
  const rows = m.secrets.map((s) => {
    const where = s.scope === "user" ? `user:${s.user ?? ""}` : "shared";
    const notes: string[] = [];
    if (s.staleRecipients.length) notes.push(`stale recipients: ${s.staleRecipients.join(", ")}`);
    if (s.missingUsers.length) notes.push(`missing: ${s.missingUsers.join(", ")}`);
    if (s.unexpectedReaders.length) notes.push(`should not read: ${s.unexpectedReaders.join(", ")}`);
    if (s.escrow.length) notes.push("escrow");
    return [s.name, where, s.readers.join(", ") || "(none)", notes.join("; ")];
  });
  const lines = rows.length ? columns([["NAME", "SCOPE", "READERS", "NOTES"], ...rows]) : [];
  const c = m.counts;
  lines.push(`${c.secrets} secrets, ${m.users.length} users; ${c.withStaleRecipients} with stale recipients, ${c.withMissingUsers} missing a reader, ${c.withUnexpectedReaders} readable by someone .hush.yaml does not list`);
  return lines;
}

function exposureLines(e: UserExposure): string[] {
  const rows = e.readable.map((s) => [s.name, s.scope === "user" ? `user:${s.user ?? ""}` : "shared", s.file]);
  const lines = rows.length ? columns([["NAME", "SCOPE", "FILE"], ...rows]) : [];
  lines.push(`${e.user} can decrypt ${e.readable.length} secret${e.readable.length === 1 ? "" : "s"} now (and every older version in git history): rotate these values at their source if ${e.user} leaves`);
  return lines;
}
