/**
 * How a finished child becomes hush's own exit status: its code, or 128+N
 * when it died of signal N (the shell's convention, also `env` and `timeout`).
 */
import { constants } from "node:os";
import { RUN_STATUS } from "../cli/exit-codes.js";

/** The status for a child that exited with `code` or died of `signal`. */
export function exitStatusOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  if (signal !== null) return RUN_STATUS.signalBase + (constants.signals[signal] ?? 0);
  return RUN_STATUS.failedBeforeChild; // neither: node never reports this for a started child
}
