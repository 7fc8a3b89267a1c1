/** `hush set FILE PATH VALUE` and `hush unset FILE PATH`: change one value in place, keeping every other ciphertext. */
import { HushError } from "../errors.js";
import { getFormat } from "../formats/index.js";
import { MAX_NESTING_DEPTH, nestingDepth } from "../formats/nesting.js";
import { Branch, type Value } from "../sops/tree.js";
import type { DecryptionOrderOptions } from "./decryption-order.js";
import { formatsOf, type TypeOptions } from "./io-formats.js";
import { loadedIdentities, type IdentityOptions } from "./file-identities.js";
import { readInput, writeOutput, type FileContext } from "./io.js";
import { openForChange, sealChanged } from "./reencrypt.js";
import { layoutFor, type LayoutOptions } from "./store-settings.js";
import type { SelectionTrustOptions } from "./selection-guard.js";
import { formatTreePath, parseTreePath } from "./tree-path.js";
import { sameValue, setValueAt, unsetValueAt, valueAt } from "./tree-access.js";

/** The file is rewritten laid out per the `.sops.yaml` `stores:` section (and `indent`), as sops does. */
export interface ChangeOptions extends Pick<TypeOptions, "inputType">, IdentityOptions, DecryptionOrderOptions, LayoutOptions, Pick<SelectionTrustOptions, "trustFileSelection">, FileContext {
  file: string;
  /** sops path syntax: `["a"]["b"][0]`. */
  path: string;
  ignoreMac?: boolean;
  /** Default true: replace the file (atomically) when something changed. */
  write?: boolean;
}

export interface SetOptions extends ChangeOptions {
  /** The new value as JSON text (objects and arrays become trees). */
  value: string;
}

export interface UnsetOptions extends ChangeOptions {
  /** A missing path is success, not an error. */
  idempotent?: boolean;
}

export interface ChangeResult {
  /** False when the file already held this (set) or lacked the path (unset --idempotent): nothing was written. */
  changed: boolean;
  /** The file's bytes after the change (the old bytes when unchanged). */
  bytes: Uint8Array;
}

/** Parses a JSON value keeping integers apart from floats (sops turns every JSON number into a float). @throws HushError PARSE_ERROR */
export async function valueFromJson(text: string): Promise<Value> {
  try {
    const { document } = (await getFormat("json")).parse(new TextEncoder().encode(`{"v":${text}\n}`));
    return document[0]!.get("v")!;
  } catch (cause) {
    // Valid JSON nested too deeply: say so (its place in the wrapped text would mislead).
    if (cause instanceof HushError && cause.code === "UNSUPPORTED_VALUE") throw new HushError(cause.code, `the value: ${cause.message}`, { ...(cause.hint !== undefined ? { hint: cause.hint } : {}) });
    throw new HushError("PARSE_ERROR", "the value is not valid JSON", { hint: `quote strings: '"text"'`, cause });
  }
}

/**
 * Sets the value at `path`, creating what is missing; an index past the end appends.
 * @throws HushError SET_PATH_INVALID, PARSE_ERROR, FILE_NOT_FOUND, as decryptFile, SELECTION_REFUSED (the file's selection is not its creation rule's), FILE_WRITE_FAILED
 */
export async function setValue(options: SetOptions): Promise<ChangeResult> {
  const path = parseTreePath(options.path, "SET_PATH_INVALID");
  if (path.length === 0) throw new HushError("SET_PATH_INVALID", "set needs a path", { hint: `e.g. '["key"]'` });
  const value = await valueFromJson(options.value);
  // The value sits under `path` (the top-level map is one level): refuse what hush could not read back.
  if (path.length + nestingDepth(value) > MAX_NESTING_DEPTH) {
    throw new HushError("UNSUPPORTED_VALUE", `the value would sit ${path.length + nestingDepth(value)} levels deep`, { hint: `hush reads at most ${MAX_NESTING_DEPTH} levels; flatten the value` });
  }
  return change(options, (root) => {
    if (sameValue(valueAt(root, path), value)) return undefined;
    return setValueAt(root, path, value);
  });
}

/**
 * Removes the value at `path`.
 * @throws HushError SET_PATH_INVALID, KEY_NOT_FOUND (unless idempotent), as decryptFile, FILE_WRITE_FAILED
 */
export async function unsetValue(options: UnsetOptions): Promise<ChangeResult> {
  const path = parseTreePath(options.path, "SET_PATH_INVALID");
  if (path.length === 0) throw new HushError("SET_PATH_INVALID", "unset needs a path", { hint: `e.g. '["key"]'` });
  return change(options, (root) => {
    if (unsetValueAt(root, path)) return root;
    if (options.idempotent) return undefined;
    throw new HushError("KEY_NOT_FOUND", `nothing at ${formatTreePath(path)}`, { file: options.file, hint: "use --idempotent to accept a missing path" });
  });
}

/**
 * Opens, applies `edit` to the first document (undefined: no change), seals and writes. Only the first YAML document is touched, as in sops.
 * Writing holds the file's lock from the read to the rename, so a concurrent writer's change is never lost.
 */
async function change(options: ChangeOptions, edit: (root: Branch) => Branch | undefined): Promise<ChangeResult> {
  const { file } = options;
  const { input } = formatsOf(file, options);
  const emit = await layoutFor(input, file, options);
  const identities = await loadedIdentities(options, options);
  const cycle = async (): Promise<ChangeResult> => {
    const bytes = readInput(file, options);
    const opened = await openForChange(bytes, input, file, { ...options, identities });
    const root = edit(opened.document[0] ?? new Branch());
    if (root === undefined) return { changed: false, bytes };
    const document = [root, ...opened.document.slice(1)];
    const sealed = await sealChanged(document, opened, input, file, emit);
    if (Buffer.from(sealed).equals(Buffer.from(bytes))) return { changed: false, bytes };
    if (options.write !== false) await writeOutput(file, sealed, options, 0o644);
    return { changed: true, bytes: sealed };
  };
  if (options.write === false) return cycle();
  const { withFileLock } = await import("./file-lock.js");
  return withFileLock(file, options, cycle);
}
