/**
 * `hush exec-file FILE COMMAND` (sops `exec-file`): decrypt FILE, make the
 * plaintext readable at a path inside a private temp dir (0700), replace
 * every `{}` in COMMAND with that path, run COMMAND with `/bin/sh -c`, and
 * return its exit status.
 *
 * As sops (cmd/sops/subcommand/exec): by default the path is a named pipe
 * (0600) that hands the plaintext to its first reader, so it never touches
 * the disk; with `fifo: false` it is a 0600 file. The name is `filename`,
 * else `tmp-file` (the file gets a random number after it, as Go's
 * os.CreateTemp). The temp dir is removed however the run ends: the command
 * exits or is killed, hush gets SIGINT/SIGTERM/SIGHUP, or an error; after
 * SIGKILL of hush, by the next hush that makes a temp dir (src/private-temp.ts).
 *
 * Unlike sops: the path is shell-quoted where it replaces `{}` (see
 * command-template.ts), and hush's own key variables (SOPS_AGE_KEY...) are
 * not passed on unless asked (`passKeys`, src/keys/key-variables.ts).
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HushError } from "../errors.js";
import { privateTempDir } from "../sys/private-temp.js";
import { signalStatus } from "../sys/exit-status.js";
import { withoutKeyVariables } from "../keys/key-variables.js";
import { holdSignals } from "../sys/signals.js";
import { fillPathPlaceholders } from "./command-template.js";
import { decryptSopsFile } from "./decrypt-file.js";
import { runShell, startShellInBackground } from "./exec-shell.js";
import type { TypeOptions } from "./io-formats.js";
import type { DecryptionOrderOptions } from "./decryption-order.js";
import type { IdentityOptions } from "./file-identities.js";
import type { FileContext } from "./io.js";
import type { FifoFeed } from "./plaintext-fifo.js";
import type { LayoutOptions } from "./store-settings.js";

/** sops's name for the temp file (exec.FallbackFilename). */
export const DEFAULT_FILENAME = "tmp-file";

/** The plaintext is laid out as `decrypt` writes it (`.sops.yaml` stores section, `indent`). */
export interface ExecFileOptions extends Omit<TypeOptions, "filenameOverride">, IdentityOptions, DecryptionOrderOptions, LayoutOptions, FileContext {
  /** The sops file. */
  file: string;
  /** The command line; each `{}` becomes the plaintext's path. Run by `/bin/sh -c`. */
  command: string;
  /** A named pipe (default) or, false, a 0600 file (`--no-fifo`). */
  fifo?: boolean;
  /** The name inside the temp dir (`--filename`); one path component. */
  filename?: string;
  /** Pass hush's key variables (SOPS_AGE_KEY...) on to the command as sops does (`--pass-keys`); by default they are removed. */
  passKeys?: boolean;
  /**
   * Start the command with no stdio and do not wait for it (`--background`):
   * hush returns 0 once the command has read the pipe (or exited). Needs the pipe.
   */
  background?: boolean;
  /** hush runs on a terminal (default: any of its stdio is one); see exec-shell. */
  terminal?: boolean;
}

/**
 * Runs the command and returns hush's exit status for it: the command's
 * status, 128+N when it died of signal N (or hush got signal N before it
 * started); 0 with `background`. From the temp dir's creation to its removal,
 * SIGINT, SIGTERM and SIGHUP to this process are forwarded to the command (or
 * end the wait), not acted on.
 * @throws HushError before the command starts: USAGE (a bad filename or type), CONFLICTING_OPTIONS (background
 *   without the pipe), every error of `decryptSopsFile`, FIFO_FAILED, FILE_WRITE_FAILED; COMMAND_NOT_FOUND when there is no /bin/sh
 */
export async function execWithFile(options: ExecFileOptions): Promise<number> {
  const fifo = options.fifo ?? true;
  const filename = checkedFilename(options.filename);
  if (options.background && !fifo) {
    // sops starts the command and removes the file at once; hush would have to choose between that and leaving plaintext behind.
    throw new HushError("CONFLICTING_OPTIONS", "--background cannot be used with --no-fifo", {
      hint: "a background command reads the named pipe (drop --no-fifo), or background it with your shell (&)",
    });
  }
  const plaintext = await decryptSopsFile({ ...options, ignoreMac: false });

  let feed: FifoFeed | undefined;
  let wake: () => void = () => {};
  const held = holdSignals(() => wake());
  const dir = privateTempDir("exec");
  const remove = (): void => {
    feed?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  // Backstop for an exit path that skips the finally below (an uncaught error).
  process.on("exit", remove);
  try {
    let path: string;
    if (fifo) {
      path = join(dir, filename ?? DEFAULT_FILENAME);
      const { feedFifo, makeFifo } = await import("./plaintext-fifo.js");
      await makeFifo(path);
      feed = feedFifo(path, plaintext);
    } else {
      path = join(dir, filename ?? DEFAULT_FILENAME + randomSuffix());
      writePrivate(path, plaintext);
    }
    if (held.received) return signalStatus(held.received);

    const command = fillPathPlaceholders(options.command, path);
    const cwd = options.cwd ?? process.cwd();
    const parent = options.env ?? process.env;
    const env = options.passKeys ? parent : withoutKeyVariables(parent);
    if (!options.background) {
      return await runShell({ command, env, cwd, ...(options.terminal !== undefined ? { terminal: options.terminal } : {}) });
    }
    const child = await startShellInBackground({ command, env, cwd });
    // Stay until the command has the plaintext (or will never take it), then go: the pipe dies with hush.
    await new Promise<void>((resolve) => {
      wake = resolve;
      child.once("exit", () => resolve());
      void feed?.done.then(() => resolve());
    });
    return held.received ? signalStatus(held.received) : 0;
  } finally {
    remove();
    process.off("exit", remove);
    held.release();
  }
}

/** One path component, as sops 3.13 demands (earlier sops joined `../x` outside the temp dir). @throws HushError USAGE */
function checkedFilename(name: string | undefined): string | undefined {
  if (name === undefined || name === "") return undefined;
  if (name === "." || name === ".." || name.includes("/") || name.includes("\0")) {
    throw new HushError("USAGE", `--filename ${JSON.stringify(name)} is not a plain file name`, { hint: "give a name without '/', e.g. --filename secrets.json" });
  }
  return name;
}

/** A new 0600 file, refusing to follow or reuse anything already there. @throws HushError FILE_WRITE_FAILED */
function writePrivate(path: string, bytes: Uint8Array): void {
  try {
    writeFileSync(path, bytes, { mode: 0o600, flag: "wx" });
  } catch (error) {
    throw new HushError("FILE_WRITE_FAILED", `cannot write the temp file: ${(error as NodeJS.ErrnoException).code ?? "error"}`, { cause: error });
  }
}

/** Go's os.CreateTemp puts a random decimal number after the prefix. */
function randomSuffix(): string {
  return String(Math.floor(Math.random() * 2 ** 32));
}
