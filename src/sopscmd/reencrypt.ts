/**
 * Opening a sops file to change its values and sealing it again with the same
 * data key and each unchanged value's IV (spec §2.5), so a diff shows only
 * what changed. Shared by set, unset and edit.
 */
import type { Opened } from "../sopsfile/index.js";
import type { EmitOptions, FormatName } from "../formats/index.js";
import type { Document } from "../sops/tree.js";
import { parseDecryptionOrder, reportDecryptionOrder, type DecryptionOrderOptions } from "./decryption-order.js";
import { identitiesFor, type IdentityOptions } from "./file-identities.js";
import type { FileContext } from "./io.js";
import { writerPolicy, type SelectionTrustOptions } from "./selection-guard.js";
import { FILE_OWN_SELECTION } from "../sops/selection-policy.js";

/**
 * Decrypts `bytes` (MAC checked unless `ignoreMac`), held to the file's
 * selection policy (its creation rule's) unless `trustFileSelection`.
 * @throws HushError as decryptFile, SELECTION_REFUSED, DECRYPTION_ORDER_INVALID, CONFIG_INVALID
 */
export async function openForChange(
  bytes: Uint8Array,
  format: FormatName,
  file: string,
  options: IdentityOptions & DecryptionOrderOptions & FileContext & SelectionTrustOptions & { ignoreMac?: boolean },
): Promise<Opened> {
  const order = parseDecryptionOrder(options, options.env ?? process.env);
  const policy = await writerPolicy(file, options);
  const identities = await identitiesFor(options, options);
  const { decryptFile } = await (await import("../sopsfile/codec-port.js")).codec();
  const opened = await decryptFile(bytes, { format, identities, ignoreMac: options.ignoreMac ?? false, file, policy: policy ?? FILE_OWN_SELECTION });
  reportDecryptionOrder(order, opened.metadata, options);
  for (const w of opened.warnings ?? []) options.onWarning?.(w);
  return opened;
}

/** Re-encrypts `document` with the opened file's data key, key groups, options and IVs, laid out per `emit`. */
export async function sealChanged(document: Document, opened: Opened, format: FormatName, file: string, emit: EmitOptions = {}): Promise<Uint8Array> {
  const { encryptFile } = await (await import("../sopsfile/codec-port.js")).codec();
  return encryptFile(document, { format, reuse: opened, file, ...(emit.indent !== undefined ? { indent: emit.indent } : {}) });
}
