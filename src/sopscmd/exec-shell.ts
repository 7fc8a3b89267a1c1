/**
 * How `exec-env` and `exec-file` start their COMMAND, as sops does
 * (cmd/sops/subcommand/exec): one string run by `/bin/sh -c`, stdin, stdout
 * and stderr inherited, and hush exiting with its status — or, with
 * `--background`, started with no stdio and not waited for.
 *
 * Signals go further than in sops (which forwards none): SIGINT, SIGTERM and
 * SIGHUP to hush are passed on. `sh -c` forks its commands (dash does not
 * exec the last one), so a signal to the shell alone would end the shell
 * and orphan the command. Without a terminal the shell therefore leads its
 * own process group, the signal goes to the group, and the shell is given
 * `trap 'exit $?'` for those signals first: it waits for the command and
 * exits with the command's status instead of dying at once (the trap is
 * reset for the commands it starts). With a terminal, the shell stays in the
 * terminal's session, so the command can use it (/dev/tty, job control) and
 * Ctrl-C reaches it from the terminal; a forwarded signal goes to the shell.
 */
import type { ChildProcess } from "node:child_process";
import { runChild, startInBackground } from "../sys/spawn.js";
import { FORWARDED_SIGNALS } from "../sys/signals.js";

/** The shell sops runs COMMAND with. */
export const SHELL = "/bin/sh";

export interface ShellCommand {
  /** The command line, given to `sh -c` as it is. */
  command: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** hush runs on a terminal (default: any of stdin, stdout, stderr is one). */
  terminal?: boolean;
}

/**
 * Runs the command to the end and returns hush's exit status for it: its
 * code (127 when the shell finds no such command), or 128+N for signal N.
 * @throws HushError COMMAND_NOT_FOUND (exit 127) when there is no /bin/sh, INTERNAL
 */
export function runShell(run: ShellCommand): Promise<number> {
  const terminal = run.terminal ?? (process.stdin.isTTY === true || process.stdout.isTTY === true || process.stderr.isTTY === true);
  const script = terminal ? run.command : `${EXIT_WITH_COMMAND}; ${run.command}`;
  return runChild({ command: SHELL, args: ["-c", script], cwd: run.cwd, env: run.env, processGroup: !terminal });
}

/** A forwarded signal makes the shell exit with the status of the command it waits for (on the same line: error line numbers stay). */
const EXIT_WITH_COMMAND = `trap 'exit $?' ${FORWARDED_SIGNALS.map((s) => s.slice(3)).join(" ")}`;

/**
 * Starts the command with no stdio and does not wait for it (`--background`).
 * @throws HushError COMMAND_NOT_FOUND (exit 127) when there is no /bin/sh, INTERNAL
 */
export function startShellInBackground(run: Omit<ShellCommand, "terminal">): Promise<ChildProcess> {
  return startInBackground({ command: SHELL, args: ["-c", run.command], cwd: run.cwd, env: run.env });
}
