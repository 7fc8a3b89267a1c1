/**
 * The named pipe of `exec-file` (sops `GetPipe` and `WritePipe`): the
 * plaintext goes through the kernel's pipe buffer to whoever opens the path,
 * once, and never onto disk.
 *
 * Node has no mkfifo(2), so the `mkfifo` program makes the pipe (its argv
 * holds only the path). Opening a pipe to write blocks until a reader opens
 * it, and a blocked open would hold one of libuv's few threads (and hush)
 * for as long as the command never reads; so hush tries a non-blocking open
 * every few milliseconds (ENXIO: no reader yet) and writes through a
 * non-blocking stream that can be dropped at any moment.
 */
import { execFile } from "node:child_process";
import { closeSync, constants, open } from "node:fs";
import { Socket } from "node:net";
import { HushError } from "../errors.js";

/** How often to look for a reader: soon at first, then backing off (a reader's open waits at most the last delay). */
const FIRST_POLL_MS = 2;
const MAX_POLL_MS = 100;

/**
 * Makes a named pipe, mode 0600, at `path`.
 * @throws HushError FIFO_FAILED when mkfifo is missing or fails
 */
export function makeFifo(path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile("mkfifo", ["-m", "600", "--", path], (error) => {
      if (!error) return resolve();
      const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
      reject(
        new HushError("FIFO_FAILED", missing ? "cannot make the named pipe: no mkfifo program on PATH" : `cannot make the named pipe: mkfifo failed (${String(error.code ?? "error")})`, {
          hint: "install coreutils' mkfifo, or use --no-fifo (a 0600 temp file)",
        }),
      );
    });
  });
}

export interface FifoFeed {
  /** Settles when the plaintext has been written and the pipe closed, or the reader went away; never rejects. */
  readonly done: Promise<"written" | "reader-gone">;
  /** Stops waiting for a reader and closes the pipe's write end (idempotent). */
  stop(): void;
}

/** Writes `bytes` once to the first reader of the pipe at `path`. */
export function feedFifo(path: string, bytes: Uint8Array): FifoFeed {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let socket: Socket | undefined;
  let delay = FIRST_POLL_MS;
  let settle: (how: "written" | "reader-gone") => void = () => {};
  const done = new Promise<"written" | "reader-gone">((resolve) => (settle = resolve));

  const attempt = (): void => {
    open(path, constants.O_WRONLY | constants.O_NONBLOCK, (error, fd) => {
      if (stopped) {
        if (!error) closeSync(fd);
        return;
      }
      if (error) {
        // ENXIO: nobody has the pipe open for reading yet. Anything else (the dir is gone): give up.
        if (error.code === "ENXIO") {
          timer = setTimeout(attempt, delay);
          delay = Math.min(delay * 2, MAX_POLL_MS);
        }
        else settle("reader-gone");
        return;
      }
      const stream = new Socket({ fd, readable: false, writable: true });
      socket = stream;
      let broken = false;
      stream.on("error", () => {
        broken = true; // EPIPE: the reader closed before reading everything
      });
      stream.on("close", () => settle(broken ? "reader-gone" : "written"));
      stream.end(bytes);
    });
  };
  attempt();

  return {
    done,
    stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      socket?.destroy();
      settle("reader-gone");
    },
  };
}
