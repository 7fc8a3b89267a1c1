/**
 * HUSH_STACK_CONFIG: the stack's components with references resolved, as a
 * JSON file the child can read. It holds secret values, so it lives in a
 * private temp dir (0700, from mkdtemp), is written 0600 and exclusively,
 * and is removed when the child exits, however it exits.
 */
import { mkdtempSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const STACK_CONFIG_VARIABLE = "HUSH_STACK_CONFIG";

export interface StackConfigFile {
  /** Absolute path of the JSON file. */
  readonly path: string;
  /** Removes the file and its directory; safe to call more than once. */
  remove(): void;
}

/** What the file holds: `{ "stack": name, "components": {...} }`. */
export interface StackConfigContent {
  stack: string;
  components: unknown;
}

/** Writes the file. The caller must call `remove()` (it is also removed if hush exits without doing so). */
export function writeStackConfig(content: StackConfigContent, parent = tmpdir()): StackConfigFile {
  const dir = mkdtempSync(join(parent, "hush-run-"));
  const path = join(dir, "stack.json");
  const remove = (): void => {
    try {
      // The common case, without loading node's recursive remover (start-up and exit cost matter here).
      unlinkSync(path);
      rmdirSync(dir);
    } catch {
      rmSync(dir, { recursive: true, force: true }); // already gone, or the child left files beside it
    }
    process.off("exit", remove);
  };
  // Backstop for an exit path that skips the caller's finally (an uncaught error).
  process.on("exit", remove);
  try {
    writeFileSync(path, JSON.stringify(content, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  } catch (error) {
    remove();
    throw error;
  }
  return { path, remove };
}
