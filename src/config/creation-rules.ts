/**
 * `.sops.yaml` creation rules (spec §8.2): parsing one rule into a model, and
 * choosing the rule for a file (first match wins, paths relative to the
 * config file's directory).
 */
import { isAbsolute, relative, resolve, sep } from "node:path";
import { HushError, type Problem } from "../errors.js";
import { SELECTION_KINDS, type Selection } from "../sops/metadata.js";
import { compileGoRegex } from "../sops/go-regex.js";

/** One `creation_rules` entry, as hush uses it. */
export interface CreationRule {
  /** 0-based position in `creation_rules`. */
  index: number;
  /** 1-based line of the rule in the config file. */
  line: number;
  /** Absent: the rule matches every file. */
  pathRegex?: string;
  /** age recipients per key group (one group for a flat `age:`). */
  groups: string[][];
  shamirThreshold?: number;
  selection?: Selection;
  macOnlyEncrypted?: boolean;
  /** Key types the rule names that hush cannot encrypt to (pgp, kms, ...). */
  unsupportedKeys: string[];
}

/** The selection options a rule may set (sops's own list). */
export const SELECTION_OPTIONS = SELECTION_KINDS;

const OTHER_KEYS = ["pgp", "kms", "gcp_kms", "azure_keyvault", "hc_vault_transit_uri", "hckms"];

/** Splits an `age:` value: a comma-separated string or a list whose entries may hold commas; parts trimmed, empty parts dropped. */
export function splitRecipients(value: unknown): string[] | undefined {
  const parts = typeof value === "string" ? [value] : Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : undefined;
  return parts
    ?.flatMap((p) => p.split(","))
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

/**
 * Reads one rule; a problem (with `line`) is pushed for each thing that is wrong.
 * `at(path)` gives the line of a node below the rule.
 */
export function parseRule(raw: unknown, index: number, at: (path: string[]) => number, file: string, problems: Problem[]): CreationRule | undefined {
  const line = at([]);
  const problem = (path: string[], message: string) =>
    problems.push({ file, line: at(path), message: `creation rule ${index + 1}: ${message}`, code: "CONFIG_INVALID" });
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    problem([], "is not a mapping");
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  const rule: CreationRule = { index, line, groups: [], unsupportedKeys: [] };
  if (r.path_regex !== undefined && r.path_regex !== null && r.path_regex !== "") {
    if (typeof r.path_regex !== "string") problem(["path_regex"], "path_regex is not a string");
    else {
      try {
        compileGoRegex(r.path_regex, { field: "path_regex", file });
        rule.pathRegex = r.path_regex;
      } catch (error) {
        problem(["path_regex"], error instanceof Error ? error.message : `path_regex ${JSON.stringify(r.path_regex)} is not a valid regular expression`);
      }
    }
  }
  const groups = r.key_groups;
  if (Array.isArray(groups) && groups.length > 0) {
    for (const [i, g] of groups.entries()) {
      if (typeof g !== "object" || g === null || Array.isArray(g)) {
        problem(["key_groups", String(i)], "a key group is not a mapping");
        continue;
      }
      const group = g as Record<string, unknown>;
      const age = group.age === undefined || group.age === null ? [] : Array.isArray(group.age) ? splitRecipients(group.age) : undefined;
      if (age === undefined) {
        problem(["key_groups", String(i), "age"], "age in a key group must be a list of recipients");
        continue;
      }
      for (const k of [...OTHER_KEYS, "hc_vault", "azure_keyvault", "merge"])
        if (nonEmpty(group[k]) && !rule.unsupportedKeys.includes(k)) rule.unsupportedKeys.push(k);
      rule.groups.push([...new Set(age)]);
    }
  } else if (groups !== undefined && groups !== null && !Array.isArray(groups)) {
    problem(["key_groups"], "key_groups is not a list");
  } else {
    if (r.age !== undefined && r.age !== null) {
      const age = splitRecipients(r.age);
      if (age === undefined) problem(["age"], "age must be a string or a list of strings");
      else rule.groups.push(age);
    }
    for (const k of OTHER_KEYS) if (nonEmpty(r[k])) rule.unsupportedKeys.push(k);
  }
  if (r.shamir_threshold !== undefined && r.shamir_threshold !== null) {
    if (!Number.isInteger(r.shamir_threshold) || (r.shamir_threshold as number) < 0)
      problem(["shamir_threshold"], "shamir_threshold is not a non-negative integer");
    else if ((r.shamir_threshold as number) > 0) rule.shamirThreshold = r.shamir_threshold as number;
  }
  const chosen = SELECTION_OPTIONS.filter((k) => r[k] !== undefined && r[k] !== null && r[k] !== "");
  if (chosen.length > 1) problem([chosen[1]!], `only one of ${chosen.join(", ")} may be set`);
  else if (chosen.length === 1) {
    const kind = chosen[0]!;
    if (typeof r[kind] !== "string") problem([kind], `${kind} is not a string`);
    else rule.selection = { kind, value: r[kind] as string };
  }
  if (r.mac_only_encrypted !== undefined && r.mac_only_encrypted !== null) {
    if (typeof r.mac_only_encrypted !== "boolean") problem(["mac_only_encrypted"], "mac_only_encrypted is not true or false");
    else rule.macOnlyEncrypted = r.mac_only_encrypted;
  }
  return rule;
}

function nonEmpty(v: unknown): boolean {
  return v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0);
}

/**
 * The path a rule's `path_regex` is matched against (spec §8.2): the file's
 * absolute path without the `<config dir>/` prefix when it is below it,
 * else the absolute path. Separators as the OS writes them.
 */
export function rulePath(configDir: string, file: string): string {
  const abs = resolve(file);
  const rel = relative(resolve(configDir), abs);
  return rel !== "" && !rel.startsWith(".." + sep) && rel !== ".." && !isAbsolute(rel) ? rel : abs;
}

/** Whether `rule` applies to `path` (Go `MatchString`: an unanchored RE2 search). */
export function ruleMatches(rule: CreationRule, path: string): boolean {
  return rule.pathRegex === undefined || compileGoRegex(rule.pathRegex).test(path);
}

/**
 * The first rule matching `file`; undefined when there are no rules.
 * @throws HushError CONFIG_NO_MATCHING_RULE when rules exist and none matches
 */
export function chooseRule(rules: readonly CreationRule[], configFile: string, configDir: string, file: string): CreationRule | undefined {
  if (rules.length === 0) return undefined;
  const path = rulePath(configDir, file);
  const rule = rules.find((r) => ruleMatches(r, path));
  if (!rule) {
    throw new HushError("CONFIG_NO_MATCHING_RULE", `no creation rule in ${configFile} matches ${path}`, {
      file,
      hint: "add a rule whose path_regex matches it, or pass --age",
    });
  }
  return rule;
}
