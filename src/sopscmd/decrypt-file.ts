/** `hush decrypt FILE [--extract PATH]`: a sops file in, its plaintext (or one value of it) out. */
import { HushError } from "../errors.js";
import { getFormat, type FormatName } from "../formats/index.js";
import { Branch, type Document } from "../sops/tree.js";
import { parseDecryptionOrder, reportDecryptionOrder, type DecryptionOrderOptions } from "./decryption-order.js";
import { emitExtracted } from "./emit-value.js";
import { formatsOf, type TypeOptions } from "./io-formats.js";
import { identitiesFor, type IdentityOptions } from "./file-identities.js";
import { readInput, type FileContext } from "./io.js";
import { layoutFor, type LayoutOptions } from "./store-settings.js";
import { formatTreePath, parseTreePath } from "./tree-path.js";
import { valueAt } from "./tree-access.js";
import { FILE_OWN_SELECTION } from "../sops/selection-policy.js";

export interface DecryptFileOptions extends TypeOptions, IdentityOptions, DecryptionOrderOptions, LayoutOptions, FileContext {
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
 * The plaintext, in the output format, laid out per the `.sops.yaml` `stores:`
 * section (and `indent`).
 * @throws HushError FILE_NOT_FOUND, NOT_ENCRYPTED, METADATA_INVALID, NO_IDENTITY, NO_MATCHING_IDENTITY, VALUE_DECRYPT_FAILED, VALUE_FORMAT_INVALID, MAC_MISMATCH, PARSE_ERROR, EXTRACT_PATH_INVALID, DECRYPTION_ORDER_INVALID, CONFIG_INVALID, INDENT_INVALID
 */
export async function decryptSopsFile(options: DecryptFileOptions): Promise<Uint8Array> {
  const { file } = options;
  const { input, output } = formatsOf(file, options);
  // Checked in sops's order: the file, the config, the decryption order, the --extract path.
  const bytes = readInput(file, options, options.stdin);
  const emit = await layoutFor(output, options.filenameOverride ?? file, options);
  const order = parseDecryptionOrder(options, options.env ?? process.env);
  const path = options.extract !== undefined && options.extract !== "" ? parseTreePath(options.extract, "EXTRACT_PATH_INVALID") : undefined;
  const document = await openBytes(bytes, input, order, options);
  if (path) {
    const value = valueAt(document[0] ?? new Branch(), path);
    if (value === undefined) throw new HushError("EXTRACT_PATH_INVALID", `nothing at ${formatTreePath(path)}`, { file });
    return emitExtracted(value, output, emit);
  }
  return (await getFormat(output)).emit(output === "yaml" ? document : document.slice(0, 1), undefined, emit);
}

/**
 * The decrypted tree (every document of a YAML file), for operations that
 * use the values themselves (`exec-env`). Warnings go to `onWarning`.
 * @throws HushError as `decryptSopsFile`, except EXTRACT_PATH_INVALID, CONFIG_INVALID and INDENT_INVALID
 */
export async function openSopsFile(options: Omit<DecryptFileOptions, "extract" | keyof LayoutOptions>): Promise<Document> {
  const { input } = formatsOf(options.file, options);
  const bytes = readInput(options.file, options, options.stdin);
  return openBytes(bytes, input, parseDecryptionOrder(options, options.env ?? process.env), options);
}

async function openBytes(
  bytes: Uint8Array,
  format: FormatName,
  order: string[],
  options: IdentityOptions & FileContext & { file: string; ignoreMac?: boolean },
): Promise<Document> {
  const identities = await identitiesFor(options, options);
  const { decryptFile } = await (await import("../sopsfile/codec-port.js")).codec();
  // `decrypt` shows what the file holds; a selection its rule does not allow is warned about by the caller, not refused.
  const opened = await decryptFile(bytes, { format, identities, ignoreMac: options.ignoreMac ?? false, file: options.file, policy: FILE_OWN_SELECTION });
  reportDecryptionOrder(order, opened.metadata, options);
  for (const w of opened.warnings ?? []) options.onWarning?.(w);
  // sops reads such a file; hush says that its writers would not (selection-guard.ts).
  if (options.file !== "-") await (await import("./selection-guard.js")).warnOnForeignSelection(opened.metadata, options.file, options);
  return opened.document;
}
