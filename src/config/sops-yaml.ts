/**
 * Reading `.sops.yaml` (spec §8): `--config FILE` or `SOPS_CONFIG`, else the
 * first `.sops.yaml` from the **target file's** directory upward (sops starts
 * at the working directory; starting at the file finds the rules of the
 * repository the file is in, wherever hush runs from). A file found that way
 * but owned by another user or writable by others is ignored with a warning
 * (trusted-file.ts). The writer of the generated file is `sops-yaml-writer.ts`.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { LineCounter } from "yaml";
import { parseUserYaml } from "./yaml-document.js";
import { HushError, type Problem } from "../errors.js";
import { parseRule, type CreationRule } from "./creation-rules.js";
import { defaultStores, parseStores, type StoresConfig } from "./stores-config.js";
import { documentData } from "./yaml-data.js";
import { positionOf } from "./yaml-positions.js";
import { SOPS_YAML_FILE } from "./sops-yaml-writer.js";
import { untrustedReason } from "./trusted-file.js";
import { readConfigFile } from "../sys/regular-file.js";

export interface SopsConfig {
  /** Absolute path of the config file. */
  file: string;
  /** Its directory: rule paths are relative to it. */
  dir: string;
  rules: CreationRule[];
  /** The `stores:` section (output layout per format). */
  stores: StoresConfig;
  /** `.sops.yml` files passed on the way up (sops ignores them too, with a warning). */
  warnings: string[];
}

/** sops stops after 100 parent directories. */
const MAX_DEPTH = 100;

/**
 * Where the config is: `explicit` (`--config`), else `SOPS_CONFIG`, else the
 * first `.sops.yaml` from `startDir` upward; `file` is undefined when there is none.
 * @throws HushError FILE_NOT_FOUND when an explicitly named config does not exist
 */
export function findSopsConfig(startDir: string, options: { explicit?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): { file: string | undefined; warnings: string[] } {
  const named = options.explicit ?? (options.env?.SOPS_CONFIG || undefined);
  if (named !== undefined) {
    const file = resolve(options.cwd ?? process.cwd(), named);
    if (!existsSync(file)) throw new HushError("FILE_NOT_FOUND", `config file ${named} does not exist`, { file: named, hint: "check --config / SOPS_CONFIG" });
    return { file, warnings: [] };
  }
  const warnings: string[] = [];
  let dir = resolve(startDir);
  for (let i = 0; i < MAX_DEPTH; i++) {
    const file = join(dir, SOPS_YAML_FILE);
    if (existsSync(file)) {
      // Found, not named: it could have been planted in a shared parent directory (ssh's rule for its config).
      const distrust = untrustedReason(file, startDir);
      if (distrust === undefined) return { file, warnings };
      warnings.push(`ignoring ${file}: ${distrust}, so anyone could have planted its rules (and their key); fix its owner or mode, or pass --config`);
      return { file: undefined, warnings };
    }
    if (existsSync(join(dir, ".sops.yml"))) warnings.push(`ignoring ${join(dir, ".sops.yml")}: sops reads only .sops.yaml`);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return { file: undefined, warnings };
}

/**
 * Parses a `.sops.yaml`; every problem is collected and the first one, with
 * its line, is thrown with the count of the others.
 * @throws HushError CONFIG_INVALID (file, line), FILE_READ_FAILED
 */
export function loadSopsConfig(file: string): SopsConfig {
  let text: string;
  try {
    text = readConfigFile(file);
  } catch (cause) {
    throw new HushError("FILE_READ_FAILED", `cannot read ${file}`, { file, cause });
  }
  return parseSopsConfig(text, file);
}

/** Parses the text of a `.sops.yaml` at `file`. @throws HushError CONFIG_INVALID */
export function parseSopsConfig(text: string, file: string): SopsConfig {
  const counter = new LineCounter();
  const doc = parseUserYaml(text, { lineCounter: counter, uniqueKeys: false });
  const problems: Problem[] = doc.errors.map((e) => ({ file, line: counter.linePos(e.pos[0]).line, message: e.message.split("\n")[0] ?? "YAML syntax error", code: "CONFIG_INVALID" as const }));
  const rules: CreationRule[] = [];
  let stores = defaultStores();
  const read = problems.length === 0 ? documentData(doc, counter, { maxAliasCount: 1000 }) : undefined;
  if (read?.problem) problems.push({ file, line: read.problem.line, message: read.problem.message, code: "CONFIG_INVALID" });
  if (problems.length === 0) {
    const data: unknown = read?.data ?? {};
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      problems.push({ file, line: 1, message: "the file is not a mapping", code: "CONFIG_INVALID" });
    } else {
      const raw = (data as Record<string, unknown>).creation_rules;
      if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
        problems.push({ file, line: positionOf(doc, counter, ["creation_rules"]).line, message: "creation_rules is not a list", code: "CONFIG_INVALID" });
      }
      (Array.isArray(raw) ? raw : []).forEach((r, i) => {
        const rule = parseRule(r, i, (path) => positionOf(doc, counter, ["creation_rules", String(i), ...path]).line, file, problems);
        if (rule) rules.push(rule);
      });
      stores = parseStores((data as Record<string, unknown>).stores, (path) => positionOf(doc, counter, path).line, file, problems);
    }
  }
  if (problems.length) {
    const first = problems[0]!;
    // One line: the first problem with its line, and how many more there are.
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
    throw new HushError("CONFIG_INVALID", first.message + more, { file, ...(first.line !== undefined ? { line: first.line } : {}) });
  }
  return { file, dir: dirname(file), rules, stores, warnings: [] };
}
