/**
 * Rule 2 for the generated .sops.yaml: plain sops, Flux and helm-secrets
 * encrypt to what its creation rules say, so it must be exactly what
 * .hush.yaml generates. A .sops.yaml without hush's GENERATED marker is the
 * user's own and is left alone; a missing one is no problem of the check.
 */
import type { HushConfig } from "../config/hush-config.js";
import { GENERATED_MARKER_PREFIX, SOPS_YAML_FILE, sopsYamlText } from "../config/sops-yaml-writer.js";
import type { Problem } from "../errors.js";

/** A problem when a generated `.sops.yaml` (its text, if any) is out of date with `config`. */
export function checkSopsYaml(config: HushConfig, text: string | undefined): Problem[] {
  if (text === undefined || !text.startsWith(GENERATED_MARKER_PREFIX) || text === sopsYamlText(config)) return [];
  return [{
    file: SOPS_YAML_FILE,
    line: 1,
    col: 1,
    message: "generated creation rules are out of date with .hush.yaml (plain sops and Flux would encrypt to other recipients)",
    hint: "run `hush user sync` to regenerate it and re-key the secret files",
    code: "CHECK_FAILED",
  }];
}
