/**
 * `hush init`, `hush keygen`, `hush user add|remove|list`, `hush whoami`.
 * Declarations only: each action lazy-imports the facade and prints its result.
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import type { ContextFactory } from "../context.js";
import { runAction } from "../context.js";
import { openHush, withAs } from "../open-hush.js";
import { printJson, printLines, warn } from "../output.js";

/** Declares this area's commands; actions lazy-import what they run. */
export function registerRepoCommands(program: Command, context: ContextFactory): void {
  program
    .command("init")
    .description("create .hush.yaml, secrets/, stacks/ and .sops.yaml, and add the current user")
    .option("--keygen", "also create an age key in the default key file")
    .option("--user <name>", "the first user's name (default: git user.name or $USER)")
    .option("--commit", "commit the new files")
    .option("--json", "print the result as JSON")
    .action((opts: { keygen?: boolean; user?: string; commit?: boolean; json?: boolean }) =>
      runAction(context(), "hush", async () => {
        const ctx = context();
        const { Hush } = await import("../../hush.js");
        const r = await Hush.init({ cwd: ctx.cwd, env: ctx.env, keygen: opts.keygen ?? false, commit: opts.commit ?? false, ...(opts.user !== undefined ? { user: opts.user } : {}) });
        if (r.keyFile) ctx.output.err(`hush: wrote a new age identity to ${r.keyFile} (public key ${r.recipient})\n`);
        for (const w of r.warnings) warn(ctx.output, w);
        if (opts.json) return printJson(ctx.output, { root: r.root, user: r.user ?? null, recipient: r.recipient ?? null, created: r.created, updated: r.updated });
        const lines = [`initialised hush repository in ${r.root}`, ...r.created.map((f) => `  created ${f}`), ...r.updated.map((f) => `  updated ${f} (hush's rules added in a marked block at the top; your rules kept as they were)`)];
        if (r.user) lines.push(`added user ${r.user} (${r.recipient})`);
        printLines(ctx.output, lines);
      }),
    );

  program
    .command("keygen")
    .description("write a new age identity (0600) to the default key file and print its recipient")
    .option("-o, --output <file>", "write to this file instead of the default key file")
    .option("-y <file>", "print the recipients of the identities in a key file instead (as age-keygen -y)")
    .option("--json", "print the result as JSON")
    .action((opts: { output?: string; y?: string; json?: boolean }) =>
      runAction(context(), "hush", async () => {
        const ctx = context();
        const { generateKeyFile, identitiesFromFile } = await import("../../index.js");
        if (opts.y !== undefined) {
          const file = resolve(ctx.cwd, opts.y);
          const set = await identitiesFromFile(file);
          for (const w of set.warnings) warn(ctx.output, w);
          const recipients = set.identities.map((i) => i.recipient);
          return opts.json ? printJson(ctx.output, { file, recipients }) : printLines(ctx.output, recipients);
        }
        const r = await generateKeyFile({ env: ctx.env, ...(opts.output !== undefined ? { output: resolve(ctx.cwd, opts.output) } : {}) });
        if (opts.json) return printJson(ctx.output, r);
        // The recipient alone on stdout, so that `$(hush keygen)` is the public key.
        ctx.output.err(`hush: wrote a new age identity to ${r.file}\n`);
        printLines(ctx.output, [r.recipient]);
      }),
    );

  const user = program.command("user").description("repository members and their age recipients");
  user
    .command("add")
    .argument("<name>")
    .argument("<recipients...>", "age recipients (age1..., or an SSH public key \"ssh-ed25519 AAAA...\" in quotes)")
    .description("add a user; every file they may now read gets their recipients (values untouched)")
    .option("--email <email>", "the user's git email (finds the active user)")
    .option("--commit", "commit exactly the changed files")
    .option("--json", "print the result as JSON")
    .option("--as <user>", "act as this user")
    .action((name: string, recipients: string[], opts: { email?: string; commit?: boolean; json?: boolean; as?: string }) =>
      runAction(context(), "hush", async () => {
        const ctx = withAs(context(), opts.as);
        const hush = await openHush(ctx);
        const r = await hush.addUser({ name, recipients, commit: opts.commit ?? false, ...(opts.email !== undefined ? { email: opts.email } : {}) });
        for (const w of r.warnings) warn(ctx.output, w);
        if (opts.json) return printJson(ctx.output, r);
        printLines(ctx.output, [`added user ${name}; re-wrapped ${r.secrets.length} secret file(s) (values untouched)`, ...shortList(r.secrets)]);
      }),
    );
  user
    .command("remove")
    .argument("<name>")
    .description("remove a user; every file they could read gets a new data key without them")
    .option("--commit", "commit exactly the changed files")
    .option("--json", "print the result as JSON")
    .option("--as <user>", "act as this user")
    .action((name: string, opts: { commit?: boolean; json?: boolean; as?: string }) =>
      runAction(context(), "hush", async () => {
        const ctx = withAs(context(), opts.as);
        const hush = await openHush(ctx);
        const r = await hush.removeUser(name, { commit: opts.commit ?? false });
        if (opts.json) return printJson(ctx.output, r);
        const lines = [`removed user ${name}; rotated ${r.secrets.length} file(s), deleted ${r.deleted.length} of their own`];
        if (r.seen.length) {
          lines.push(`${name} has seen the values of these secrets; change them at their source:`);
          lines.push(...r.seen.map((s) => `  ${s}`));
        }
        printLines(ctx.output, lines);
      }),
    );
  user
    .command("rekey")
    .argument("<name>")
    .argument("<recipients...>", "the user's new age recipients (age1..., or an SSH public key in quotes)")
    .description("give a user a new key: every file they may read is re-keyed to it, and every file their old key opened gets a new data key")
    .option("--commit", "commit .hush.yaml with exactly the changed files")
    .option("--json", "print the result as JSON")
    .option("--as <user>", "act as this user")
    .action((name: string, recipients: string[], opts: { commit?: boolean; json?: boolean; as?: string }) =>
      runAction(context(), "hush", async () => {
        const ctx = withAs(context(), opts.as);
        const r = await (await openHush(ctx)).rekeyUser(name, recipients, { commit: opts.commit ?? false });
        if (opts.json) return printJson(ctx.output, r);
        const commit = r.commit ? ` [commit ${r.commit.slice(0, 12)}]` : "";
        const lines = [`new key for user ${name}: rotated ${r.rotated.length} file(s) their old key opened, re-wrapped ${r.rewrapped.length}${commit}`, ...shortList([...r.rotated, ...r.rewrapped])];
        if (r.rotated.length) lines.push(`if the old key was lost or leaked, change the values of those secrets at their source`);
        printLines(ctx.output, lines);
      }),
    );
  user
    .command("sync")
    .description("after editing .hush.yaml by hand: regenerate .sops.yaml, add missing readers to files, rotate files a reader was taken off")
    .option("--commit", "commit .hush.yaml with exactly the changed files")
    .option("--json", "print the result as JSON")
    .action((opts: { commit?: boolean; json?: boolean }) =>
      runAction(context(), "hush", async () => {
        const ctx = context();
        const r = await (await openHush(ctx)).syncUsers({ commit: opts.commit ?? false });
        if (opts.json) return printJson(ctx.output, r);
        const what = [`re-wrapped ${r.rewrapped.length} file(s)`, `rotated ${r.rotated.length}`, ...(r.changed.includes(".sops.yaml") ? ["regenerated .sops.yaml"] : [])];
        const commit = r.commit ? ` [commit ${r.commit.slice(0, 12)}]` : "";
        const lines = r.changed.length ? [`synced with .hush.yaml: ${what.join(", ")}${commit}`, ...shortList([...r.rotated, ...r.rewrapped])] : ["already in sync with .hush.yaml"];
        if (r.rotated.length) lines.push("the readers taken off have seen the values of the rotated files; change them at their source");
        for (const f of r.orphaned) warn(ctx.output, `${f} belongs to a user not in .hush.yaml; left as it is (delete it, or add the user back)`);
        printLines(ctx.output, lines);
      }),
    );
  user
    .command("list")
    .description("list users and their recipients (reads no private key)")
    .option("--json", "print as JSON")
    .option("--as <user>", "act as this user")
    .action((opts: { json?: boolean; as?: string }) =>
      runAction(context(), "hush", async () => {
        const ctx = withAs(context(), opts.as);
        const users = await (await openHush(ctx)).listUsers();
        if (opts.json) return printJson(ctx.output, users);
        printLines(ctx.output, users.map((u) => `${u.active ? "*" : " "} ${u.name}${u.email ? ` <${u.email}>` : ""}  ${u.recipients.join(",")}`));
      }),
    );

  program
    .command("whoami")
    .description("the active user and how it was found")
    .option("--json", "print as JSON")
    .option("--as <user>", "act as this user")
    .action((opts: { json?: boolean; as?: string }) =>
      runAction(context(), "hush", async () => {
        const ctx = withAs(context(), opts.as);
        const me = await (await openHush(ctx)).whoami();
        if (opts.json) return printJson(ctx.output, me);
        printLines(ctx.output, [`${me.user} (${me.how})`]);
      }),
    );

  program
    .command("version")
    .description("print hush's version (as --version)")
    .option("--json", "print as JSON")
    .action((opts: { json?: boolean }) =>
      runAction(context(), "hush", async () => {
        const ctx = context();
        if (opts.json) return printJson(ctx.output, { version: program.version(), node: process.versions.node });
        printLines(ctx.output, [program.version() ?? ""]);
      }),
    );
}

/** Up to ten files, then a count: a thousand paths help nobody (--json has them all). */
function shortList(files: string[]): string[] {
  const shown = files.slice(0, 10).map((f) => `  ${f}`);
  return files.length > 10 ? [...shown, `  ... and ${files.length - 10} more`] : shown;
}
