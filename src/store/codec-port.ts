/**
 * The store's one door to the codec and identities: the real src/codec and
 * src/age when they are implemented, else the interim store-private codec
 * (interim-codec.ts). Both together, never mixed.
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

export function codec(): Promise<CodecPort> {
  chosen ??= (async () => {
    const real = await import("../codec/index.js");
    const age = await import("../age/identities.js");
    if (typeof real.decryptFile === "function" && typeof age.loadIdentities === "function") return { ...real, loadIdentities: age.loadIdentities };
    return (await import("./interim-codec.js")) as unknown as CodecPort;
  })();
  return chosen;
}
