/**
 * The locks of a sops file named on the command line (sys/lock.ts): set,
 * unset, updatekeys, rotate/encrypt/decrypt -i and edit's save hold the
 * file's lock from reading the file to replacing it, as `hush secret update`
 * does, so none of them loses another's change; writers whose recipients come
 * from .sops.yaml also hold the repository's membership lock, taken first.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { absolutePath, type FileContext } from "./io.js";

/**
 * Runs `fn` holding `file`'s lock. Stdin (`-`) has none, nor a file in a
 * directory that does not exist (`fn` then fails with its own FILE_NOT_FOUND).
 * @throws HushError LOCK_TIMEOUT
 */
export async function withFileLock<T>(file: string, ctx: FileContext, fn: () => Promise<T>): Promise<T> {
  const path = absolutePath(file, ctx);
  if (file === "-" || !existsSync(dirname(path))) return fn();
  const { withLock } = await import("../sys/lock.js");
  const timeoutMs = Number((ctx.env ?? process.env).HUSH_LOCK_TIMEOUT_MS) || undefined;
  return withLock(path, fn, timeoutMs !== undefined ? { timeoutMs } : {});
}

/**
 * Runs `fn` holding the membership lock (sys/lock.ts) of the hush repository
 * `file` is in, when it is in one: for writers that take recipients from
 * .sops.yaml (a new file from edit or encrypt, updatekeys), which `user
 * add/remove/sync` rewrite, so they see .sops.yaml either before or after a
 * membership change, and the change sees their file.
 * @throws HushError LOCK_TIMEOUT
 */
export async function withMembershipLockOf<T>(file: string, ctx: FileContext, fn: () => Promise<T>): Promise<T> {
  if (file === "-") return fn();
  const config = hushConfigAbove(dirname(absolutePath(file, ctx)));
  if (config === undefined) return fn();
  const { withMembershipLock } = await import("../sys/lock.js");
  const timeoutMs = Number((ctx.env ?? process.env).HUSH_LOCK_TIMEOUT_MS) || undefined;
  return withMembershipLock(config, fn, timeoutMs !== undefined ? { timeoutMs } : {});
}

/** `.hush.yaml` from `dir` upward (as config/hush-config.ts finds it; not imported: it loads the YAML library). */
function hushConfigAbove(dir: string): string | undefined {
  for (;;) {
    const candidate = join(dir, ".hush.yaml");
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
