/**
 * sops's own commands: `hush encrypt / decrypt / edit / set / unset /
 * updatekeys / rotate / exec-env / exec-file / filestatus FILE`, with sops's flags and exit codes
 * (spec §9). Declarations only: each action lazy-imports the library's `sops`
 * namespace (hush.ts) and prints what it returns.
 */
import type { Command } from "commander";
import type { ContextFactory } from "../context.js";
import type { CliContext } from "../context.js";
import type { FileContext, OutputTarget, SelectionFlags } from "../../index.js";
import { HushError } from "../../errors.js";
import { runAction } from "../context.js";
import { exitStatusForSignal } from "../exit-codes.js";
import { processOutput, say, warn } from "../output.js";
import { printable } from "../printable.js";
import { decryptionOrderOption, indentFlag, indentOption, layoutOptions, layoutSettings, orderSetting, type LayoutFlags, type OrderFlags } from "./sops-flags.js";

interface CommonFlags {
  inputType?: string;
  verbose?: boolean;
}
interface TrustFlags {
  trustFileSelection?: boolean;
}
interface WriteFlags {
  inPlace?: boolean;
  output?: string;
}
interface EncryptFlags {
  age?: string;
  config?: string;
  encryptedRegex?: string;
  unencryptedRegex?: string;
  encryptedSuffix?: string;
  unencryptedSuffix?: string;
  encryptedCommentRegex?: string;
  unencryptedCommentRegex?: string;
  macOnlyEncrypted?: boolean;
}

type Register = (program: Command, context: ContextFactory) => void;

/** Each command's declaration, in help order: a run declares only the command it was given. */
/** exec-env / exec-file: sops passes its whole environment on; hush keeps its keys from the command unless asked. */
const PASS_KEYS_HELP = "pass hush's key variables (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, SOPS_AGE_SSH_PRIVATE_KEY_*) on to the command, as sops does";

const SOPS_COMMANDS: Record<string, Register> = {
  encrypt(program, context) {
    const encrypt = program.command("encrypt").argument("<file>", "plaintext file, or - for stdin").description("encrypt a file as sops does (recipients from --age, SOPS_AGE_RECIPIENTS or .sops.yaml)");
    indentOption(writeOptions(encryptOptions(common(encrypt))).option("--output-type <type>", "yaml, json, dotenv, ini or binary (default: the input type)").option("--filename-override <path>", "treat stdin as this path (format and creation rule)"));
    encrypt.action((file: string, flags: CommonFlags & WriteFlags & EncryptFlags & LayoutFlags & { outputType?: string; filenameOverride?: string }) =>
      run(context, flags, async (ctx, fc) => {
        const { sops } = await import("../../hush.js");
        sops.checkOutputTarget(file, flags);
        const indent = indentFlag(flags);
        const stdin = file === "-" ? await readStdin() : undefined;
        const r = await sops.encrypt({ ...fc, file, ...target(flags), ...typeFlags(flags), ...encryptSettings(flags), ...indent, ...(stdin ? { stdin } : {}), ...(flags.filenameOverride ? { filenameOverride: flags.filenameOverride } : {}) });
        await toStdout(ctx, r);
      }),
    );
  },
  decrypt(program, context) {
    const decrypt = program.command("decrypt").argument("<file>", "sops file, or - for stdin").description("decrypt a sops file to stdout (or --output / -i)");
    layoutOptions(decryptionOrderOption(writeOptions(common(decrypt))))
      .option("--output-type <type>", "yaml, json, dotenv, ini or binary (default: the input type)")
      .option("--extract <path>", `only this value, e.g. '["db"]["password"]'`)
      .option("--ignore-mac", "do not check the MAC")
      .option("--filename-override <path>", "treat stdin as this path (its format)");
    decrypt.action((file: string, flags: CommonFlags & WriteFlags & OrderFlags & LayoutFlags & { outputType?: string; extract?: string; ignoreMac?: boolean; filenameOverride?: string }) =>
      run(context, flags, async (ctx, fc) => {
        const { sops } = await import("../../hush.js");
        sops.checkOutputTarget(file, flags);
        const layout = layoutSettings(flags);
        const stdin = file === "-" ? await readStdin() : undefined;
        const r = await sops.decrypt({ ...fc, file, ...target(flags), ...typeFlags(flags), ...orderSetting(flags), ...layout, ...(stdin ? { stdin } : {}), ...(flags.extract !== undefined ? { extract: flags.extract } : {}), ignoreMac: flags.ignoreMac ?? false, ...(flags.filenameOverride ? { filenameOverride: flags.filenameOverride } : {}) });
        await toStdout(ctx, r);
      }),
    );
  },
  edit(program, context) {
    const edit = program.command("edit").argument("<file>").description("edit a sops file in $SOPS_EDITOR / $EDITOR (a new file starts from an example)");
    trustOption(indentOption(decryptionOrderOption(encryptOptions(common(edit)))))
      .option("--ignore-mac", "do not check the MAC")
      .option(
        "-s, --show-master-keys",
        "also show the file's sops section (age entries, MAC, version) in the editor; value changes are saved, a changed sops section is refused (sops 3.10-3.13 drop every edit made in this mode)",
      );
    edit.action((file: string, flags: CommonFlags & EncryptFlags & OrderFlags & LayoutFlags & TrustFlags & { ignoreMac?: boolean; showMasterKeys?: boolean }) =>
      run(context, flags, async (ctx, fc) => {
        const indent = indentFlag(flags);
        const { sops } = await import("../../hush.js");
        const r = await sops.edit({ ...fc, file, ...typeFlags(flags), ...encryptSettings(flags), ...orderSetting(flags), ...indent, ignoreMac: flags.ignoreMac ?? false, showMasterKeys: flags.showMasterKeys ?? false, ...trustSetting(flags) });
        if (r.status === "unchanged") throw new HushError("FILE_UNCHANGED", "the file has not changed; nothing written", { file });
        if (r.status === "interrupted") {
          ctx.output.err(`hush: interrupted by ${r.signal}; ${file} was not changed and the plaintext copy was removed\n`);
          return exitStatusForSignal(r.signal);
        }
      }),
    );
  },
  set(program, context) {
    const set = program.command("set").argument("<file>").argument("<path>", `e.g. '["db"]["password"]'`).argument("[value]", "the value as JSON (or a file with --value-file)").description("set one value in place; every other value keeps its ciphertext");
    trustOption(layoutOptions(decryptionOrderOption(common(set))))
      .option("--value-file", "the value argument is a file holding the JSON value")
      .option("--value-stdin", "read the JSON value from stdin")
      .option("--idempotent", "accepted for sops compatibility: an unchanged value never rewrites the file")
      .option("--ignore-mac", "do not check the MAC");
    set.action((file: string, path: string, value: string | undefined, flags: CommonFlags & OrderFlags & LayoutFlags & TrustFlags & { valueFile?: boolean; valueStdin?: boolean; idempotent?: boolean; ignoreMac?: boolean }) =>
      run(context, flags, async (ctx, fc) => {
        if (flags.valueFile && flags.valueStdin) throw new HushError("CONFLICTING_OPTIONS", "--value-file and --value-stdin cannot be used together");
        const layout = layoutSettings(flags);
        let json: string;
        if (flags.valueStdin) {
          if (value !== undefined) throw new HushError("USAGE", "with --value-stdin give no value argument");
          json = Buffer.from(await readStdin()).toString("utf8");
        } else if (value === undefined) {
          throw new HushError("USAGE", "set needs a value", { hint: `hush set FILE '["key"]' '"value"'` });
        } else {
          json = value;
        }
        const { sops } = await import("../../hush.js");
        const r = await sops.set({ ...fc, file, path, value: json, ...(flags.valueFile ? { valueFile: true } : {}), ...typeFlags(flags), ...orderSetting(flags), ...layout, ignoreMac: flags.ignoreMac ?? false, ...trustSetting(flags) });
        if (!r.changed && (flags.verbose || ctx.verbose)) ctx.output.err(`hush: ${file} already holds this value; not rewritten\n`);
      }),
    );
  },
  unset(program, context) {
    const unset = program.command("unset").argument("<file>").argument("<path>", `e.g. '["db"]["password"]'`).description("remove one value in place");
    trustOption(layoutOptions(decryptionOrderOption(common(unset)))).option("--idempotent", "a missing path is not an error").option("--ignore-mac", "do not check the MAC");
    unset.action((file: string, path: string, flags: CommonFlags & OrderFlags & LayoutFlags & TrustFlags & { idempotent?: boolean; ignoreMac?: boolean }) =>
      run(context, flags, async (_ctx, fc) => {
        const layout = layoutSettings(flags);
        const { sops } = await import("../../hush.js");
        await sops.unset({ ...fc, file, path, ...typeFlags(flags), ...orderSetting(flags), ...layout, idempotent: flags.idempotent ?? false, ignoreMac: flags.ignoreMac ?? false, ...trustSetting(flags) });
      }),
    );
  },
  updatekeys(program, context) {
    const updatekeys = program.command("updatekeys").argument("<files...>").description("make each file's recipients those of its .sops.yaml creation rule (values untouched)");
    trustOption(common(updatekeys).option("-y, --yes", "do not ask").option("--config <file>", "use this .sops.yaml (also SOPS_CONFIG)"))
      .option("--drop-foreign-keys", "when the key groups change shape (a new data key), drop the file's pgp/kms/... entries, which hush cannot wrap for");
    updatekeys.action((files: string[], flags: CommonFlags & TrustFlags & { yes?: boolean; config?: string; dropForeignKeys?: boolean }) =>
      run(context, flags, async (ctx, fc) => {
        const { sops } = await import("../../hush.js");
        const { stdinLineReader } = await import("../prompt.js");
        const reader = flags.yes ? undefined : stdinLineReader();
        for (const file of files) {
          const r = await sops.updateKeys({
            ...fc,
            file,
            ...typeFlags(flags),
            ...(flags.config !== undefined ? { configFile: flags.config } : {}),
            ...trustSetting(flags),
            ...(flags.dropForeignKeys ? { dropForeignKeys: true } : {}),
            ...(reader
              ? {
                  confirm: async (change) => {
                    const lines = [`The following changes will be made to the file's groups:`, ...change.added.map((r) => `+++ ${r}`), ...change.removed.map((r) => `--- ${r}`)];
                    if (change.regroup) lines.push("the key groups change shape: the data key is re-split and every entry re-wrapped");
                    ctx.output.err(lines.map(printable).join("\n") + "\n");
                    const answer = await reader.ask("Is this okay? (y/n): ");
                    return answer?.trim().toLowerCase() === "y";
                  },
                }
              : {}),
          });
          ctx.output.err(r.written ? `hush: ${file}: keys updated (+${r.added.length} -${r.removed.length}${r.regroup ? ", key groups re-split" : ""})\n` : !r.changed ? `hush: ${file}: already up to date\n` : `hush: ${file}: not changed\n`);
        }
      }),
    );
  },
  rotate(program, context) {
    const rotate = program.command("rotate").argument("<file>").description("new data key, every value re-encrypted; to stdout unless -i");
    trustOption(layoutOptions(decryptionOrderOption(writeOptions(common(rotate))))).option("--add-age <recipients>", "comma-separated age recipients to add").option("--rm-age <recipients>", "comma-separated age recipients to remove")
      .option("--drop-foreign-keys", "drop the file's pgp/kms/... entries, which the new data key cannot be wrapped for (refused without it)");
    rotate.action((file: string, flags: CommonFlags & WriteFlags & OrderFlags & LayoutFlags & TrustFlags & { addAge?: string; rmAge?: string; dropForeignKeys?: boolean }) =>
      run(context, flags, async (ctx, fc) => {
        const { sops } = await import("../../hush.js");
        sops.checkOutputTarget(file, flags);
        const layout = layoutSettings(flags);
        const r = await sops.rotate({ ...fc, file, ...target(flags), ...typeFlags(flags), ...orderSetting(flags), ...layout, ...(flags.addAge ? { addAge: flags.addAge } : {}), ...(flags.rmAge ? { rmAge: flags.rmAge } : {}), ...trustSetting(flags), ...(flags.dropForeignKeys ? { dropForeignKeys: true } : {}) });
        await toStdout(ctx, r);
      }),
    );
  },
  "exec-env"(program, context) {
    const execEnv = program
      .command("exec-env")
      .argument("<file>", "sops file")
      .argument("<command>", "one command line, run by /bin/sh -c")
      .description("run a command with the file's top-level string values as environment variables (nothing written to disk)");
    decryptionOrderOption(common(execEnv))
      .option("--pristine", "the command gets only the file's variables, not hush's environment")
      .option("--pass-keys", PASS_KEYS_HELP)
      .option("--background", "start the command with no stdio and do not wait for it (deprecated in sops)");
    execEnv.action((file: string, command: string, flags: CommonFlags & OrderFlags & { pristine?: boolean; passKeys?: boolean; background?: boolean }) =>
      run(context, flags, async (ctx, fc) => {
        if (flags.background) warn(ctx.output, "--background is deprecated (as in sops); background the command with your shell instead");
        const { sops } = await import("../../hush.js");
        return sops.execEnv({ ...fc, file, command, ...typeFlags(flags), ...orderSetting(flags), pristine: flags.pristine ?? false, passKeys: flags.passKeys ?? false, background: flags.background ?? false });
      }),
    );
  },
  "exec-file"(program, context) {
    const execFile = program
      .command("exec-file")
      .argument("<file>", "sops file")
      .argument("<command>", "one command line, run by /bin/sh -c; each {} becomes the plaintext's path")
      .description("run a command with the plaintext at a temporary path: a named pipe (default) or a 0600 file, removed afterwards");
    layoutOptions(decryptionOrderOption(common(execFile)))
      .option("--output-type <type>", "yaml, json, dotenv, ini or binary (default: the input type)")
      .option("--no-fifo", "use a 0600 file in a private temp dir instead of a named pipe")
      .option("--filename <name>", "the name inside the temp dir (default: tmp-file)")
      .option("--pass-keys", PASS_KEYS_HELP)
      .option("--background", "start the command with no stdio and do not wait for it to finish (deprecated in sops)");
    execFile.action((file: string, command: string, flags: CommonFlags & OrderFlags & LayoutFlags & { outputType?: string; fifo: boolean; filename?: string; passKeys?: boolean; background?: boolean }) =>
      run(context, flags, async (ctx, fc) => {
        const layout = layoutSettings(flags);
        if (flags.background) warn(ctx.output, "--background is deprecated (as in sops); background the command with your shell instead");
        const { sops } = await import("../../hush.js");
        return sops.execFile({ ...fc, file, command, ...typeFlags(flags), ...orderSetting(flags), ...layout, fifo: flags.fifo, ...(flags.filename !== undefined ? { filename: flags.filename } : {}), passKeys: flags.passKeys ?? false, background: flags.background ?? false });
      }),
    );
  },
  filestatus(program, context) {
    const filestatus = program.command("filestatus").argument("<file>").description(`print {"encrypted":true} or {"encrypted":false}`);
    common(filestatus);
    filestatus.action((file: string, flags: CommonFlags) =>
      run(context, flags, async (ctx, fc) => {
        const { sops } = await import("../../hush.js");
        ctx.output.out(JSON.stringify(await sops.fileStatus({ ...fc, file, ...typeFlags(flags) })) + "\n");
      }),
    );
  },
};

/** Declares this area's commands (or only `only`); actions lazy-import what they run. */
export function registerSopsCommands(program: Command, context: ContextFactory, only?: string): void {
  const one = only !== undefined && Object.hasOwn(SOPS_COMMANDS, only) ? SOPS_COMMANDS[only] : undefined;
  if (one) one(program, context);
  else for (const register of Object.values(SOPS_COMMANDS)) register(program, context);
}

function common(cmd: Command): Command {
  return cmd.option("--input-type <type>", "yaml, json, dotenv, ini or binary (default: by the file's suffix)").option("--verbose", "say which config, rule and identities were used");
}

function writeOptions(cmd: Command): Command {
  return cmd.option("-i, --in-place", "write the result over the input file").option("--output <file>", "write the result to this file");
}

function encryptOptions(cmd: Command): Command {
  return cmd
    .option("--age <recipients>", "comma-separated age recipients (also SOPS_AGE_RECIPIENTS); overrides .sops.yaml's keys")
    .option("--config <file>", "use this .sops.yaml (also SOPS_CONFIG)")
    .option("--encrypted-regex <re>", "encrypt only values under keys matching this")
    .option("--unencrypted-regex <re>", "leave values under keys matching this in clear")
    .option("--encrypted-suffix <suffix>", "encrypt only values under keys ending with this")
    .option("--unencrypted-suffix <suffix>", "leave values under keys ending with this in clear (default _unencrypted)")
    .option("--encrypted-comment-regex <re>", "encrypt only values after a comment matching this")
    .option("--unencrypted-comment-regex <re>", "leave values after a comment matching this in clear")
    .option("--mac-only-encrypted", "the MAC covers only encrypted values");
}

/** `--trust-file-selection` for the commands that rewrite an existing file (selection-guard.ts). */
function trustOption(cmd: Command): Command {
  return cmd.option(
    "--trust-file-selection",
    "rewrite the file with the selection its sops block records (encrypted_regex, unencrypted_suffix, ...) even where it differs from its .sops.yaml creation rule's; without it hush refuses, since the MAC does not cover those fields and any committer can change them (never lifted for hush store files)",
  );
}

function trustSetting(flags: TrustFlags): { trustFileSelection?: boolean } {
  return flags.trustFileSelection ? { trustFileSelection: true } : {};
}

function run(context: ContextFactory, flags: CommonFlags, action: (ctx: CliContext, fc: FileContext) => Promise<number | void>): Promise<void> {
  const ctx = context();
  const verbose = ctx.verbose || flags.verbose === true;
  const fc: FileContext = {
    cwd: ctx.cwd,
    env: ctx.env,
    onWarning: (message) => warn(ctx.output, message),
    ...(verbose ? { onVerbose: (line: string) => say(ctx.output, line) } : {}),
  };
  return runAction(ctx, "sops", () => action(ctx, fc));
}

function typeFlags(flags: { inputType?: string; outputType?: string }): { inputType?: string; outputType?: string } {
  return { ...(flags.inputType !== undefined ? { inputType: flags.inputType } : {}), ...(flags.outputType !== undefined ? { outputType: flags.outputType } : {}) };
}

function encryptSettings(flags: EncryptFlags): { age?: string; configFile?: string; selection: SelectionFlags; macOnlyEncrypted?: boolean } {
  const selection: SelectionFlags = {};
  if (flags.encryptedRegex !== undefined) selection.encrypted_regex = flags.encryptedRegex;
  if (flags.unencryptedRegex !== undefined) selection.unencrypted_regex = flags.unencryptedRegex;
  if (flags.encryptedSuffix !== undefined) selection.encrypted_suffix = flags.encryptedSuffix;
  if (flags.unencryptedSuffix !== undefined) selection.unencrypted_suffix = flags.unencryptedSuffix;
  if (flags.encryptedCommentRegex !== undefined) selection.encrypted_comment_regex = flags.encryptedCommentRegex;
  if (flags.unencryptedCommentRegex !== undefined) selection.unencrypted_comment_regex = flags.unencryptedCommentRegex;
  return {
    selection,
    ...(flags.age !== undefined ? { age: flags.age } : {}),
    ...(flags.config !== undefined ? { configFile: flags.config } : {}),
    ...(flags.macOnlyEncrypted ? { macOnlyEncrypted: true } : {}),
  };
}

/** `-i` / `--output` as the library's output target. */
function target(flags: WriteFlags): OutputTarget {
  return { ...(flags.inPlace ? { inPlace: true } : {}), ...(flags.output !== undefined ? { output: flags.output } : {}) };
}

/** A result no file was written for goes to stdout: raw bytes to the real stdout (binary files are not text); an in-process caller's Output gets text. */
async function toStdout(ctx: CliContext, result: { bytes: Uint8Array; written?: string }): Promise<void> {
  if (result.written !== undefined) return;
  if (ctx.output !== processOutput) return ctx.output.out(Buffer.from(result.bytes).toString("utf8"));
  await new Promise<void>((resolve, reject) => process.stdout.write(result.bytes, (e) => (e ? reject(e) : resolve())));
}

async function readStdin(): Promise<Uint8Array> {
  const { readAll } = await import("../prompt.js");
  return readAll(process.stdin);
}
