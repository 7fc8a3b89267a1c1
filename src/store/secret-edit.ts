/**
 * `hush secret edit NAME`: the named secret in $EDITOR as plain key/values,
 * through the same edit as `hush edit FILE` (private memory-backed temp file,
 * the file's lock at save, a merge or a refusal when it changed meanwhile),
 * held to the store's rules: a flat map of string values with valid keys.
 */
import { join } from "node:path";
import type { Scope } from "../config/hush-config.js";
import type { EditResult } from "../sopscmd/edit-file.js";
import { findSecret } from "./secret-api.js";
import { flatStringValues } from "./secret-import.js";
import { validateValues } from "./secret-keys.js";
import type { StoreSession } from "./session.js";

export interface EditSecretOptions {
  name: string;
  scope?: Scope;
  env?: NodeJS.ProcessEnv;
  onWarning?: (message: string) => void;
}

/**
 * @throws HushError SECRET_NOT_FOUND, NO_EDITOR, EDITOR_FAILED, PARSE_ERROR, UNSUPPORTED_VALUE (not a flat map of strings), USAGE (a bad key),
 * FILE_CHANGED, LOCK_TIMEOUT, NO_MATCHING_IDENTITY, MAC_MISMATCH, SELECTION_REFUSED
 */
export async function editSecret(session: StoreSession, options: EditSecretOptions): Promise<EditResult & { file: string }> {
  const { info } = await findSecret(session, options.name, options.scope);
  const { editSopsFile } = await import("../sopscmd/edit-file.js");
  const result = await editSopsFile({
    file: join(session.config.root, info.file),
    cwd: session.config.root,
    ...(options.env ? { env: options.env } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    validate: (document) => validateValues(flatStringValues(document, info.file), info.name),
  });
  return { ...result, file: info.file };
}
