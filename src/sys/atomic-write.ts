/**
 * Atomic file replacement: the bytes go to a temp file in the same directory
 * (same filesystem, so rename is atomic), are flushed, then renamed over the
 * target. A failure at any step leaves the old file as it was.
 */
import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { HushError } from "../errors.js";

/**
 * Writes `bytes` to `path` atomically, with `mode` (default 0644; key files pass 0o600)
 * less the umask; with `exactMode`, `mode` as it is (the mode of a file being
 * replaced, which the umask must not narrow: a group-writable file stays so).
 * The temp file is removed when anything fails.
 * @throws HushError FILE_WRITE_FAILED
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array | string, mode = 0o644, options: { exactMode?: boolean } = {}): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "wx", mode);
    try {
      if (options.exactMode) await handle.chmod(mode);
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new HushError("FILE_WRITE_FAILED", `could not write ${path}: ${(error as NodeJS.ErrnoException).code ?? "error"}`, {
      file: path,
      cause: error,
    });
  }
}
