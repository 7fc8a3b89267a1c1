/** `hush encrypt FILE`: a plaintext file in, a new sops file out (new data key, recipients and options per §8). */
import { HushError } from "../errors.js";
import type { EmitOptions, FormatName } from "../formats/index.js";
import { getFormat } from "../formats/index.js";
import type { Document } from "../sops/tree.js";
import { emitOptionsFor, type StoresConfig } from "../config/stores-config.js";
import { resolveEncryption, type EncryptSettings, type ResolvedEncryption } from "./encrypt-config.js";
import { formatsOf, type TypeOptions } from "./io-formats.js";
import { absolutePath, readInput, type FileContext } from "./io.js";

export interface EncryptFileOptions extends TypeOptions, EncryptSettings, FileContext {
  /** A path, or `-` with `stdin`. */
  file: string;
  stdin?: Uint8Array;
  /** Layout settings to use instead of the config's `stores:` section. */
  stores?: StoresConfig;
  /** `--indent`: over the stores section, for YAML and JSON output. */
  indent?: number;
}

export interface EncryptedFile {
  bytes: Uint8Array;
  /** Recipients, options, and the config file and rule they came from. */
  settings: ResolvedEncryption;
}

/**
 * The output is laid out per the config's `stores:` section (and `indent`).
 * @throws HushError FILE_NOT_FOUND, PARSE_ERROR, EMPTY_FILE, ALREADY_ENCRYPTED, CONFIG_INVALID, CONFIG_NO_MATCHING_RULE, CONFLICTING_OPTIONS, NO_RECIPIENTS, RECIPIENT_INVALID, UNSUPPORTED_VALUE, INDENT_INVALID
 */
export async function encryptPlainFile(options: EncryptFileOptions): Promise<EncryptedFile> {
  const { file } = options;
  const { input, output } = formatsOf(file, options);
  const bytes = readInput(file, options, options.stdin);
  const parsed = (await getFormat(input)).parse(bytes, file);
  if (parsed.metadata) throw new HushError("ALREADY_ENCRYPTED", "the file is already encrypted", { file, hint: "decrypt it first, or use hush edit / hush set" });
  if (parsed.document.length === 0) throw new HushError("EMPTY_FILE", "the file is empty: it must hold at least one document", { file });
  const target = absolutePath(options.filenameOverride ?? (file === "-" ? "stdin" : file), options);
  const settings = await resolveEncryption(target, options, options);
  const emit = emitOptionsFor(output, options.stores ?? settings.stores, options.indent);
  return { bytes: await encryptDocument(parsed.document, output, settings, file, emit), settings };
}

/** Encrypts a tree with resolved settings (also a new file in `edit`), laid out per `emit`. */
export async function encryptDocument(document: Document, format: FormatName, settings: ResolvedEncryption, file: string, emit: EmitOptions = {}): Promise<Uint8Array> {
  const request = {
    format,
    ...(settings.selection ? { selection: settings.selection } : {}),
    macOnlyEncrypted: settings.macOnlyEncrypted,
    ...(emit.indent !== undefined ? { indent: emit.indent } : {}),
    file,
  };
  if (settings.groups.length > 1) {
    // Several key groups: one Shamir share each (spec §7), through the codec's internal knob.
    const { encrypt } = await import("../sopsfile/encrypt.js");
    return encrypt(document, request, { recipientGroups: settings.groups, ...(settings.shamirThreshold !== undefined ? { shamirThreshold: settings.shamirThreshold } : {}) });
  }
  const { encryptFile } = await (await import("../sopsfile/codec-port.js")).codec();
  return encryptFile(document, { ...request, recipients: settings.groups[0]! });
}
