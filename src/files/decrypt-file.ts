/** `hush decrypt FILE [--extract PATH]`: a sops file in, its plaintext (or one value of it) out. */
import { HushError } from "../errors.js";
import { getFormat } from "../formats/index.js";
import { Branch, type Document } from "../sops/tree.js";
import { emitExtracted } from "./emit-value.js";
import { formatsOf, type TypeOptions } from "./formats.js";
import { identitiesFor, type IdentityOptions } from "./identities.js";
import { readInput, type FileContext } from "./io.js";
import { formatTreePath, parseTreePath } from "./tree-path.js";
import { valueAt } from "./tree-access.js";

export interface DecryptFileOptions extends TypeOptions, IdentityOptions, FileContext {
  /** A path, or `-` with `stdin`. */
  file: string;
  /** The input when `file` is `-`. */
  stdin?: Uint8Array;
  /** `--extract '["a"][0]'`: only this value. */
  extract?: string;
  /** Skip the MAC check (`--ignore-mac`). */
  ignoreMac?: boolean;
}

/**
 * The plaintext, in the output format.
 * @throws HushError FILE_NOT_FOUND, NOT_ENCRYPTED, METADATA_INVALID, NO_IDENTITY, NO_MATCHING_IDENTITY, VALUE_DECRYPT_FAILED, VALUE_FORMAT_INVALID, MAC_MISMATCH, PARSE_ERROR, EXTRACT_PATH_INVALID
 */
export async function decryptSopsFile(options: DecryptFileOptions): Promise<Uint8Array> {
  const { file } = options;
  const path = options.extract !== undefined && options.extract !== "" ? parseTreePath(options.extract, "EXTRACT_PATH_INVALID") : undefined;
  const { output } = formatsOf(file, options);
  const document = await openSopsFile(options);
  if (path) {
    const value = valueAt(document[0] ?? new Branch(), path);
    if (value === undefined) throw new HushError("EXTRACT_PATH_INVALID", `nothing at ${formatTreePath(path)}`, { file });
    return emitExtracted(value, output);
  }
  return (await getFormat(output)).emit(output === "yaml" ? document : document.slice(0, 1), undefined);
}

/**
 * The decrypted tree (every document of a YAML file), for operations that
 * use the values themselves (`exec-env`). Warnings go to `onWarning`.
 * @throws HushError as `decryptSopsFile`, except EXTRACT_PATH_INVALID
 */
export async function openSopsFile(options: Omit<DecryptFileOptions, "extract">): Promise<Document> {
  const { file } = options;
  const { input } = formatsOf(file, options);
  const bytes = readInput(file, options, options.stdin);
  const identities = await identitiesFor(options, options);
  const { decryptFile } = await (await import("../store/codec-port.js")).codec();
  const opened = await decryptFile(bytes, { format: input, identities, ignoreMac: options.ignoreMac ?? false, file });
  for (const w of opened.warnings ?? []) options.onWarning?.(w);
  return opened.document;
}
