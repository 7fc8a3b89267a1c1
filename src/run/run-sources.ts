/**
 * Reading the run's two files: the stack (its `env:` map and components) and
 * the `--env-file`. Both are checked whole before anything is decrypted.
 */
import { resolve, relative } from "node:path";
import type { HushConfig } from "../config/hush-config.js";
import { HushError } from "../errors.js";
import { scanReferences } from "../refs/find-refs.js";
import { parseEnvFile, type EnvFileEntry } from "./env-file.js";
import type { PlacedUse } from "./plan.js";
import { readStack, throwNotFound } from "../refs/stacks.js";
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
 * `default_stack`, read and checked as `hush stack validate` reads it (the same
 * lookup, the same schema). With `optional` (names given to --with-secrets, no
 * --stack) a missing default stack is no stack.
 * @throws HushError STACK_NOT_FOUND, VALIDATION_FAILED (every problem of the file)
 */
export async function loadRunStack(config: HushConfig, name: string, cwd: string, optional: boolean): Promise<RunStack | undefined> {
  const stack = readStack(config, name, cwd);
  if (!stack) return optional ? undefined : throwNotFound(config, name);
  const { file } = stack;
  if (stack.problems.length) {
    throw new HushError("VALIDATION_FAILED", `stack file ${file} has problems; nothing was started`, { problems: stack.problems, file });
  }
  const data = stack.data as { env?: Record<string, string>; components?: Record<string, unknown> };
  // What the run injects is env and components; a reference elsewhere (the description) is not the run's to decrypt.
  const uses = stack.refs.filter((r) => r.path[0] === "env" || r.path[0] === "components").map((r) => ({ ref: { name: r.name, key: r.key, raw: r.raw, index: r.index }, file, line: r.line, col: r.col }));
  return { name: stack.name, file, env: data.env ?? {}, components: data.components ?? {}, uses };
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
