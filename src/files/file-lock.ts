/**
 * The lock of a sops file named on the command line (store/lock.ts): set,
 * unset, updatekeys, rotate/encrypt/decrypt -i and edit's save hold it from
 * reading the file to replacing it, as `hush secret update` does, so none of
 * them loses another's change.
 */
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { absolutePath, type FileContext } from "./io.js";

/**
 * Runs `fn` holding `file`'s lock. Stdin (`-`) has none, nor a file in a
 * directory that does not exist (`fn` then fails with its own FILE_NOT_FOUND).
 * @throws HushError LOCK_TIMEOUT
 */
export async function withFileLock<T>(file: string, ctx: FileContext, fn: () => Promise<T>): Promise<T> {
  const path = absolutePath(file, ctx);
  if (file === "-" || !existsSync(dirname(path))) return fn();
  const { withLock } = await import("../store/lock.js");
  const timeoutMs = Number((ctx.env ?? process.env).HUSH_LOCK_TIMEOUT_MS) || undefined;
  return withLock(path, fn, timeoutMs !== undefined ? { timeoutMs } : {});
}
