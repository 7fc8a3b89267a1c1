/**
 * The shell's convention for how a process ended, as one number (POSIX sh
 * `$?`, also `env`, `timeout`, `docker run`): its exit code, or 128+N when
 * signal N killed it. An operating-system fact, not a choice of hush's: hush
 * hands on a child's status as the shell would report it, and exits as if
 * signal N had killed it when a signal cut it short. hush's own statuses
 * (1, 2, 3, 125-127, sops's numbers) are chosen in one place only,
 * src/cli/exit-codes.ts.
 */
import { constants } from "node:os";

/** Added to the signal's number (bash, dash, zsh, POSIX "greater than 128"). */
const SIGNAL_BASE = 128;

/** The status of a process killed by `signal`: 128 + its number (SIGINT 130, SIGKILL 137, SIGTERM 143). */
export function signalStatus(signal: NodeJS.Signals): number {
  return SIGNAL_BASE + (constants.signals[signal] ?? 0);
}

/**
 * The status of a finished process from node's `exit` event: `code`, else
 * `signalStatus(signal)`. Node always gives one of the two; were neither
 * given, 128 (a signal of unknown number, as for an unknown signal name).
 */
export function processStatus(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return signal !== null ? signalStatus(signal) : SIGNAL_BASE;
}
