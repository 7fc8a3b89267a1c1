/**
 * The selection policy of a file the sops commands open: a hush store file
 * (`<secrets>/shared/*.yaml`, `<secrets>/users/<u>/*.yaml` of the `.hush.yaml`
 * above it) has the store's, whatever `.sops.yaml` says; any other file the
 * selection of its `.sops.yaml` creation rule (found as for encrypt:
 * `--config`, `SOPS_CONFIG`, else upward from the file), sops's default when
 * there is no config, no matching rule or no selection in it. The commands
 * that rewrite a file (set, unset, edit, rotate, updatekeys) hold it to that
 * policy; `--trust-file-selection` lifts it for files outside the store only.
 * decrypt only warns.
 * The comparison itself is src/sops/selection-policy.ts.
 */
import { dirname, relative, sep } from "node:path";
import type { Metadata } from "../sops/metadata.js";
import { DEFAULT_SELECTION } from "../sops/metadata.js";
import type { SelectionPolicy } from "../sops/selection-policy.js";
import { absolutePath, type FileContext } from "./io.js";

export interface SelectionTrustOptions {
  /** `--trust-file-selection`: accept the file's own selection even where it differs from its creation rule. */
  trustFileSelection?: boolean;
  /** `--config`: this .sops.yaml, no search. */
  configFile?: string;
}

/**
 * The policy for `file` (a path; `-` looks up from the working directory).
 * @throws HushError CONFIG_INVALID (file, line), FILE_NOT_FOUND (an explicit config), FILE_READ_FAILED
 */
export async function sopsFilePolicy(file: string, options: SelectionTrustOptions & FileContext): Promise<SelectionPolicy> {
  const target = absolutePath(file === "-" ? "." : file, options);
  const store = file === "-" ? undefined : await storePolicyFor(target);
  if (store) return store;
  const [{ findSopsConfig, loadSopsConfig }, { ruleMatches, rulePath }, { rulePolicy }] = await Promise.all([
    import("../config/sops-yaml.js"),
    import("../config/creation-rules.js"),
    import("../sops/selection-policy.js"),
  ]);
  const start = file === "-" ? target : dirname(target);
  const found = findSopsConfig(start, { ...(options.configFile !== undefined ? { explicit: options.configFile } : {}), env: options.env ?? process.env, cwd: options.cwd ?? process.cwd() });
  if (!found.file) return rulePolicy(undefined, undefined);
  const config = loadSopsConfig(found.file);
  const path = rulePath(config.dir, target);
  // No matching rule is no error here (sops needs one only for keys): the default selection then applies.
  return rulePolicy(config.rules.find((r) => ruleMatches(r, path)), found.file);
}

/**
 * The store policy when `target` (absolute) is a store file of the hush
 * repository above it; undefined otherwise, or when its `.hush.yaml` does not
 * load (then the file is judged as any sops file).
 */
export async function storePolicyFor(target: string): Promise<SelectionPolicy | undefined> {
  const { findHushRoot, loadHushConfig } = await import("../config/hush-config.js");
  const root = findHushRoot(dirname(target));
  if (root === undefined) return undefined;
  let config;
  try {
    config = await loadHushConfig(root);
  } catch {
    return undefined;
  }
  const [{ placeOf }, { STORE_POLICY }] = await Promise.all([import("../config/recipient-check.js"), import("../sops/selection-policy.js")]);
  return placeOf(config, relative(root, target).split(sep).join("/")) ? STORE_POLICY : undefined;
}

/**
 * The policy a rewriting command holds `file` to; undefined with
 * `--trust-file-selection` for a file outside the store (a store file's policy is never lifted).
 * @throws HushError as sopsFilePolicy
 */
export async function writerPolicy(file: string, options: SelectionTrustOptions & FileContext): Promise<SelectionPolicy | undefined> {
  if (!options.trustFileSelection) return sopsFilePolicy(file, options);
  // Trusted: no creation rule is needed, but a store file stays held to the store's policy.
  return file === "-" ? undefined : storePolicyFor(absolutePath(file, options));
}

/**
 * For readers (decrypt): a warning on stderr when the file leaves values in
 * clear that its creation rule would encrypt. A file with sops's default
 * selection is never looked up (no .sops.yaml read on the common path).
 */
export async function warnOnForeignSelection(metadata: Pick<Metadata, "selection" | "macOnlyEncrypted">, file: string, options: SelectionTrustOptions & FileContext): Promise<void> {
  if (!options.onWarning) return;
  const isDefault = metadata.selection.kind === DEFAULT_SELECTION.kind && metadata.selection.value === DEFAULT_SELECTION.value && !metadata.macOnlyEncrypted;
  if (isDefault) return;
  let policy: SelectionPolicy;
  try {
    policy = await sopsFilePolicy(file, options);
  } catch {
    return; // a broken config is the writers' error to report, not decrypt's
  }
  const { selectionMismatch, mismatchMessage } = await import("../sops/selection-policy.js");
  const mismatch = selectionMismatch(metadata, policy);
  if (!mismatch) return;
  const next = policy.store ? "" : "; hush set/edit/rotate/updatekeys will refuse it without --trust-file-selection";
  options.onWarning(`${file}: ${mismatchMessage(mismatch, policy)}${next}`);
}
