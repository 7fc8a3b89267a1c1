/** `hush rotate FILE [--add-age R] [--rm-age R]`: a new data key, every value re-encrypted (spec §9). */
import { HushError } from "../errors.js";
import { ageRecipients } from "../sops/metadata.js";
import { recipientList } from "./encrypt-config.js";
import { parseDecryptionOrder, reportDecryptionOrder, type DecryptionOrderOptions } from "./decryption-order.js";
import { formatsOf, type TypeOptions } from "./io-formats.js";
import { identitiesFor, type IdentityOptions } from "./file-identities.js";
import { readInput, type FileContext } from "./io.js";
import { layoutFor, type LayoutOptions } from "./store-settings.js";
import { writerPolicy, type SelectionTrustOptions } from "./selection-guard.js";
import { FILE_OWN_SELECTION } from "../sops/selection-policy.js";

export interface RotateFileOptions
  extends Pick<TypeOptions, "inputType">,
    IdentityOptions,
    DecryptionOrderOptions,
    LayoutOptions,
    Pick<SelectionTrustOptions, "trustFileSelection">,
    FileContext {
  file: string;
  /** Comma-separated recipients to add. */
  addAge?: string;
  /** Comma-separated recipients to remove. */
  rmAge?: string;
  /** Drop the file's pgp/kms/... entries, which a new data key cannot be wrapped for (`--drop-foreign-keys`). */
  dropForeignKeys?: boolean;
}

/**
 * The rotated file's bytes (the caller writes them: stdout or in place), laid
 * out per the `.sops.yaml` `stores:` section (and `indent`). The MAC is checked
 * first; sops.version stays as it was, as in sops.
 * @throws HushError as decryptFile, FOREIGN_KEYS (pgp/kms/... entries a new data key would drop), SELECTION_REFUSED (the file's selection is not its creation rule's), NO_RECIPIENTS (all removed), RECIPIENT_INVALID, DECRYPTION_ORDER_INVALID, CONFIG_INVALID, INDENT_INVALID
 */
export async function rotateSopsFile(options: RotateFileOptions): Promise<{ bytes: Uint8Array; recipients: string[] }> {
  const { file } = options;
  const { input } = formatsOf(file, options);
  const bytes = readInput(file, options);
  const order = parseDecryptionOrder(options, options.env ?? process.env);
  const emit = await layoutFor(input, file, options);
  const policy = await writerPolicy(file, options);
  const port = await (await import("../sopsfile/codec-port.js")).codec();
  const identities = await identitiesFor(options, options);
  const add = options.addAge ? recipientList(options.addAge, "--add-age") : [];
  const rm = options.rmAge ? recipientList(options.rmAge, "--rm-age") : [];
  let groups: string[][] | undefined;
  if (add.length || rm.length) {
    const { metadata } = port.inspectFile(bytes, input, file, policy ?? FILE_OWN_SELECTION);
    // As sops: added recipients join the first key group; removed ones leave every group.
    const current = metadata.keyGroups.length ? metadata.keyGroups.map((g) => g.age.map((e) => e.recipient)) : [[]];
    groups = current.map((g, i) => [...new Set([...g, ...(i === 0 ? add : [])])].filter((r) => !rm.includes(r)));
    if (groups.every((g) => g.length === 0)) throw new HushError("NO_RECIPIENTS", `rotating ${file} would leave it without any recipient`, { file });
    const empty = groups.findIndex((g) => g.length === 0);
    if (empty >= 0) throw new HushError("NO_RECIPIENTS", `rotating ${file} would leave key group ${empty + 1} without any recipient`, { file });
  }
  const rotated = await port.rotateFile(bytes, {
    format: input,
    identities,
    ...(groups ? { groups } : {}),
    ...(emit.indent !== undefined ? { indent: emit.indent } : {}),
    file,
    policy: policy ?? FILE_OWN_SELECTION,
    ...(options.dropForeignKeys ? { dropForeignKeys: true } : {}),
  });
  // Both read after rotateFile held the file to its policy.
  if (options.onVerbose) reportDecryptionOrder(order, port.inspectFile(bytes, input, file, FILE_OWN_SELECTION).metadata, options);
  const { metadata } = port.inspectFile(rotated, input, file, FILE_OWN_SELECTION);
  return { bytes: rotated, recipients: ageRecipients(metadata) };
}
