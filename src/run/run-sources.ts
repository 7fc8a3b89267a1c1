/**
 * Reading the run's two files: the stack (its `env:` map and components) and
 * the `--env-file`. Both are checked whole before anything is decrypted.
 */
import { basename, join, relative, resolve, sep } from "node:path";
import type { HushConfig } from "../config/hush-config.js";
import { HushError } from "../errors.js";
import { scanReferences } from "../refs/find-refs.js";
import { parseEnvFile, type EnvFileEntry } from "./env-file.js";
import type { PlacedUse } from "./plan.js";
import { readStackForRun } from "./stack-load.js";
import { readConfigFile } from "../sys/regular-file.js";

/** The parts of a stack file a run uses. */
export interface RunStack {
  name: string;
  file: string;
  env: Record<string, string>;
  components: Record<string, unknown>;
  uses: PlacedUse[];
}

/**
 * The stack the run uses: `--stack S` (a name, or a path to a stack file), else
 * `default_stack`. With `optional` (names given to --with-secrets, no --stack)
 * a missing default stack is no stack.
 * @throws HushError STACK_NOT_FOUND, VALIDATION_FAILED (every problem of the file)
 */
export async function loadRunStack(config: HushConfig, name: string, cwd: string, optional: boolean): Promise<RunStack | undefined> {
  const looksLikePath = /\.ya?ml$/.test(name) || name.includes("/");
  const stacksDir = join(config.root, config.stacksDir);
  const candidates = looksLikePath ? [resolve(cwd, name)] : [join(stacksDir, `${name}.yaml`), join(stacksDir, `${name}.yml`)];
  for (const path of candidates) {
    let text: string;
    try {
      text = readConfigFile(path);
    } catch (error) {
      // Missing: try the next name. There but not a regular file (a link to /dev/zero): say so.
      if (error instanceof HushError) throw error;
      continue;
    }
    const file = relative(config.root, path).split(sep).join("/");
    const stack = readStackForRun(file, text);
    if (stack.problems.length) {
      throw new HushError("VALIDATION_FAILED", `stack file ${file} has problems; nothing was started`, { problems: stack.problems, file });
    }
    return { name: basename(path).replace(/\.ya?ml$/, ""), file, env: stack.env, components: stack.components, uses: stack.uses };
  }
  if (optional) return undefined;
  // refs/stacks.ts says which stacks there are.
  const { loadStacks } = await import("../refs/stacks.js");
  await loadStacks(config, [name], cwd);
  throw new HushError("STACK_NOT_FOUND", `stack "${name}" not found in ${config.stacksDir}/`);
}

/** The entries of an env file and the references in them. */
export interface RunEnvFile {
  file: string;
  entries: EnvFileEntry[];
  uses: PlacedUse[];
}

/** Reads and checks `--env-file`. @throws HushError FILE_NOT_FOUND, PARSE_ERROR (every problem) */
export async function loadRunEnvFile(path: string, cwd: string): Promise<RunEnvFile> {
  const absolute = resolve(cwd, path);
  const file = relative(cwd, absolute) || path;
  let text: string;
  try {
    text = readConfigFile(absolute);
  } catch {
    throw new HushError("FILE_NOT_FOUND", `env file ${file} not found`, { file });
  }
  const { entries, problems } = parseEnvFile(text, file);
  const uses: PlacedUse[] = [];
  for (const entry of entries) {
    const scanned = scanReferences(entry.value);
    for (const bad of scanned.problems) problems.push({ file, line: entry.line, col: entry.col, message: `${entry.variable}: ${bad.message}`, code: "REFERENCE_INVALID" });
    for (const ref of scanned.refs) uses.push({ ref, file, line: entry.line, col: entry.col });
  }
  if (problems.length) throw new HushError("PARSE_ERROR", `env file ${file} has problems; nothing was started`, { problems, file });
  return { file, entries, uses };
}
