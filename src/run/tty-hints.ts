/**
 * Keeping colours under masking. A masked child writes into a pipe and most
 * programs then turn their colours off (`op run`'s long-standing complaint).
 * When hush's own output is a terminal, tell the child so with the common
 * conventions, unless the user already decided (or asked for no colour).
 */

/** The variables to add so the child keeps colours and live output; empty when not on a terminal. */
export function terminalHints(env: NodeJS.ProcessEnv, outputIsTerminal: boolean): Record<string, string> {
  if (!outputIsTerminal || env.NO_COLOR !== undefined) return {};
  const hints: Record<string, string> = {};
  // FORCE_COLOR: Node, chalk, supports-color, rich; CLICOLOR_FORCE: BSD/macOS tools, many CLIs.
  if (env.FORCE_COLOR === undefined) hints.FORCE_COLOR = "1";
  if (env.CLICOLOR_FORCE === undefined) hints.CLICOLOR_FORCE = "1";
  // Python block-buffers a pipe: progress lines would arrive only at exit.
  if (env.PYTHONUNBUFFERED === undefined) hints.PYTHONUNBUFFERED = "1";
  return hints;
}
