/**
 * A lock file per file (`<file>.lock`, created exclusively) so concurrent
 * read-modify-write cycles from several processes lose no update. Every
 * writer holds the lock of the file it rewrites from its read to its rename;
 * readers (`hush run`, get, decrypt) take none.
 *
 * Membership: `.hush.yaml`'s own lock is the repository's membership lock.
 * `user add/remove/sync` hold it for their whole run (they read .hush.yaml,
 * list the files, rewrite each under its own lock, write .hush.yaml); every
 * writer that creates a secret file holds it too, reading .hush.yaml again
 * under it, so a file is never encrypted to a reader list that a membership
 * change is replacing (the change lists the files once, and a file created
 * after that listing would keep the removed user). Writers of existing files
 * need only the file's lock: they keep the file's own recipients, and a
 * membership change re-reads each file under that lock (rewriting the newer
 * bytes when a writer got there first). Lock order is always .hush.yaml, then
 * the file, so the two kinds of holder cannot deadlock.
 *
 * A lock is written whole (to a temp file, then hard-linked into place), so
 * it always holds `PID\nTOKEN\n`. It is stale when that pid is not running
 * (same host), and when it holds no pid at all (empty or garbage, as left by
 * a crash or another tool) once it is older than a short grace period: a
 * writer that creates locks with open+write (older hush) fills it within that.
 */
import { randomBytes } from "node:crypto";
import { link, open, readFile, rm, stat } from "node:fs/promises";
import { isAbsolute, relative } from "node:path";
import { HushError } from "../errors.js";

export interface LockOptions {
  /** Give up after this many milliseconds (default 10 s, or HUSH_LOCK_TIMEOUT_MS). */
  timeoutMs?: number;
}

/** A lock without a pid younger than this may still be being written. */
const UNREADABLE_GRACE_MS = 2_000;

/**
 * Runs `fn` while holding `<path>.lock`.
 * @throws HushError LOCK_TIMEOUT when another process holds the lock longer than the timeout
 */
export async function withLock<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lockPath = `${path}.lock`;
  const timeoutMs = options.timeoutMs ?? (Number(process.env.HUSH_LOCK_TIMEOUT_MS) || 10_000);
  const deadline = Date.now() + timeoutMs;
  const token = `${process.pid}\n${randomBytes(8).toString("hex")}\n`;
  let wait = 5;
  for (;;) {
    if (await tryAcquire(lockPath, token)) break;
    const holder = await judge(lockPath);
    if (holder.stale) {
      await takeOver(lockPath);
      continue;
    }
    if (Date.now() >= deadline) throw lockTimeout(lockPath, holder, timeoutMs);
    await new Promise((r) => setTimeout(r, wait + Math.random() * wait));
    wait = Math.min(wait * 2, 100);
  }
  try {
    return await fn();
  } finally {
    await release(lockPath, token);
  }
}

/**
 * Runs `fn` holding the repository's membership lock (`.hush.yaml`'s lock):
 * see the module comment for who takes it and why.
 */
export function withMembershipLock<T>(hushConfigFile: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  return withLock(hushConfigFile, fn, options);
}

function lockTimeout(lockPath: string, holder: Holder, timeoutMs: number): HushError {
  const who = holder.pid !== undefined ? `process ${holder.pid}` : "another writer";
  // The path is the error's file, which the CLI prints once, in front: not in the message too.
  const shown = relative(process.cwd(), lockPath);
  return new HushError("LOCK_TIMEOUT", `held by ${who} (waited ${timeoutMs / 1000} s)`, {
    file: shown && !shown.startsWith("..") && !isAbsolute(shown) ? shown : lockPath,
    hint: "retry once it is done, or wait longer with HUSH_LOCK_TIMEOUT_MS; if no hush process is running, delete the lock file",
  });
}

/**
 * Removes a stale lock under a guard file: without it, two waiters could both
 * judge the lock stale, and the second would remove the lock the first had
 * just taken. Under the guard the lock is judged again; a new lock cannot
 * appear while the stale one exists (locks are created exclusively).
 */
async function takeOver(lockPath: string): Promise<void> {
  const guard = `${lockPath}.takeover`;
  if (!(await tryAcquire(guard, `${process.pid}\n`))) {
    // Another waiter is taking over; its guard is stale only if it died doing so.
    if ((await judge(guard)).stale) await rm(guard, { force: true });
    return;
  }
  try {
    if ((await judge(lockPath)).stale) await rm(lockPath, { force: true });
  } finally {
    await rm(guard, { force: true });
  }
}

/** Creates the lock with its whole content in one step (a hard link of a written temp file). */
async function tryAcquire(lockPath: string, content: string): Promise<boolean> {
  const temp = `${lockPath}.${process.pid}.${randomBytes(4).toString("hex")}`;
  try {
    const handle = await open(temp, "wx", 0o600);
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    try {
      await link(temp, lockPath);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") return false;
      // A filesystem without hard links: exclusive create, then the content (not atomic, hence the grace).
      if (code === "EPERM" || code === "ENOTSUP" || code === "EOPNOTSUPP" || code === "ENOSYS") return createDirectly(lockPath, content);
      throw error;
    }
  } catch (error) {
    throw new HushError("FILE_WRITE_FAILED", `could not create a lock file: ${(error as NodeJS.ErrnoException).code ?? "error"}`, { file: lockPath, cause: error });
  } finally {
    await rm(temp, { force: true });
  }
}

async function createDirectly(lockPath: string, content: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, "wx", 0o600);
    await handle.writeFile(content);
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/** Removes the lock only while it is still ours (a holder judged stale wrongly must not remove its successor's lock). */
async function release(lockPath: string, token: string): Promise<void> {
  const text = await readFile(lockPath, "utf8").catch(() => undefined);
  if (text === token) await rm(lockPath, { force: true });
}

interface Holder {
  stale: boolean;
  pid?: number;
}

/** A lock whose pid is not running here is stale; so is one with no pid, once past the grace period. A lock gone meanwhile is not (the next try takes it). */
async function judge(lockPath: string): Promise<Holder> {
  let text: string;
  let age: number;
  try {
    text = await readFile(lockPath, "utf8");
    age = Date.now() - (await stat(lockPath)).mtimeMs;
  } catch {
    return { stale: false };
  }
  const first = text.split("\n", 1)[0]!.trim();
  const pid = /^[1-9][0-9]{0,9}$/.test(first) ? Number(first) : NaN;
  if (!Number.isSafeInteger(pid)) return { stale: age > UNREADABLE_GRACE_MS };
  try {
    process.kill(pid, 0);
    return { stale: false, pid };
  } catch (error) {
    // EPERM: running, as another user. ESRCH (or EINVAL, no such pid can exist): gone.
    return { stale: (error as NodeJS.ErrnoException).code !== "EPERM", pid };
  }
}
