/**
 * What the check reads of a file: never through a symbolic link (a link's
 * content is its target, as git stores it), never from a FIFO or a device,
 * and never more than the first and last SCAN_WINDOW bytes of a large file.
 * A link to /dev/zero or a 4 GB model file then costs what a small file costs.
 */
import { closeSync, constants, fstatSync, openSync, readlinkSync, readSync } from "node:fs";

/** Bytes read from each end of a file larger than twice this (8 MiB: a key file is a few hundred bytes). */
export const SCAN_WINDOW = 8 << 20;

/** A regular file's bytes: all of them, or its first and last SCAN_WINDOW when it is larger than twice that. */
export interface FileBytes {
  kind: "file";
  /** The whole file, or its first SCAN_WINDOW bytes when `tail` is set. */
  head: Buffer;
  /** The last SCAN_WINDOW bytes of a file larger than 2 × SCAN_WINDOW. */
  tail: Buffer | undefined;
  /** The file's full size in bytes. */
  size: number;
  /** The 1-based line `tail` starts on (counts the unread middle; only asked for when something was found there). */
  tailLine(): Promise<number>;
}

/** A file's content as the check sees it. `link`: a symbolic link and its target (never followed); `other`: a directory (a submodule), FIFO, socket or device. */
export type FileContent = FileBytes | { kind: "link"; target: string } | { kind: "other" };

/** The whole bytes of a regular file, or undefined (a link, a special file, or larger than 2 × SCAN_WINDOW). */
export function wholeBytes(content: FileContent): Buffer | undefined {
  return content.kind === "file" && content.tail === undefined ? content.head : undefined;
}

/** A regular file's bytes held in memory (all read: an index blob). */
export function inMemory(head: Buffer, tail?: Buffer, size = head.length, tailLine = 1): FileBytes {
  return { kind: "file", head, tail, size, tailLine: () => Promise.resolve(tailLine) };
}

/**
 * Reads `path` in the working tree without following a final symbolic link
 * (O_NOFOLLOW) and without blocking on a FIFO (O_NONBLOCK; fstat decides).
 * Synchronous on purpose: for thousands of small files fs/promises costs ~4x more.
 * @throws the fs error when the path cannot be opened (vanished, unreadable)
 */
export function readWorkingFile(path: string): FileContent {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    // ELOOP: the last component is a symbolic link (Linux, macOS); its target is its content.
    if ((error as NodeJS.ErrnoException).code === "ELOOP") return { kind: "link", target: readlinkSync(path, "utf8") };
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { kind: "other" };
    const size = stat.size;
    if (size <= 2 * SCAN_WINDOW) return inMemory(readAt(fd, 0, size));
    const head = readAt(fd, 0, SCAN_WINDOW);
    const tail = readAt(fd, size - SCAN_WINDOW, SCAN_WINDOW);
    let line: number | undefined;
    const tailLine = async (): Promise<number> => (line ??= countLines(path, head, size));
    return { kind: "file", head, tail, size, tailLine };
  } finally {
    closeSync(fd);
  }
}

/** Reads up to `length` bytes at `position` (fewer when the file shrank meanwhile). */
function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}

/** Lines before the tail of a large file: the head's newlines plus the middle's, read in 1 MiB steps. */
function countLines(path: string, head: Buffer, size: number): number {
  let lines = 1 + newlines(head);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return lines;
  }
  try {
    const step = Buffer.allocUnsafe(1 << 20);
    for (let at = SCAN_WINDOW; at < size - SCAN_WINDOW; ) {
      const n = readSync(fd, step, 0, Math.min(step.length, size - SCAN_WINDOW - at), at);
      if (n === 0) break;
      lines += newlines(step.subarray(0, n));
      at += n;
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}

/** How many `\n` bytes `bytes` holds. */
export function newlines(bytes: Uint8Array): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  for (let i = buffer.indexOf(10); i >= 0; i = buffer.indexOf(10, i + 1)) n++;
  return n;
}
