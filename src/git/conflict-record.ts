/**
 * What the merge driver leaves behind when it writes a conflict: the path,
 * the conflicting keys and the SHA-256 of the exact bytes it wrote, in
 * `<git dir>/hush/conflicts/`. The markers themselves are encrypted inside a
 * value, so this record is how `hush check` refuses the unresolved file
 * without any private key. Resolving it (`hush edit`, `hush secret update`)
 * changes the bytes, so a resolved file no longer matches its record.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { writeFileAtomic } from "../sys/atomic-write.js";

export interface ConflictRecord {
  /** As git named it to the driver (%P, relative to the worktree top). */
  path: string;
  keys: string[];
  /** SHA-256 (hex) of the conflicted file as the driver wrote it. */
  sha256: string;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** `<git dir>/hush/conflicts` of the repository at `cwd`, or undefined outside git. */
async function recordsDir(cwd: string): Promise<string | undefined> {
  try {
    const { simpleGit } = await import("simple-git");
    const dir = (await simpleGit({ baseDir: cwd }).raw(["rev-parse", "--git-path", "hush/conflicts"])).trim();
    return dir ? resolve(cwd, dir) : undefined;
  } catch {
    return undefined;
  }
}

/** Records a conflicted file (names and a hash only: no value). @throws HushError FILE_WRITE_FAILED */
export async function recordConflict(cwd: string, record: ConflictRecord): Promise<void> {
  const dir = await recordsDir(cwd);
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, `${record.sha256}.json`), JSON.stringify(record) + "\n");
}

/** Every recorded conflict of the repository at `cwd`, by hash; empty outside git or when there is none. */
export async function readConflictRecords(cwd: string): Promise<Map<string, ConflictRecord>> {
  const records = new Map<string, ConflictRecord>();
  const dir = await recordsDir(cwd);
  if (!dir) return records;
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".json"));
  } catch {
    return records;
  }
  for (const name of names) {
    try {
      const record = JSON.parse(await readFile(join(dir, name), "utf8")) as ConflictRecord;
      if (typeof record.sha256 === "string" && Array.isArray(record.keys)) records.set(record.sha256, record);
    } catch {
      // A half-written or foreign file: not a record.
    }
  }
  return records;
}
