/**
 * Reading a command's input (a path, or `-` for stdin) and writing its output
 * atomically, keeping the mode of a file that is replaced. Nothing is written
 * before the whole result exists.
 */
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { HushError } from "../errors.js";

/** Where relative paths start, and the environment to read SOPS_* from. */
export interface FileContext {
  /** Default: process.cwd(). */
  cwd?: string;
  /** Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Called with one line per fact `--verbose` shows (config file, rule, identities). */
  onVerbose?: (line: string) => void;
  /** Called with each non-fatal finding. */
  onWarning?: (message: string) => void;
}

/** The input: file bytes, or stdin's when `file` is `-` and `stdin` is given. @throws HushError FILE_NOT_FOUND, FILE_READ_FAILED */
export function readInput(file: string, ctx: FileContext, stdin?: Uint8Array): Uint8Array {
  if (file === "-") {
    if (stdin === undefined) throw new HushError("USAGE", "reading from stdin (-) is not possible here", { hint: "name a file" });
    return stdin;
  }
  const path = resolve(ctx.cwd ?? process.cwd(), file);
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new HushError("FILE_NOT_FOUND", "no such file", { file, cause: error });
    throw new HushError("FILE_READ_FAILED", `cannot read ${file}: ${code ?? "error"}`, { file, cause: error });
  }
}

/** True when `file` names an existing file. */
export function fileExists(file: string, ctx: FileContext): boolean {
  try {
    return statSync(resolve(ctx.cwd ?? process.cwd(), file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Replaces `file` atomically with `bytes`, keeping its mode exactly when it
 * exists, as sops does (`fallbackMode`, less the umask, for a new file: 0600
 * for plaintext).
 * @throws HushError FILE_WRITE_FAILED
 */
export async function writeOutput(file: string, bytes: Uint8Array, ctx: FileContext, fallbackMode: number): Promise<void> {
  const path = resolve(ctx.cwd ?? process.cwd(), file);
  let existing: number | undefined;
  try {
    existing = statSync(path).mode & 0o7777;
  } catch {
    // a new file
  }
  // Loaded here: a decrypt to stdout never needs the writer (or node:fs/promises).
  const { writeFileAtomic } = await import("../sys/atomic-write.js");
  await writeFileAtomic(path, bytes, existing ?? fallbackMode, { exactMode: existing !== undefined });
}

/** Absolute path of `file` (for config lookup and messages). */
export function absolutePath(file: string, ctx: FileContext): string {
  return resolve(ctx.cwd ?? process.cwd(), file);
}
