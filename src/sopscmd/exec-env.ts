/**
 * `hush exec-env FILE COMMAND` (sops `exec-env`, 3.9/3.10): decrypt FILE in
 * memory, put its top-level keys into COMMAND's environment, run COMMAND
 * with `/bin/sh -c`, and return its exit status. Nothing is written to disk.
 *
 * Which entries become variables is sops 3.9/3.10's rule (cmd/sops/main.go,
 * exec-env action): the first document only; comments skipped; a map or a
 * list, a non-string value (number, boolean, timestamp, null) or a key with
 * `=` fails the whole command (exit 1). Strings go in as they are: spaces,
 * quotes and newlines included, nothing escaped. sops 3.11+ also accepts
 * numbers and booleans; 3.9/3.10 do not.
 *
 * Unlike sops, hush's own key variables (SOPS_AGE_KEY...) are not passed on
 * unless asked (`passKeys`): see src/keys/key-variables.ts. The file's own
 * variables are, whatever their names.
 */
import { HushError } from "../errors.js";
import { withoutKeyVariables } from "../keys/key-variables.js";
import { Branch, Comment, Timestamp, type Document, type Value } from "../sops/tree.js";
import { openSopsFile } from "./decrypt-file.js";
import { runShell, startShellInBackground } from "./exec-shell.js";
import type { DecryptionOrderOptions } from "./decryption-order.js";
import type { IdentityOptions } from "./file-identities.js";
import type { FileContext } from "./io.js";

export interface ExecEnvOptions extends IdentityOptions, DecryptionOrderOptions, FileContext {
  /** The sops file. */
  file: string;
  /** yaml, json, dotenv, ini or binary; default by the file's suffix. */
  inputType?: string;
  /** The command line, run by `/bin/sh -c`. */
  command: string;
  /** The command gets only the file's variables, not hush's environment (`--pristine`). */
  pristine?: boolean;
  /** Pass hush's key variables (SOPS_AGE_KEY...) on to the command as sops does (`--pass-keys`); by default they are removed. */
  passKeys?: boolean;
  /** Start the command with no stdio and return 0 at once, without waiting for it (`--background`). */
  background?: boolean;
  /** hush runs on a terminal (default: any of its stdio is one); see exec-shell. */
  terminal?: boolean;
}

/**
 * Runs the command and returns hush's exit status for it: the command's
 * status, 128+N when it died of signal N; 0 at once with `background`.
 * While it runs, SIGINT, SIGTERM and SIGHUP to this process are forwarded to it.
 * @throws HushError before the command starts: FILE_NOT_FOUND, NOT_ENCRYPTED, METADATA_INVALID, NO_IDENTITY,
 *   NO_MATCHING_IDENTITY, VALUE_DECRYPT_FAILED, MAC_MISMATCH, PARSE_ERROR, USAGE (a bad --input-type),
 *   ENV_UNSUPPORTED (a value exec-env cannot export); COMMAND_NOT_FOUND when there is no /bin/sh
 */
export async function execWithEnv(options: ExecEnvOptions): Promise<number> {
  const variables = environmentOf(await openSopsFile(options), options.file);
  const parent = options.env ?? process.env;
  const env: NodeJS.ProcessEnv = options.pristine ? { ...variables } : { ...(options.passKeys ? parent : withoutKeyVariables(parent)), ...variables };
  const cwd = options.cwd ?? process.cwd();
  if (options.background) {
    await startShellInBackground({ command: options.command, env, cwd });
    return 0;
  }
  return runShell({ command: options.command, env, cwd, ...(options.terminal !== undefined ? { terminal: options.terminal } : {}) });
}

/**
 * The variables a decrypted document exports: each top-level key of its
 * first document with its string value. Every entry that cannot be one is
 * named in one error (by key and type, never by value).
 * @throws HushError ENV_UNSUPPORTED
 */
export function environmentOf(document: Document, file?: string): Record<string, string> {
  const variables: Record<string, string> = {};
  const refused: string[] = [];
  for (const item of (document[0] ?? new Branch()).items) {
    if (item instanceof Comment) continue;
    const problem = keyProblem(item.key) ?? valueProblem(item.value);
    if (problem) refused.push(`${JSON.stringify(item.key)} (${problem})`);
    else variables[item.key] = item.value as string;
  }
  if (refused.length) {
    throw new HushError("ENV_UNSUPPORTED", `cannot put ${refused.join(", ")} in the environment: exec-env exports top-level string values only`, {
      file,
      hint: "quote numbers and booleans in the file, or read nested data with `hush exec-file`",
    });
  }
  return variables;
}

function keyProblem(key: string): string | undefined {
  if (key.includes("=")) return "the key holds '='";
  if (key.includes("\0")) return "the key holds a NUL byte";
  return undefined;
}

/** Why `value` cannot be a variable's value, or undefined when it can (a string without NUL). */
function valueProblem(value: Value): string | undefined {
  if (typeof value === "string") return value.includes("\0") ? "the value holds a NUL byte" : undefined;
  if (value instanceof Branch) return "a map";
  if (Array.isArray(value)) return "a list";
  // A sops string of bytes that are not UTF-8: sops passes the bytes, node's environment holds only text.
  if (value instanceof Uint8Array) return "bytes that are not UTF-8 text";
  if (typeof value === "bigint") return "an integer";
  if (typeof value === "number") return "a float";
  if (typeof value === "boolean") return "a boolean";
  if (value instanceof Timestamp) return "a timestamp";
  if (value === null) return "null";
  return "a comment";
}
