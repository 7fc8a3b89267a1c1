/**
 * HUSH_STACK_CONFIG: the stack's components with references resolved, as a
 * JSON file the child can read. It holds secret values, so it is written
 * 0600 and exclusively into the run's private temp dir (see run-files.ts),
 * which hush removes when the child exits.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export const STACK_CONFIG_VARIABLE = "HUSH_STACK_CONFIG";

/** What the file holds: `{ "stack": name, "components": {...} }`. */
export interface StackConfigContent {
  stack: string;
  components: unknown;
}

/** Writes `stack.json` into the private dir `dir` and returns its path. @throws Error when it exists or cannot be written */
export function writeStackConfig(content: StackConfigContent, dir: string): string {
  const path = join(dir, "stack.json");
  writeFileSync(path, JSON.stringify(content, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  return path;
}
