/**
 * Rule 2 for `.sops.yaml`: plain sops, Flux and helm-secrets encrypt to what
 * its creation rules say, so hush's block (or a file hush generated whole)
 * must be exactly what .hush.yaml generates. Only hush's part is judged: the
 * team's own rules are theirs. A file with no hush part, or none at all, is no
 * problem of the check.
 */
import type { HushConfig } from "../config/hush-config.js";
import { findHushBlock, GENERATED_MARKER_PREFIX, hushBlockLines, legacySopsYamlText, SOPS_YAML_FILE } from "../config/sops-yaml-writer.js";
import type { Problem } from "../errors.js";

/** A problem when hush's part of `.sops.yaml` (its text, if any) is out of date with `config`. */
export function checkSopsYaml(config: HushConfig, text: string | undefined): Problem[] {
  if (text === undefined) return [];
  let line: number;
  if (text.startsWith(GENERATED_MARKER_PREFIX)) {
    // Written whole by an older hush: still right if it says what .hush.yaml says; hush's next write moves it to the block form.
    if (text === legacySopsYamlText(config)) return [];
    line = 1;
  } else {
    const lines = text.split("\n");
    const block = findHushBlock(lines);
    if (!block) return [];
    const indent = /^\s*/.exec(lines[block.begin]!)![0];
    const want = hushBlockLines(config, indent);
    const have = lines.slice(block.begin, block.end + 1);
    if (have.length === want.length && have.every((l, i) => l === want[i])) return [];
    line = block.begin + 1;
  }
  return [{
    file: SOPS_YAML_FILE,
    line,
    col: 1,
    message: "hush's creation rules are out of date with .hush.yaml (plain sops and Flux would encrypt to other recipients)",
    hint: "run `hush user sync` to regenerate them and re-key the secret files",
    code: "SOPS_YAML_STALE",
  }];
}
