/**
 * Reading a file a committer controls (`.hush.yaml`, `.sops.yaml`, stack and
 * env files): only a regular file, and only up to a size no real one comes
 * near. A committed symlink to `/dev/zero` or a FIFO would otherwise hang
 * every command that reads it, and a huge file would fill the memory.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { HushError } from "../errors.js";

/** Far beyond any config, stack or env file; a team of 10,000 users is ~2 MiB of .hush.yaml. */
export const CONFIG_FILE_LIMIT = 16 * 1024 * 1024;

/**
 * The file's text. Opened without blocking (a FIFO does not wait for a writer)
 * and judged by what was opened, so a swap between a check and the read changes nothing.
 * @throws HushError CONFIG_INVALID (not a regular file, or too large), and the open's own error as node raises it (ENOENT...)
 */
export function readConfigFile(file: string): string {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new HushError("CONFIG_INVALID", `${file} is not a regular file (a device, pipe or directory, perhaps through a link); hush does not read it`, { file, hint: "replace it with the file itself" });
    if (stat.size > CONFIG_FILE_LIMIT) throw new HushError("CONFIG_INVALID", `${file} is ${Math.round(stat.size / 1048576)} MiB, far beyond any file hush reads here`, { file, hint: "check what was committed in its place" });
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read).toString("utf8");
  } finally {
    closeSync(fd);
  }
}
