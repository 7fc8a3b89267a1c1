/** `hush filestatus FILE`: whether a file is a sops-encrypted file, without any key. */
import { isHushError } from "../errors.js";
import { formatsOf, type TypeOptions } from "./io-formats.js";
import { readInput, type FileContext } from "./io.js";
import { FILE_OWN_SELECTION } from "../sops/selection-policy.js";

export interface FileStatusOptions extends TypeOptions, FileContext {
  file: string;
}

/**
 * `{ encrypted: true }` only when the sops metadata loads and has a version and a MAC (as sops decides).
 * @throws HushError FILE_NOT_FOUND, FILE_READ_FAILED, PARSE_ERROR, METADATA_INVALID
 */
export async function fileStatus(options: FileStatusOptions): Promise<{ encrypted: boolean }> {
  const { input } = formatsOf(options.file, options);
  const bytes = readInput(options.file, options);
  const { inspectFile } = await (await import("../sopsfile/codec-port.js")).codec();
  try {
    const { metadata } = inspectFile(bytes, input, options.file, FILE_OWN_SELECTION); // "is it encrypted" reads no value
    return { encrypted: metadata.version !== "" && metadata.mac !== "" };
  } catch (error) {
    if (isHushError(error, "NOT_ENCRYPTED")) return { encrypted: false };
    throw error;
  }
}
