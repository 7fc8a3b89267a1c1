/**
 * Signal forwarding: while the child runs, SIGINT, SIGTERM and SIGHUP sent to
 * hush are passed on to the child instead of killing hush, so hush can wait
 * for the child, clean up its temp files, and exit with the child's status.
 */
import type { ChildProcess } from "node:child_process";

export const FORWARDED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const satisfies readonly NodeJS.Signals[];

export interface ForwardOptions {
  /** The child leads its own process group: signal the whole group (a shell's `sh -c` children too). */
  group?: boolean;
}

/** Forwards the signals to `child` (or its process group) until the returned function is called. */
export function forwardSignals(child: ChildProcess, options: ForwardOptions = {}): () => void {
  const handlers = FORWARDED_SIGNALS.map((signal) => {
    const handler = (): void => {
      // A terminal's Ctrl-C also reaches a child in hush's process group
      // directly; forwarding is what reaches it when only hush was signalled.
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      if (!options.group) {
        child.kill(signal);
        return;
      }
      try {
        process.kill(-child.pid, signal);
      } catch {
        // the group is already gone
      }
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}

/** What `holdSignals` returns: the first signal hush got while held, and the release. */
export interface HeldSignals {
  /** The first of the signals hush received since it held them. */
  readonly received: NodeJS.Signals | undefined;
  /** Gives the signals back their default action (or whoever else listens). */
  release(): void;
}

/**
 * While hush sets up or takes down something that must not be left behind
 * (a temp dir holding plaintext), SIGINT, SIGTERM and SIGHUP do not end hush:
 * they are recorded (and `onSignal` is told), so the caller can clean up and
 * exit 128+N itself. Forwarding to a child works alongside.
 */
export function holdSignals(onSignal?: (signal: NodeJS.Signals) => void): HeldSignals {
  let received: NodeJS.Signals | undefined;
  const handlers = FORWARDED_SIGNALS.map((signal) => {
    const handler = (): void => {
      received ??= signal;
      onSignal?.(signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return {
    get received() {
      return received;
    },
    release() {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    },
  };
}
