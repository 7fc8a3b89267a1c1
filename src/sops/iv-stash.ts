/**
 * IVs remembered by (AAD, type, plaintext) so that unchanged values
 * re-encrypt byte-identically under the same data key (spec §2.5).
 */
export type IvStash = Map<string, Uint8Array>;

/** The stash key of one value. latin1 maps every byte to one code unit, so distinct byte strings never collide. */
export function stashKey(aad: string, type: string, plaintext: Uint8Array): string {
  return `${aad}\u0000${type}\u0000${Buffer.from(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength).toString("latin1")}`;
}
