/**
 * hush's private temp dirs, where plaintext lives for a moment: `hush run`'s
 * stack.json and secrets.json, `hush edit`'s file, `exec-file`'s file or pipe.
 *
 * - Memory-backed where possible: HUSH_TMPDIR when set (an explicit choice
 *   for hush's plaintext); else /dev/shm when it is a sane shared directory,
 *   so the plaintext never reaches a disk and is gone at reboot; else
 *   os.tmpdir() (TMPDIR). TMPDIR alone does not move it to a disk: it is
 *   often set for reasons that have nothing to do with secrets.
 * - 0700 (mkdtemp), named `hush-<kind>-<pid>-<random>`: the owner's pid is
 *   in the name.
 * - Swept: SIGKILL (or power loss) skips every cleanup hush has. The first
 *   time a hush process makes such a dir, it first removes the ones left by
 *   hush processes of the same user that no longer exist. Commands that make
 *   no temp dir pay nothing.
 */
import { accessSync, constants, lstatSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HushError } from "../errors.js";

/** What the dir is for; part of its name. */
export type TempKind = "run" | "edit" | "exec";

/** The memory-backed candidate (Linux's POSIX shared-memory tmpfs). */
export const MEMORY_DIR = "/dev/shm";

const STALE_NAME = /^hush-(?:run|edit|exec)-(\d+)-[A-Za-z0-9]{6}$/;

let chosenParent: string | undefined;
/** The parents swept by this process (each once). */
const swept = new Set<string>();

/**
 * Makes a new private (0700) temp dir `hush-<kind>-<pid>-XXXXXX` and returns
 * its path; removing it is the caller's job. The first call in a process
 * sweeps the stale dirs of dead hush processes first.
 * @throws HushError FILE_WRITE_FAILED when not even os.tmpdir() takes it
 */
export function privateTempDir(kind: TempKind): string {
  const parent = (chosenParent ??= privateTempParent());
  const prefix = `hush-${kind}-${process.pid}-`;
  try {
    return mkdtempSync(join(sweptOnce(parent), prefix));
  } catch (error) {
    // /dev/shm passed the checks but cannot take it (full, read-only): the ordinary temp dir. An explicit HUSH_TMPDIR is not second-guessed.
    if (parent !== MEMORY_DIR) throw cannotMake(parent, error);
    chosenParent = tmpdir();
    try {
      return mkdtempSync(join(sweptOnce(chosenParent), prefix));
    } catch (again) {
      throw cannotMake(chosenParent, again);
    }
  }
}

function cannotMake(parent: string, error: unknown): HushError {
  return new HushError("FILE_WRITE_FAILED", `cannot make a private temp dir in ${parent}: ${(error as NodeJS.ErrnoException).code ?? "error"}`, {
    hint: "set HUSH_TMPDIR to a directory you can write to (memory-backed if you can)",
    cause: error,
  });
}

/** `parent`, its stale dirs removed the first time this process uses it. */
function sweptOnce(parent: string): string {
  if (!swept.has(parent)) {
    swept.add(parent);
    sweepStaleTempDirs(parent);
  }
  return parent;
}

/** Where the private temp dirs go: $HUSH_TMPDIR when set, else `memoryDir` when usable, else os.tmpdir(). */
export function privateTempParent(env: NodeJS.ProcessEnv = process.env, memoryDir = MEMORY_DIR): string {
  if (env.HUSH_TMPDIR) return env.HUSH_TMPDIR.replace(/(.)\/+$/, "$1");
  return isUsableSharedDir(memoryDir) ? memoryDir : tmpdir();
}

/**
 * A directory others share that hush can safely make its private dir in: a
 * directory, owned by root or this user, writable by this user, and sticky
 * when anyone may write to it (else another user could rename hush's dir away).
 */
export function isUsableSharedDir(path: string): boolean {
  try {
    const st = statSync(path);
    if (!st.isDirectory()) return false;
    const uid = process.getuid?.();
    if (uid !== undefined && st.uid !== 0 && st.uid !== uid) return false;
    if ((st.mode & 0o002) !== 0 && (st.mode & 0o1000) === 0) return false;
    accessSync(path, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes, in `parent`, the private temp dirs whose owning hush process is
 * gone: exactly hush's name pattern, a real directory (not a link), owned by
 * this user, private, and its pid no longer alive. A pid reused by another
 * process keeps its dir until a later sweep (never the other way round).
 * Returns the paths removed. Never throws.
 */
export function sweepStaleTempDirs(parent: string): string[] {
  const uid = process.getuid?.();
  if (uid === undefined) return []; // no uids, no pids to trust (Windows)
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = STALE_NAME.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (!Number.isSafeInteger(pid) || pid <= 1 || pid === process.pid) continue;
    const path = join(parent, name);
    try {
      const st = lstatSync(path);
      if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o077) !== 0) continue;
      if (isAlive(pid)) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // gone already (another hush swept it), or not ours to touch
    }
  }
  return removed;
}

/** Whether a process `pid` exists (of any user: EPERM means it exists). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}
