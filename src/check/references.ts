/**
 * Rule 3 of the pre-commit check: every stack reference resolves at the
 * configured level, against the secrets of the state being checked (the
 * index with --staged). Keys come from the inspections of rule 1, so no
 * file is read twice and no private key is needed below DECRYPTABLE.
 */
import type { Problem } from "../errors.js";
import type { ValidationLevel } from "../refs/levels.js";
import { parseStackFile, type StackFile } from "../refs/stack-file.js";
import { validateReferences } from "../refs/validate.js";
import type { SecretInfo } from "../store/types.js";

export interface ReferenceCheckOptions {
  level: ValidationLevel;
  users: ReadonlyArray<string | undefined>;
  secrets: Iterable<SecretInfo>;
  decrypt?: (info: SecretInfo) => Promise<string | undefined>;
}

/** Parses each stack (name from the file name) and validates its references. */
export async function checkReferences(
  stacks: ReadonlyArray<{ file: string; text: string }>,
  options: ReferenceCheckOptions,
): Promise<{ problems: Problem[]; parsed: StackFile[] }> {
  const parsed = stacks.map(({ file, text }) => parseStackFile(stackName(file), file, text));
  const problems = await validateReferences(parsed, options);
  return { problems, parsed };
}

function stackName(file: string): string {
  return (file.split("/").at(-1) ?? file).replace(/\.ya?ml$/, "");
}
