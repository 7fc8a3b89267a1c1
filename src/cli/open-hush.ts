/**
 * The one way a command opens the repository's facade (and `--as` given
 * after the subcommand, which decides as whom).
 */
import type { Hush } from "../index.js";
import { warn } from "./output.js";
import type { CliContext } from "./context.js";

/** `--as` given after the subcommand (positional options: the global one only counts before it). */
export function withAs(ctx: CliContext, as: string | undefined): CliContext {
  if (as !== undefined) ctx.as = as;
  return ctx;
}

/**
 * Opens the facade from the context's directory, as the context's user.
 * Warnings about the identities the command loaded (a key file others can
 * read...) are printed once it is done, unless `warnIdentities` is false: a
 * command that prints them itself (`hush run`, before its child starts).
 * @throws HushError CONFIG_NOT_FOUND, CONFIG_INVALID, USER_NOT_FOUND
 */
export async function openHush(ctx: CliContext, options: { warnIdentities?: boolean } = {}): Promise<Hush> {
  const { Hush } = await import("../hush.js");
  const hush = await Hush.open({ cwd: ctx.cwd, env: ctx.env, ...(ctx.as !== undefined ? { as: ctx.as } : {}) });
  if (options.warnIdentities !== false) {
    process.once("beforeExit", () => {
      void hush.identityWarnings().then((ws) => ws.forEach((w) => warn(ctx.output, w)));
    });
  }
  return hush;
}
