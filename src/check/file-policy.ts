/**
 * The selection policy of each file the check judges (selection-policy.ts):
 * a store file (`<secrets>/shared/*.yaml`, `<secrets>/users/<u>/*.yaml`)
 * encrypts every value; any other sops file under the secrets dir has its
 * `.sops.yaml` creation rule's selection — the `.sops.yaml` at the repository
 * root, in the state being checked (the index with --staged). That config is
 * read only when such a file is met.
 */
import { join } from "node:path";
import type { HushConfig } from "../config/hush-config.js";
import { STORE_POLICY, rulePolicy, type SelectionPolicy } from "../sops/selection-policy.js";
import { SOPS_YAML_FILE } from "../config/sops-yaml-writer.js";
import { placeOf } from "../config/recipient-check.js";
import type { CheckSource } from "./check-sources.js";

/** A lookup of each file's policy (paths relative to the root, `/` separators). */
export function policyLookup(config: HushConfig, source: Pick<CheckSource, "read">): (file: string) => Promise<SelectionPolicy> {
  let rules: Promise<((file: string) => SelectionPolicy)> | undefined;
  const loadRules = async (): Promise<(file: string) => SelectionPolicy> => {
    const text = await source.read(SOPS_YAML_FILE).then((b) => b.toString("utf8"), () => undefined);
    if (text === undefined) return () => rulePolicy(undefined, undefined);
    const [{ parseSopsConfig }, { ruleMatches }] = await Promise.all([import("../config/sops-yaml.js"), import("../config/creation-rules.js")]);
    let parsed;
    try {
      parsed = parseSopsConfig(text, join(config.root, SOPS_YAML_FILE));
    } catch {
      // A broken .sops.yaml: no rule backs any selection, so sops's default is the policy.
      return () => rulePolicy(undefined, SOPS_YAML_FILE);
    }
    const { rules: list } = parsed;
    return (file) => rulePolicy(list.find((r) => ruleMatches(r, file)), SOPS_YAML_FILE);
  };
  return async (file) => {
    if (placeOf(config, file)) return STORE_POLICY;
    rules ??= loadRules();
    return (await rules)(file);
  };
}
