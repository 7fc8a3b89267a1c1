/**
 * Finding and reading the stack files of a repository (`<stacks_dir>/<name>.yaml`).
 */
import { readdirSync } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import type { HushConfig } from "../config/hush-config.js";
import { HushError } from "../errors.js";
import { parseStackFile, type StackFile } from "./stack-file.js";
import { readConfigFile } from "../sys/regular-file.js";

/** Names of every stack (`.yaml` / `.yml` files directly in the stacks dir), sorted. */
export async function listStackNames(config: HushConfig): Promise<string[]> {
  let entries: string[];
  try {
    entries = readdirSync(join(config.root, config.stacksDir));
  } catch {
    return [];
  }
  return entries.filter((f) => /\.ya?ml$/.test(f)).map((f) => f.replace(/\.ya?ml$/, "")).sort();
}

/** Repository-relative path of a stack file, `/` separators. */
export function stackFilePath(config: HushConfig, name: string): string {
  return `${config.stacksDir}/${name}.yaml`.split(sep).join("/");
}

/**
 * Reads and parses the named stacks (a name, or a path to a stack file), or
 * every stack when `names` is empty.
 * @throws HushError STACK_NOT_FOUND (listing the stacks there are)
 */
export async function loadStacks(config: HushConfig, names: readonly string[] = [], cwd = config.root): Promise<StackFile[]> {
  const wanted = names.length ? names : await listStackNames(config);
  return Promise.all(wanted.map(async (name) => readStack(config, name, cwd) ?? throwNotFound(config, name)));
}

/**
 * The stack file `given` names (a name in the stacks dir, or a path to a stack
 * file from `cwd`), parsed; undefined when there is no such file. The one
 * lookup of a stack, for `hush run` as for `stack validate`.
 * @throws HushError when the file is there but not a regular file of a sane size
 */
export function readStack(config: HushConfig, given: string, cwd = config.root): StackFile | undefined {
  const looksLikePath = /\.ya?ml$/.test(given) || given.includes("/");
  const candidates = looksLikePath
    ? [resolve(cwd, given)]
    : [join(config.root, config.stacksDir, `${given}.yaml`), join(config.root, config.stacksDir, `${given}.yml`)];
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
    return parseStackFile(basename(path).replace(/\.ya?ml$/, ""), file, text);
  }
  return undefined;
}

/** @throws HushError STACK_NOT_FOUND, listing the stacks there are */
export async function throwNotFound(config: HushConfig, given: string): Promise<never> {
  const all = await listStackNames(config);
  throw new HushError("STACK_NOT_FOUND", `stack "${given}" not found in ${config.stacksDir}/`, {
    hint: all.length ? `stacks here: ${all.join(", ")}` : `create ${config.stacksDir}/${given}.yaml`,
  });
}
