/**
 * Which values a file must have encrypted is policy, never the file's own
 * claim. The sops MAC covers values, not metadata: anyone who can commit can
 * change a file's `encrypted_regex`, `unencrypted_suffix`, ... (or
 * `mac_only_encrypted`) and the MAC still verifies; the next writer would then
 * put a new value in clear. So every reader and writer compares the file's
 * selection with the policy for that file, here, and refuses a difference:
 *
 * - hush store files (`secrets/shared/*.yaml`, `secrets/users/<u>/*.yaml`):
 *   every value encrypted — sops's default `unencrypted_suffix: _unencrypted`
 *   and nothing else (store keys may not end in `_unencrypted`);
 * - other sops files: the selection of their `.sops.yaml` creation rule; no
 *   config, no matching rule or a rule without one means sops's default.
 *
 * Pure: no regex engine, no I/O. The callers pick the policy (the store, the
 * sops commands, the check) and the codec enforces it when opening a file.
 */
import { HushError } from "../errors.js";
import { DEFAULT_SELECTION, type Metadata, type Selection } from "./metadata.js";

/** What a file must say about which values are encrypted. */
export interface SelectionPolicy {
  selection: Selection;
  macOnlyEncrypted: boolean;
  /** Where the policy comes from, for messages: "hush's store policy", "creation rule 2 of /repo/.sops.yaml". */
  source: string;
  /** True for hush store files: a difference is never accepted (no flag overrides it). */
  store: boolean;
}

/**
 * What a caller that holds a file to no policy says: the file's own sops block
 * decides (a read that judges no value, or a file already held to its policy).
 * Every caller of the codec chooses one or the other, in so many words.
 */
export const FILE_OWN_SELECTION = "the file's own selection";

/** The selection a file is held to when opened: a policy, or its own word. */
export type SelectionChoice = SelectionPolicy | typeof FILE_OWN_SELECTION;

/** hush's own files: every value encrypted. */
export const STORE_POLICY: SelectionPolicy = Object.freeze({
  selection: DEFAULT_SELECTION,
  macOnlyEncrypted: false,
  source: "hush's store policy (every value encrypted)",
  store: true,
});

/** A `.sops.yaml` creation rule's selection, or sops's default (encrypt everything) when there is no rule or it sets none. */
export function rulePolicy(
  rule: { index: number; selection?: Selection; macOnlyEncrypted?: boolean } | undefined,
  configFile: string | undefined,
): SelectionPolicy {
  const source =
    rule && configFile !== undefined
      ? `creation rule ${rule.index + 1} of ${configFile}`
      : configFile !== undefined
        ? `${configFile} (no rule matches: sops's default)`
        : "sops's default (no .sops.yaml)";
  return { selection: rule?.selection ?? DEFAULT_SELECTION, macOnlyEncrypted: rule?.macOnlyEncrypted ?? false, source, store: false };
}

/** How a selection reads in messages: `encrypted_regex "^(user|password)$"`, with `mac_only_encrypted` when set. */
export function describeSelection(selection: Selection, macOnlyEncrypted: boolean): string {
  const isDefault = selection.kind === DEFAULT_SELECTION.kind && selection.value === DEFAULT_SELECTION.value;
  const text = isDefault ? "every value encrypted" : `${selection.kind} ${JSON.stringify(selection.value)}`;
  return macOnlyEncrypted ? `${text}, mac_only_encrypted` : text;
}

/** A difference between a file's selection and its policy. */
export interface SelectionMismatch {
  /** The sops metadata fields that differ (`encrypted_regex`, `mac_only_encrypted`, ...). */
  fields: string[];
  /** What the file sets in those fields: `encrypted_regex "^(user|password)$"`, `mac_only_encrypted: true`. */
  sets: string[];
  /** The file's selection, described. */
  file: string;
  /** The policy's selection, described. */
  policy: string;
}

/** How `metadata`'s selection differs from `policy`; undefined when it does not. */
export function selectionMismatch(metadata: Pick<Metadata, "selection" | "macOnlyEncrypted">, policy: SelectionPolicy): SelectionMismatch | undefined {
  const fields: string[] = [];
  const sets: string[] = [];
  const have = metadata.selection;
  const want = policy.selection;
  if (have.kind !== want.kind || have.value !== want.value) {
    const isDefault = (s: Selection) => s.kind === DEFAULT_SELECTION.kind && s.value === DEFAULT_SELECTION.value;
    // Name the field the file sets; when the file has the default, the one the policy wants.
    fields.push(isDefault(have) ? want.kind : have.kind);
    sets.push(isDefault(have) ? `no ${want.kind}` : `${have.kind} ${JSON.stringify(have.value)}`);
  }
  if (metadata.macOnlyEncrypted !== policy.macOnlyEncrypted) {
    fields.push("mac_only_encrypted");
    sets.push(`mac_only_encrypted: ${metadata.macOnlyEncrypted}`);
  }
  if (fields.length === 0) return undefined;
  return { fields, sets, file: describeSelection(have, metadata.macOnlyEncrypted), policy: describeSelection(want, policy.macOnlyEncrypted) };
}

/** The one-line refusal for a mismatch (no value in it: selections are metadata). */
export function mismatchMessage(mismatch: SelectionMismatch, policy: SelectionPolicy): string {
  if (policy.store)
    return `the sops block sets ${mismatch.sets.join(" and ")}; hush store files have every value encrypted, so hush refuses to read or write this file`;
  return `the file's selection (${mismatch.file}) differs from ${policy.source}, which has ${mismatch.policy}`;
}

/** What to do next, per kind of file. */
export function mismatchHint(policy: SelectionPolicy, file = "FILE"): string {
  if (policy.store)
    return `its selection fields were edited outside hush: restore it from git (\`git checkout -- ${file}\` or an earlier commit) and find out who changed it`;
  return "fix the creation rule or restore the file; pass --trust-file-selection only if you wrote the file's selection yourself";
}

/**
 * Refuses a file whose selection differs from `policy` (undefined: the caller
 * chose to trust the file's own selection).
 * @throws HushError SELECTION_REFUSED naming the file, the field and both selections
 */
export function enforceSelectionPolicy(metadata: Pick<Metadata, "selection" | "macOnlyEncrypted">, policy: SelectionChoice, file?: string): void {
  if (policy === FILE_OWN_SELECTION) return;
  const mismatch = selectionMismatch(metadata, policy);
  if (!mismatch) return;
  throw new HushError("SELECTION_REFUSED", mismatchMessage(mismatch, policy), { ...(file !== undefined ? { file } : {}), hint: mismatchHint(policy, file) });
}
