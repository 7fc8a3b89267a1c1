/**
 * The store's one door to the codec and to identities (also used by git's
 * merge driver and textconv): src/codec with src/age's loadIdentities,
 * imported lazily so that commands that read no secret never load them.
 */
import type * as Codec from "./index.js";
import type { IdentitySet } from "../keys/identities.js";

export interface CodecPort {
  decryptFile: typeof Codec.decryptFile;
  encryptFile: typeof Codec.encryptFile;
  inspectFile: typeof Codec.inspectFile;
  updateKeys: typeof Codec.updateKeys;
  rotateFile: typeof Codec.rotateFile;
  loadIdentities: (env?: NodeJS.ProcessEnv) => Promise<IdentitySet>;
}

let chosen: Promise<CodecPort> | undefined;

/** The codec and loadIdentities, loaded once. */
export function codec(): Promise<CodecPort> {
  chosen ??= (async () => {
    const [real, age] = await Promise.all([import("./index.js"), import("../keys/identities.js")]);
    return { ...real, loadIdentities: age.loadIdentities };
  })();
  return chosen;
}

/** The codec with the store policy built in: its callers choose no selection. */
export interface StoreCodecPort {
  decryptFile: (bytes: Uint8Array, options: Omit<Codec.DecryptOptions, "policy">) => ReturnType<typeof Codec.decryptFile>;
  encryptFile: typeof Codec.encryptFile;
  inspectFile: (bytes: Uint8Array, format: Parameters<typeof Codec.inspectFile>[1], file?: string) => ReturnType<typeof Codec.inspectFile>;
  updateKeys: (bytes: Uint8Array, options: Omit<Parameters<typeof Codec.updateKeys>[1], "policy">) => ReturnType<typeof Codec.updateKeys>;
  rotateFile: (bytes: Uint8Array, options: Omit<Parameters<typeof Codec.rotateFile>[1], "policy">) => ReturnType<typeof Codec.rotateFile>;
  loadIdentities: CodecPort["loadIdentities"];
}

let store: Promise<StoreCodecPort> | undefined;

/**
 * The codec as hush's store uses it: every file is held to the store policy
 * (every value encrypted, selection-policy.ts), whatever its own sops block
 * says. A file whose selection fields were edited is refused by every read
 * (SELECTION_REFUSED) before a value is read, so no writer ever re-encrypts
 * with a selection a committer chose; new files get the policy's selection.
 */
export function storeCodec(): Promise<StoreCodecPort> {
  store ??= Promise.all([codec(), import("../sops/selection-policy.js")]).then(
    ([port, { STORE_POLICY: policy }]): StoreCodecPort => ({
      ...port,
      decryptFile: (bytes, options) => port.decryptFile(bytes, { ...options, policy }),
      inspectFile: (bytes, format, file) => port.inspectFile(bytes, format, file, policy),
      // A store file's recipients are what .hush.yaml says: entries of other key types have no place in it.
      updateKeys: (bytes, options) => port.updateKeys(bytes, { ...options, policy, dropForeignKeys: true }),
      rotateFile: (bytes, options) => port.rotateFile(bytes, { ...options, policy, dropForeignKeys: true }),
      encryptFile: (document, options) => port.encryptFile(document, { ...options, selection: policy.selection, macOnlyEncrypted: policy.macOnlyEncrypted }),
    }),
  );
  return store;
}
