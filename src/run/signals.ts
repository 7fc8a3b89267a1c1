/**
 * Signal forwarding: while the child runs, SIGINT, SIGTERM and SIGHUP sent to
 * hush are passed on to the child instead of killing hush, so hush can wait
 * for the child, clean up its temp files, and exit with the child's status.
 */
import type { ChildProcess } from "node:child_process";

export const FORWARDED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const satisfies readonly NodeJS.Signals[];

/** Forwards the signals to `child` until the returned function is called. */
export function forwardSignals(child: ChildProcess): () => void {
  const handlers = FORWARDED_SIGNALS.map((signal) => {
    const handler = (): void => {
      // A terminal's Ctrl-C also reaches the child directly (same process
      // group); forwarding is what reaches it when only hush was signalled.
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
