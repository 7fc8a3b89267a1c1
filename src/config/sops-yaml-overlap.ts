/**
 * `hush init` in a repository that already has its own `.sops.yaml`: hush puts
 * its rules first (the first matching rule wins), so a team rule that already
 * matches hush's paths would silently lose those files to hush's recipients.
 * init says which rule and stops instead.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HushError } from "../errors.js";
import { ruleMatches } from "./creation-rules.js";
import { parseSopsConfig } from "./sops-yaml.js";
import { findHushBlock, GENERATED_MARKER_PREFIX, SOPS_YAML_FILE } from "./sops-yaml-writer.js";

/**
 * Throws when a rule of the `.sops.yaml` at `root` (one hush did not write)
 * matches a path hush will write secrets to.
 * @throws HushError CONFIG_CONFLICT, CONFIG_INVALID (the existing file is broken)
 */
export function assertNoRuleOverlap(root: string, secretsDir: string, users: readonly string[]): void {
  const file = join(root, SOPS_YAML_FILE);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return;
  }
  if (text.startsWith(GENERATED_MARKER_PREFIX) || findHushBlock(text.split("\n"))) return;
  const base = secretsDir.replace(/\\/g, "/").replace(/\/+$/, "");
  const paths = [`${base}/shared/example.yaml`, ...(users.length ? users : ["someone"]).map((u) => `${base}/users/${u}/example.yaml`)];
  for (const rule of parseSopsConfig(text, file).rules) {
    const path = paths.find((p) => ruleMatches(rule, p));
    if (path === undefined) continue;
    const which =
      rule.pathRegex === undefined ? "has no path_regex, so it matches every file" : `(path_regex ${JSON.stringify(rule.pathRegex)}) matches ${path}`;
    throw new HushError(
      "CONFIG_CONFLICT",
      `creation rule ${rule.index + 1} of ${SOPS_YAML_FILE} ${which}: hush's rules for ${base}/ go first and would take those files from it`,
      {
        file: SOPS_YAML_FILE,
        line: rule.line,
        hint: `give that rule a path_regex that leaves ${base}/ out, then run \`hush init\` again (nothing was written)`,
      },
    );
  }
}
