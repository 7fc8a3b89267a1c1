/** The sops MAC (spec §4): SHA-512 over the plaintext leaves, upper-case hex. */
import { createHash } from "node:crypto";
import type { Hash } from "node:crypto";

// SHA-256("sops"), fed first when only encrypted values are hashed.
const MAC_ONLY_ENCRYPTED_SEED = Buffer.from("8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69", "hex");

/** Accumulates the MAC over the walk; nothing is fed for empty values, comments or nulls. */
export class MacHasher {
  private readonly hash: Hash = createHash("sha512");

  constructor(readonly onlyEncrypted: boolean) {
    if (onlyEncrypted) this.hash.update(MAC_ONLY_ENCRYPTED_SEED);
  }

  /** Feeds one leaf's plaintext bytes; `encrypted` says whether the leaf is (to be) encrypted. */
  add(bytes: Uint8Array, encrypted: boolean): void {
    if (this.onlyEncrypted && !encrypted) return;
    if (bytes.length > 0) this.hash.update(bytes);
  }

  /** The 128-character upper-case hex digest. */
  digest(): string {
    return this.hash.digest("hex").toUpperCase();
  }
}
