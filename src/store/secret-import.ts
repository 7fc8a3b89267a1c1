/**
 * `hush secret import FILE --name N`: a team's existing sops file (any format
 * hush reads, any key groups) becomes a named secret, encrypted to the
 * scope's recipients. The original is left alone unless `remove` is asked
 * for, and then goes in the same commit.
 */
import { readFile, rm } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { HushError } from "../errors.js";
import type { Scope } from "../config/hush-config.js";
import { detectFormat } from "../formats/detect.js";
import { Branch, Comment, type Document } from "../sops/tree.js";
import { codec } from "../sopsfile/codec-port.js";
import { createSecret, type ChangeResult } from "./secret-api.js";
import { maybeCommit, type StoreSession } from "./session.js";
import { FILE_OWN_SELECTION } from "../sops/selection-policy.js";

export interface ImportSecretOptions {
  /** The sops file, relative to `cwd`. */
  file: string;
  cwd: string;
  name: string;
  /** Default: `default_scope` of .hush.yaml. */
  scope?: Scope;
  /** yaml, json, dotenv, ini or binary; default by the file's suffix. */
  inputType?: string;
  /** Replace an existing secret of that name. */
  force?: boolean;
  /** Delete the original (in the same commit with `commit`). */
  remove?: boolean;
  commit?: boolean;
}

export interface ImportResult extends ChangeResult {
  /** The original file, as given. */
  source: string;
  keys: string[];
  removed: boolean;
}

/**
 * @throws HushError FILE_NOT_FOUND, NOT_ENCRYPTED, NO_MATCHING_IDENTITY, MAC_MISMATCH, UNSUPPORTED_VALUE (not a flat map of strings),
 * SECRET_EXISTS, NAME_INVALID, NO_ACTIVE_USER, GIT_FAILED
 */
export async function importSecret(session: StoreSession, options: ImportSecretOptions): Promise<ImportResult> {
  const path = resolve(options.cwd, options.file);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new HushError("FILE_NOT_FOUND", `cannot read ${options.file}`, { file: options.file, hint: "name an existing sops file", cause });
  }
  const { decryptFile } = await codec();
  // A foreign sops file (a manifest with encrypted_regex...): what it left in clear was in clear already; the secret it becomes is held to the store policy.
  const opened = await decryptFile(bytes, {
    format: detectFormat(path, options.inputType),
    identities: await session.identities(),
    file: options.file,
    policy: FILE_OWN_SELECTION,
  });
  const values = flatStringValues(opened.document, options.file);
  const created = await createSecret(session, {
    name: options.name,
    values,
    force: options.force ?? false,
    commit: false,
    ...(options.scope ? { scope: options.scope } : {}),
  });
  const result: ImportResult = { ...created, source: options.file, keys: Object.keys(values), removed: false };
  if (options.remove) {
    await rm(path);
    result.removed = true;
  }
  const inRepo = relative(session.config.root, path);
  const source = !inRepo.startsWith("..") && !isAbsolute(inRepo) ? [inRepo.split(sep).join("/")] : [];
  const where = created.scope === "shared" ? "shared" : `user ${created.user}`;
  const hash = await maybeCommit(
    session,
    options.commit,
    [created.file, ...(options.remove ? source : [])],
    `hush: import secret ${created.name} (${where}) from ${options.file}`,
  );
  if (hash) result.commit = hash;
  return result;
}

/**
 * The document's top-level entries as a name → string map, or an error that
 * names every key that is not a string (a nested map, a list, a number ...).
 */
export function flatStringValues(document: Document, file: string): Record<string, string> {
  if (document.length !== 1)
    throw new HushError("UNSUPPORTED_VALUE", `${file} holds ${document.length} YAML documents; a secret is one flat map`, {
      file,
      hint: "split it into one file per document",
    });
  const values: Record<string, string> = {};
  const bad: string[] = [];
  for (const item of document[0]!.items) {
    if (item instanceof Comment) continue;
    if (typeof item.value === "string") values[item.key] = item.value;
    else bad.push(`${item.key} (${kindOf(item.value)})`);
  }
  if (bad.length) {
    throw new HushError("UNSUPPORTED_VALUE", `a secret is a flat map of string values; in ${file} these keys are not: ${bad.join(", ")}`, {
      file,
      hint: 'quote numbers and booleans ("8080"), and make nested maps and lists separate keys',
    });
  }
  if (Object.keys(values).length === 0) throw new HushError("UNSUPPORTED_VALUE", `${file} has no key to import`, { file });
  return values;
}

function kindOf(value: unknown): string {
  if (value instanceof Branch) return "a map";
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (value instanceof Uint8Array) return "binary";
  if (typeof value === "bigint" || typeof value === "number") return "a number";
  if (typeof value === "boolean") return "a boolean";
  return "a timestamp";
}
