/**
 * `hush run [--with-secrets [NAMES]] [--stack S] [--env-file F] [--no-mask] [--keep-env] [--allow-env VARS] [--pass-keys] [--as USER] -- CMD ARGS...`
 * Declarations only: the action lazy-imports the facade. Everything after
 * CMD is the child's own (passThroughOptions), so its flags are never parsed here.
 */
import type { Command } from "commander";
import type { ContextFactory } from "../context.js";
import { runAction } from "../context.js";
import { openHush, withAs } from "../open-hush.js";
import { warn } from "../output.js";

interface RunFlags {
  withSecrets?: string | true;
  stack?: string;
  envFile?: string;
  mask: boolean;
  keepEnv?: boolean;
  allowEnv?: string[];
  passKeys?: boolean;
  as?: string;
}

/** Declares this area's commands; actions lazy-import what they run. */
export function registerRunCommand(program: Command, context: ContextFactory): void {
  program
    .command("run")
    .usage("[--with-secrets [NAME,...]] [--stack S] [--env-file F] [--no-mask] [--keep-env] [--allow-env VAR,...] [--pass-keys] [--as USER] -- CMD [ARGS...]")
    .description("run a command with its secrets in the environment and its output masked")
    .option("--with-secrets [names]", "export the stack's env map; with a comma-separated list, also: NAME (every key as NAME_KEY), NAME.* (every key under its own name), VAR=NAME.KEY (one key as VAR)")
    .option("--stack <stack>", "the stack to use (default: default_stack of .hush.yaml)")
    .option("--env-file <file>", "export VAR={{name.key}} lines of a dotenv-style file")
    .option("--no-mask", "do not mask secret values in the output (stdio inherited: a terminal stays a terminal)")
    .option("--keep-env", "keep a variable already set in the environment instead of the secret's value")
    .option("--allow-env <vars>", "let --with-secrets NAME_KEY exports set these startup variables (LD_PRELOAD, NODE_OPTIONS, PATH...), comma-separated; repeatable", collectNames)
    .option("--pass-keys", "pass hush's key variables (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, SOPS_AGE_SSH_PRIVATE_KEY_*) on to the command (a command that runs sops)")
    .option("--as <user>", "act as this user (the global --as, also accepted here)")
    .argument("[command...]", "the command and its arguments (after --)")
    .passThroughOptions()
    .action((command: string[], flags: RunFlags) => {
      const ctx = context();
      return runAction(ctx, "run", async () => {
        const [cmd, ...args] = command;
        if (cmd === undefined || cmd === "") {
          const { HushError } = await import("../../errors.js");
          throw new HushError("USAGE", "no command to run", { hint: "write it after --: hush run --with-secrets -- CMD ARGS..." });
        }
        // The run says the identities' warnings itself (onWarning), before the child starts.
        const hush = await openHush(withAs(ctx, flags.as), { warnIdentities: false });
        // `--with-secrets python3 train.py`: "python3" read as a secret. Only when no such secret exists is it a forgotten `--`.
        const { forgottenDashDash } = await import("../forgot-dashdash.js");
        const forgot = typeof flags.withSecrets === "string" ? forgottenDashDash(ctx.argv, ctx.env) : undefined;
        if (forgot && !(await hush.findSecret(forgot.name).then(() => true, () => false))) {
          const { HushError } = await import("../../errors.js");
          throw new HushError("USAGE", `--with-secrets: "${forgot.name}" is not a secret here: did you forget "--" before the command`, { hint: `run: ${forgot.corrected}` });
        }
        return hush.run({
          command: cmd,
          args,
          cwd: ctx.cwd,
          ...(flags.withSecrets !== undefined ? { withSecrets: namesOf(flags.withSecrets) } : {}),
          ...(flags.stack !== undefined ? { stack: flags.stack } : {}),
          ...(flags.envFile !== undefined ? { envFile: flags.envFile } : {}),
          mask: flags.mask,
          keepEnv: flags.keepEnv ?? false,
          allowEnv: flags.allowEnv ?? [],
          passKeys: flags.passKeys ?? false,
          onWarning: (message) => warn(ctx.output, message),
        });
      });
    });
}

/** `--with-secrets` alone is `true`; `--with-secrets a,b` is a list. */
function namesOf(value: string | true): true | string[] {
  if (value === true) return true;
  const names = value.split(",").map((n) => n.trim()).filter(Boolean);
  return names.length ? names : true;
}

/** `--allow-env A,B --allow-env C`: every name, in order. */
function collectNames(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(",").map((n) => n.trim()).filter(Boolean)];
}
