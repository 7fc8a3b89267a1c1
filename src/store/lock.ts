/**
 * A lock file per secret (`<file>.lock`, created exclusively) so concurrent
 * read-modify-write cycles from several processes lose no update. A lock
 * left by a dead process is taken over.
 */
import { open, readFile, rm } from "node:fs/promises";
import { HushError } from "../errors.js";

export interface LockOptions {
  /** Give up after this many milliseconds (default 10 s, or HUSH_LOCK_TIMEOUT_MS). */
  timeoutMs?: number;
}

/**
 * Runs `fn` while holding `<path>.lock`.
 * @throws HushError LOCK_TIMEOUT when another process holds the lock longer than the timeout
 */
export async function withLock<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lockPath = `${path}.lock`;
  const timeoutMs = options.timeoutMs ?? (Number(process.env.HUSH_LOCK_TIMEOUT_MS) || 10_000);
  const deadline = Date.now() + timeoutMs;
  let wait = 5;
  for (;;) {
    if (await tryAcquire(lockPath)) break;
    if (await holderIsGone(lockPath)) {
      await takeOver(lockPath);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new HushError("LOCK_TIMEOUT", `${lockPath} is held by another hush process (waited ${timeoutMs} ms)`, {
        file: lockPath,
        hint: "wait for it to finish, or remove the lock file if no hush process is running",
      });
    }
    await new Promise((r) => setTimeout(r, wait + Math.random() * wait));
    wait = Math.min(wait * 2, 100);
  }
  try {
    return await fn();
  } finally {
    await rm(lockPath, { force: true });
  }
}

/**
 * Removes a dead process's lock under a guard file: without it, two waiters
 * could both judge the lock stale, and the second would remove the lock the
 * first had just taken. Under the guard the lock is judged again; a new lock
 * cannot appear while the stale one exists (locks are created exclusively).
 */
async function takeOver(lockPath: string): Promise<void> {
  const guard = `${lockPath}.takeover`;
  if (!(await tryAcquire(guard))) {
    // Another waiter is taking over; its guard is stale only if it died doing so.
    if (await holderIsGone(guard)) await rm(guard, { force: true });
    return;
  }
  try {
    if (await holderIsGone(lockPath)) await rm(lockPath, { force: true });
  } finally {
    await rm(guard, { force: true });
  }
}

async function tryAcquire(lockPath: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, "wx", 0o600);
    await handle.writeFile(`${process.pid}\n`);
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new HushError("FILE_WRITE_FAILED", `could not create lock ${lockPath}: ${(error as NodeJS.ErrnoException).code ?? "error"}`, {
      file: lockPath,
      cause: error,
    });
  }
}

/** A lock whose pid is no longer running (same host) is stale. An unreadable or empty lock is being written: not stale. */
async function holderIsGone(lockPath: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(lockPath, "utf8");
  } catch {
    return false;
  }
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
