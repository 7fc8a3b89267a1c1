/**
 * What a new encryption uses (spec §3, §6.2, §8): recipients from `--age`,
 * else `SOPS_AGE_RECIPIENTS`, else the matching `.sops.yaml` creation rule;
 * selection options per option from the flags, else the rule, else the
 * default `_unencrypted` suffix. Any key given on the command line or in the
 * environment means the rules' keys are ignored (and a config with no
 * matching rule is then no error).
 */
import { dirname } from "node:path";
import { HushError } from "../errors.js";
import type { Selection, SelectionKind } from "../sops/metadata.js";
import { SELECTION_OPTIONS, chooseRule, type CreationRule } from "../config/creation-rules.js";
import { defaultStores, type StoresConfig } from "../config/stores-config.js";
import type { FileContext } from "./io.js";

/** The selection flags of encrypt/edit (`--encrypted-regex` ...), by sops metadata name. */
export type SelectionFlags = Partial<Record<SelectionKind, string>>;

export interface EncryptSettings {
  /** `--age`: comma-separated age recipients. */
  age?: string;
  /** `--config`: this .sops.yaml, no search. */
  configFile?: string;
  selection?: SelectionFlags;
  macOnlyEncrypted?: boolean;
}

export interface ResolvedEncryption {
  /** Recipients per key group (one group unless the rule has key_groups). */
  groups: string[][];
  shamirThreshold?: number;
  selection: Selection | undefined;
  macOnlyEncrypted: boolean;
  /** The config file read, if any. */
  configFile?: string;
  rule?: CreationRule;
  /** Its `stores:` section (the defaults without a config). */
  stores: StoresConfig;
}

/** Splits a `--age`/`SOPS_AGE_RECIPIENTS` list: parts trimmed; an empty part is an error, as in sops. @throws HushError RECIPIENT_INVALID */
export function recipientList(text: string, source: string): string[] {
  return text.split(",").map((part) => {
    const r = part.trim();
    if (r === "") throw new HushError("RECIPIENT_INVALID", `${source} has an empty recipient`, { hint: "remove the extra comma" });
    return r;
  });
}

/**
 * Settles recipients and options for encrypting `file` (absolute path; `-` reads config from cwd).
 * @throws HushError CONFIG_INVALID, CONFIG_NO_MATCHING_RULE, CONFLICTING_OPTIONS, NO_RECIPIENTS, RECIPIENT_INVALID, FILE_NOT_FOUND (--config)
 */
export async function resolveEncryption(file: string, settings: EncryptSettings, ctx: FileContext): Promise<ResolvedEncryption> {
  const env = ctx.env ?? process.env;
  const verbose = ctx.onVerbose ?? (() => {});
  const { findSopsConfig, loadSopsConfig } = await import("../config/sops-yaml.js");
  const found = findSopsConfig(dirname(file), { ...(settings.configFile !== undefined ? { explicit: settings.configFile } : {}), env, cwd: ctx.cwd ?? process.cwd() });
  for (const w of found.warnings) ctx.onWarning?.(w);
  const keysGiven = settings.age !== undefined && settings.age !== "" ? "--age" : env.SOPS_AGE_RECIPIENTS ? "SOPS_AGE_RECIPIENTS" : undefined;

  let rule: CreationRule | undefined;
  let stores = defaultStores();
  if (found.file) {
    verbose(`config: ${found.file}`);
    const config = loadSopsConfig(found.file);
    stores = config.stores;
    try {
      rule = chooseRule(config.rules, config.file, config.dir, file);
    } catch (error) {
      // Keys on the command line: the rules' keys are not needed (spec §6.2).
      if (!keysGiven) throw error;
      verbose(`rule: none matches ${file}; using ${keysGiven}`);
    }
    if (rule) verbose(`rule: creation rule ${rule.index + 1} (line ${rule.line})${rule.pathRegex !== undefined ? ` path_regex ${JSON.stringify(rule.pathRegex)}` : " (no path_regex)"}`);
    else if (config.rules.length === 0) verbose("rule: the config has no creation rules");
  } else {
    verbose("config: no .sops.yaml found");
  }

  let groups: string[][];
  let shamirThreshold: number | undefined;
  if (keysGiven === "--age") groups = [recipientList(settings.age!, "--age")];
  else if (keysGiven) groups = [recipientList(env.SOPS_AGE_RECIPIENTS!, "SOPS_AGE_RECIPIENTS")];
  else {
    groups = (rule?.groups ?? []).filter((g) => g.length > 0);
    shamirThreshold = rule?.shamirThreshold;
    if (rule && rule.unsupportedKeys.length > 0) ctx.onWarning?.(`creation rule ${rule.index + 1} of ${found.file}: hush encrypts to age keys only; ignoring ${rule.unsupportedKeys.join(", ")}`);
    if (rule && rule.groups.some((g) => g.length === 0) && groups.length > 0) {
      throw new HushError("NO_RECIPIENTS", `creation rule ${rule.index + 1} of ${found.file} has an empty key group`, { file: found.file, line: rule.line });
    }
  }
  if (groups.length === 0 || groups.every((g) => g.length === 0)) {
    throw new HushError("NO_RECIPIENTS", `no age recipient to encrypt ${file} to`, { hint: "pass --age, set SOPS_AGE_RECIPIENTS or add a .sops.yaml creation rule" });
  }
  verbose(`recipients: ${groups.map((g) => g.join(", ")).join(" | ")}${keysGiven ? ` (from ${keysGiven})` : rule ? " (from the rule)" : ""}`);

  const selection = mergeSelection(settings.selection ?? {}, rule?.selection);
  const resolved: ResolvedEncryption = {
    groups,
    selection,
    macOnlyEncrypted: settings.macOnlyEncrypted ?? rule?.macOnlyEncrypted ?? false,
    stores,
  };
  if (shamirThreshold !== undefined) resolved.shamirThreshold = shamirThreshold;
  if (found.file) resolved.configFile = found.file;
  if (rule) resolved.rule = rule;
  return resolved;
}

/** Per option: the flag, else the rule's; more than one option in all is a conflict (sops exit 8). @throws HushError CONFLICTING_OPTIONS */
export function mergeSelection(flags: SelectionFlags, fromRule: Selection | undefined): Selection | undefined {
  const chosen = new Map<SelectionKind, string>();
  for (const kind of SELECTION_OPTIONS) {
    const v = flags[kind];
    if (v !== undefined && v !== "") chosen.set(kind, v);
  }
  if (fromRule && !chosen.has(fromRule.kind)) chosen.set(fromRule.kind, fromRule.value);
  if (chosen.size > 1) {
    throw new HushError("CONFLICTING_OPTIONS", `only one of ${[...chosen.keys()].join(", ")} may be used`, { hint: "a flag and a different option in the creation rule count as two" });
  }
  const [entry] = chosen;
  return entry ? { kind: entry[0], value: entry[1] } : undefined;
}
