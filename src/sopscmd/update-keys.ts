/**
 * `hush updatekeys FILE`: makes a file's age recipients those of its
 * `.sops.yaml` creation rule. Same data key; values, MAC and lastmodified
 * untouched; entries of staying recipients kept byte for byte (sops
 * re-wraps them all; keeping them keeps the diff to what changed).
 */
import { HushError } from "../errors.js";
import { formatsOf, type TypeOptions } from "./io-formats.js";
import { identitiesFor, type IdentityOptions } from "./file-identities.js";
import { absolutePath, readInput, writeOutput, type FileContext } from "./io.js";
import { FILE_OWN_SELECTION } from "../sops/selection-policy.js";

export interface UpdateKeysOptions extends Pick<TypeOptions, "inputType">, IdentityOptions, FileContext {
  file: string;
  /** `--config`: this .sops.yaml, no search. */
  configFile?: string;
  /** `--trust-file-selection`: rewrite the file even when its selection differs from the creation rule's. */
  trustFileSelection?: boolean;
  /** `--drop-foreign-keys`: a new key group shape may drop the file's pgp/kms/... entries. */
  dropForeignKeys?: boolean;
  /** Asked with the change before anything is written; false leaves the file alone. Default: yes. */
  confirm?: (change: { file: string; added: string[]; removed: string[]; regroup?: boolean }) => Promise<boolean>;
}

export interface KeysUpdate {
  file: string;
  added: string[];
  removed: string[];
  /** True when the file's keys differ from the rule's (false: already up to date). */
  changed: boolean;
  /** True when the file was rewritten. */
  written: boolean;
  /** The key groups changed shape (count or threshold): the data key was re-split and every entry re-wrapped. */
  regroup?: boolean;
}

/**
 * The rewritten file is laid out per the config's `stores:` section; sops.version stays.
 * @throws HushError FILE_NOT_FOUND, NOT_ENCRYPTED, SELECTION_REFUSED (the file's selection is not the rule's), CONFIG_NOT_FOUND (no .sops.yaml), CONFIG_INVALID, CONFIG_NO_MATCHING_RULE, NO_IDENTITY, NO_MATCHING_IDENTITY (only when recipients are added), NO_RECIPIENTS, FILE_WRITE_FAILED, INDENT_INVALID
 */
export async function updateFileKeys(options: UpdateKeysOptions): Promise<KeysUpdate> {
  const { file } = options;
  const { input } = formatsOf(file, options);
  const bytes = readInput(file, options);
  const port = await (await import("../sopsfile/codec-port.js")).codec();
  port.inspectFile(bytes, input, file, FILE_OWN_SELECTION); // not a sops file: said before any config is looked for (the policy is held below)
  const { dirname } = await import("node:path");
  const { findSopsConfig, loadSopsConfig } = await import("../config/sops-yaml.js");
  const { chooseRule } = await import("../config/creation-rules.js");
  const target = absolutePath(file, options);
  const found = findSopsConfig(dirname(target), {
    ...(options.configFile !== undefined ? { explicit: options.configFile } : {}),
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
  });
  for (const w of found.warnings) options.onWarning?.(w);
  if (!found.file)
    throw new HushError("CONFIG_NOT_FOUND", `no .sops.yaml for ${file}`, {
      file,
      hint: "updatekeys takes the recipients from the matching .sops.yaml creation rule",
    });
  options.onVerbose?.(`config: ${found.file}`);
  const config = loadSopsConfig(found.file);
  const rule = chooseRule(config.rules, config.file, config.dir, target);
  if (!rule) throw new HushError("CONFIG_NO_MATCHING_RULE", `${found.file} has no creation rules`, { file: found.file });
  options.onVerbose?.(
    `rule: creation rule ${rule.index + 1} (line ${rule.line})${rule.pathRegex !== undefined ? ` path_regex ${JSON.stringify(rule.pathRegex)}` : ""}`,
  );
  // The rule that gives the recipients also gives the selection the file must have.
  // A store file keeps the store's policy whatever the rule says, and no flag lifts it.
  const store = await (await import("./selection-guard.js")).storePolicyFor(target);
  const policy = store ?? (options.trustFileSelection ? undefined : (await import("../sops/selection-policy.js")).rulePolicy(rule, found.file));
  const { metadata } = port.inspectFile(bytes, input, file, policy ?? FILE_OWN_SELECTION);
  const groups = rule.groups.length > 0 ? rule.groups : [[]];
  const { planKeyUpdate } = await import("../sopsfile/key-plan.js");
  const plan = planKeyUpdate(metadata, groups, rule.shamirThreshold);
  const { added, removed } = plan;
  if (!plan.changed) return { file, added, removed, changed: false, written: false };
  if (options.confirm && !(await options.confirm({ file, added, removed, ...(plan.regroup ? { regroup: true } : {}) })))
    return { file, added, removed, changed: true, written: false };
  // sops rewrites the file through the store of the config's stores section (no --indent here).
  const { emitOptionsFor } = await import("../config/stores-config.js");
  const { indent } = emitOptionsFor(input, config.stores);
  // Adding recipients (or new shares) needs the data key; only dropping entries does not. Loaded before the lock (a key command may prompt).
  let identities = planNeedsKey(plan) ? await identitiesFor(options, options) : { identities: [], warnings: [] };
  const { withFileLock, withMembershipLockOf } = await import("./file-lock.js");
  // Under the repo's membership lock (a `user remove` rewrites .sops.yaml and the files) and the file's lock, both read again
  // (the confirmation may have taken a while): a rule changed meanwhile is not applied unconfirmed, and what is rewritten is the file as it is now.
  const updated = await withMembershipLockOf(file, options, () =>
    withFileLock(file, options, async () => {
      const ruleNow = chooseRule(loadSopsConfig(found.file!).rules, config.file, config.dir, target);
      if (!ruleNow || JSON.stringify([ruleNow.groups, ruleNow.shamirThreshold]) !== JSON.stringify([rule.groups, rule.shamirThreshold])) {
        throw new HushError("FILE_CHANGED", `the creation rule for ${file} changed while updatekeys ran; nothing was written`, {
          file: found.file!,
          hint: "run updatekeys again",
        });
      }
      const now = readInput(file, options);
      if (!Buffer.from(now).equals(Buffer.from(bytes))) {
        const again = planKeyUpdate(port.inspectFile(now, input, file, policy ?? FILE_OWN_SELECTION).metadata, groups, rule.shamirThreshold);
        if (!again.changed) return undefined;
        if (planNeedsKey(again) && identities.identities.length === 0) identities = await identitiesFor(options, options);
      }
      const result = await port.updateKeys(now, {
        format: input,
        identities,
        groups,
        ...(rule.shamirThreshold !== undefined ? { shamirThreshold: rule.shamirThreshold } : {}),
        ...(indent !== undefined ? { indent } : {}),
        file,
        policy: policy ?? FILE_OWN_SELECTION,
        ...(options.dropForeignKeys ? { dropForeignKeys: true } : {}),
      });
      await writeOutput(file, result.bytes, options, 0o644);
      return result;
    }),
  );
  if (!updated) return { file, added: [], removed: [], changed: false, written: false };
  return { file, added: updated.added, removed: updated.removed, changed: true, written: true, ...(plan.regroup ? { regroup: true } : {}) };
}

function planNeedsKey(plan: { regroup?: boolean; added: string[]; addedByGroup: string[][] }): boolean {
  return plan.regroup === true || plan.added.length > 0 || plan.addedByGroup.some((g) => g.length > 0);
}
