/**
 * The run's private temp dir (src/private-temp.ts: memory-backed where
 * possible, 0700) and the files hush hands the child in it, by path only:
 * `stack.json` (HUSH_STACK_CONFIG) and `secrets.json` (HUSH_RUN_SECRETS_FILE).
 * hush removes the dir when the child exits, on SIGINT/SIGTERM/SIGHUP (they
 * are forwarded and hush waits for the child), and on an uncaught error; after
 * SIGKILL of hush the next hush that makes a temp dir removes it.
 */
import { rmdirSync, rmSync, unlinkSync } from "node:fs";
import { HushError } from "../errors.js";
import { privateTempDir } from "../sys/private-temp.js";
import type { Secret } from "../store/types.js";
import { RUN_SECRETS_FILE_VARIABLE, writeRunSecrets } from "./in-run.js";
import { STACK_CONFIG_VARIABLE, writeStackConfig, type StackConfigContent } from "./stack-config.js";

export interface RunFilesContent {
  /** The resolved stack (undefined: the run has no stack, no HUSH_STACK_CONFIG). */
  stack?: StackConfigContent;
  /** What in-run getSecret may return (empty: no HUSH_RUN_SECRETS_FILE). */
  secrets: readonly Secret[];
}

export interface RunFiles {
  /** The dir (undefined when there was nothing to write). */
  readonly dir: string | undefined;
  /** Paths for the child's environment, by variable. */
  readonly variables: Readonly<Record<string, string>>;
  /** Removes the dir and everything in it; safe to call more than once. */
  remove(): void;
}

/**
 * Writes the files (no dir at all when there is nothing to write). The caller
 * must call `remove()`; it also runs if hush exits without doing so.
 * @throws HushError FILE_WRITE_FAILED when the dir or a file cannot be made (nothing is left behind)
 */
export function writeRunFiles(content: RunFilesContent, makeDir: () => string = () => privateTempDir("run")): RunFiles {
  if (!content.stack && content.secrets.length === 0) return { dir: undefined, variables: {}, remove: () => {} };
  const dir = makeDir();
  const written: string[] = [];
  const remove = (): void => {
    try {
      // The common case, without loading node's recursive remover (start-up and exit cost matter here).
      for (const path of written) unlinkSync(path);
      written.length = 0;
      rmdirSync(dir);
    } catch {
      rmSync(dir, { recursive: true, force: true }); // already gone, or the child left files beside them
    }
    process.off("exit", remove);
  };
  // Backstop for an exit path that skips the caller's finally (an uncaught error).
  process.on("exit", remove);
  const variables: Record<string, string> = {};
  try {
    if (content.stack) written.push((variables[STACK_CONFIG_VARIABLE] = writeStackConfig(content.stack, dir)));
    if (content.secrets.length) written.push((variables[RUN_SECRETS_FILE_VARIABLE] = writeRunSecrets(content.secrets, dir)));
  } catch (error) {
    remove();
    throw new HushError("FILE_WRITE_FAILED", `cannot write the run's files in ${dir}: ${(error as NodeJS.ErrnoException).code ?? "error"}`, {
      hint: "free some space there, or set HUSH_TMPDIR to another directory",
      cause: error,
    });
  }
  return { dir, variables, remove };
}
