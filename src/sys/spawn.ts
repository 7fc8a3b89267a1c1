/**
 * Starting a child: no shell (argv exactly as given), stdin passed through,
 * stdout and stderr through a filter (`hush run`'s masker) — or inherited with
 * no filter, so a terminal stays a terminal. exec-env and exec-file start
 * their `/bin/sh -c` here too (see src/sopscmd/exec-shell.ts).
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import type { Readable, Transform, Writable } from "node:stream";
import { HushError } from "../errors.js";
import { processStatus } from "./exit-status.js";
import { forwardSignals } from "./signals.js";

export interface ChildOptions {
  command: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /**
   * Makes the filter each of the child's output streams passes through (the
   * run's masker); undefined: no filter, stdio inherited.
   */
  filterOutput?: () => Transform;
  /** Where filtered output goes (default: hush's own stdout and stderr). */
  stdout?: Writable;
  stderr?: Writable;
  /**
   * Start the child as the leader of its own process group and forward
   * signals to the whole group, so they reach what a shell child started
   * (`sh -c 'a; b'`). The child leaves hush's terminal session: only for
   * children that do not need the terminal.
   */
  processGroup?: boolean;
}

/**
 * Runs the child to the end and returns hush's exit status for it: the
 * child's code, or 128+N when it died of signal N.
 * @throws HushError COMMAND_NOT_FOUND (exit 127), COMMAND_NOT_EXECUTABLE (exit 126), INTERNAL when it cannot start for another reason
 */
export async function runChild(options: ChildOptions): Promise<number> {
  const filtering = options.filterOutput !== undefined;
  const child = spawnChecked(options, {
    stdio: ["inherit", filtering ? "pipe" : "inherit", filtering ? "pipe" : "inherit"],
    detached: options.processGroup === true,
  });
  const exited = new Promise<number>((resolve) => child.once("exit", (code, signal) => resolve(processStatus(code, signal))));
  // From the moment the process exists (spawn() has forked), not from its "spawn" event: no signal slips through in between.
  const stopForwarding = forwardSignals(child, { group: options.processGroup === true });
  try {
    await started(child, options.command);
    const drained: Array<Promise<void>> = [];
    if (options.filterOutput && child.stdout && child.stderr) {
      drained.push(pipeFiltered(child.stdout, options.stdout ?? process.stdout, options.filterOutput()));
      drained.push(pipeFiltered(child.stderr, options.stderr ?? process.stderr, options.filterOutput()));
    }
    const status = await exited;
    // Output the child wrote just before exiting is still in the pipes.
    await Promise.all(drained);
    return status;
  } finally {
    stopForwarding();
  }
}

/** What `startInBackground` needs: `runChild`'s options without output handling. */
export type BackgroundChildOptions = Pick<ChildOptions, "command" | "args" | "cwd" | "env">;

/**
 * Starts the child with no stdio (all /dev/null) and does not wait for it:
 * hush may exit while it runs (sops's `exec-env --background`).
 * @throws HushError COMMAND_NOT_FOUND, COMMAND_NOT_EXECUTABLE, INTERNAL
 */
export async function startInBackground(options: BackgroundChildOptions): Promise<ChildProcess> {
  const child = spawnChecked(options, { stdio: "ignore" });
  await started(child, options.command);
  child.unref();
  return child;
}

/** node's spawn, its synchronous errors turned into a HushError. @throws HushError INTERNAL */
function spawnChecked(options: BackgroundChildOptions, how: Pick<SpawnOptions, "stdio" | "detached">): ChildProcess {
  try {
    return spawn(options.command, [...options.args], { cwd: options.cwd, env: options.env, ...how });
  } catch (error) {
    // Node's synchronous argument errors quote the offending value, which may be a secret: never pass them on.
    throw new HushError("INTERNAL", `cannot start ${options.command}: ${(error as NodeJS.ErrnoException).code ?? "invalid argument"}`);
  }
}

/** Resolves once the child runs; rejects with a one-line reason when it cannot start. */
function started(child: ChildProcess, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once("spawn", () => resolve());
    child.once("error", (error: NodeJS.ErrnoException) => reject(startError(error, command)));
  });
}

function startError(error: NodeJS.ErrnoException, command: string): HushError {
  switch (error.code) {
    case "ENOENT":
      return new HushError("COMMAND_NOT_FOUND", `command not found: ${command}`, { hint: "check the name and PATH (hush runs it without a shell)" });
    case "EACCES":
    case "ENOEXEC":
    case "EISDIR":
      return new HushError("COMMAND_NOT_EXECUTABLE", `cannot execute ${command}: ${error.code === "EACCES" ? "permission denied or a directory" : "not an executable format"}`, {
        hint: "check that it is an executable file (chmod +x, a #! line)",
      });
    case "E2BIG":
      return new HushError("INTERNAL", `cannot start ${command}: the environment is too large (E2BIG)`, { hint: "export fewer or smaller secrets" });
    default:
      return new HushError("INTERNAL", `cannot start ${command}: ${error.code ?? error.message}`, { cause: error });
  }
}

/** Child output -> filter -> destination, without ending the destination (it is hush's own stdout/stderr). */
function pipeFiltered(from: Readable, to: Writable, masker: Transform): Promise<void> {
  return new Promise((resolve) => {
    masker.once("end", () => resolve());
    // The reader went away (`hush run -- yes | head -1`): close the child's pipe
    // too, so the child gets EPIPE/SIGPIPE as it would without hush in between.
    to.once("error", () => {
      from.destroy();
      masker.destroy();
      resolve();
    });
    from.pipe(masker).pipe(to, { end: false });
  });
}
