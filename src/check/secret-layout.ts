/**
 * What may live under the secrets directory: sops store files
 * `shared/<name>.yaml` and `users/<user>/<name>.yaml`, the empty `.gitkeep`
 * files `hush init` writes, and sops files of the team's own (Flux,
 * helm-secrets: a sops format a `.sops.yaml` creation rule covers, judged
 * under that rule). Anything else (a `.txt`, a `.YAML`, a `.bak`, a file with
 * no extension, a file outside a scope directory that no rule covers) is
 * neither encrypted by hush nor judged as a secret, so it is refused by name.
 */
import type { Problem } from "../errors.js";
import { detectFormat } from "../formats/detect.js";
import type { SelectionPolicy } from "../sops/selection-policy.js";
import { NAME_PATTERN, SECRET_SUFFIX } from "../store/paths.js";

/** Whether sops reads `file` as a structured format (YAML, JSON, dotenv, INI: not binary): the check judges its values. */
export function isStructuredSopsFile(file: string): boolean {
  return detectFormat(file) !== "binary";
}

/** Whether `policy` comes from a `.sops.yaml` creation rule that matches the file (see rulePolicy: its source names the rule). */
export function coveredByRule(policy: SelectionPolicy): boolean {
  return !policy.store && policy.source.startsWith("creation rule ");
}

/** `secretsDir`-relative placement of `file`: undefined when it is a store file, else why not. */
export function misplacedSecretFile(secretsDir: string, file: string): string | undefined {
  const base = secretsDir.replace(/\\/g, "/").replace(/\/+$/, "");
  const parts = file.slice(base.length + 1).split("/");
  const leaf = parts.at(-1) ?? "";
  if (!leaf.endsWith(SECRET_SUFFIX)) return `not a secret file: only <name>${SECRET_SUFFIX} files are encrypted here`;
  const name = leaf.slice(0, -SECRET_SUFFIX.length);
  if (!NAME_PATTERN.test(name)) return `not a secret file: "${leaf}" is not a valid secret name`;
  if (parts.length === 2 && parts[0] === "shared") return undefined;
  if (parts.length === 3 && parts[0] === "users" && NAME_PATTERN.test(parts[1] ?? "")) return undefined;
  return "not a secret file: secrets live in shared/ or users/<user>/";
}

/** Whether `file` is a `.gitkeep` (allowed when empty: `hush init` writes them to keep empty dirs). */
export function isKeepFile(file: string): boolean {
  return file === ".gitkeep" || file.endsWith("/.gitkeep");
}

/** The problem for a file under the secrets directory that is not a store file. */
export function misplacedProblem(file: string, why: string): Problem {
  return {
    file,
    line: 1,
    col: 1,
    message: `${why}; hush does not encrypt or judge it, so it would be committed as it is`,
    hint: `move it out of the secrets directory, or store it as a secret with \`hush secret create NAME --KEY=...\` (\`git rm --cached ${file}\` unstages it); a sops file of your own needs a .sops.yaml creation rule`,
    code: "FILE_MISPLACED",
  };
}
