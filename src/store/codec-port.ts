/**
 * The store's one door to the codec and to identities (also used by git's
 * merge driver and textconv): src/codec with src/age's loadIdentities,
 * imported lazily so that commands that read no secret never load them.
 */
import type * as Codec from "../codec/index.js";
import type { IdentitySet } from "../age/identities.js";

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
    const [real, age] = await Promise.all([import("../codec/index.js"), import("../age/identities.js")]);
    return { ...real, loadIdentities: age.loadIdentities };
  })();
  return chosen;
}
