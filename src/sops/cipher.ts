/**
 * AES-256-GCM with sops's 32-byte IVs and path AAD (spec §2.2, §2.4).
 * node:crypto accepts non-96-bit nonces (J0 derived with GHASH).
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { EncParts } from "./enc-string.js";

/** sops's IV length in bytes (not GCM's usual 12). */
export const IV_LENGTH = 32;
const TAG_LENGTH = 16;

/** Produces the IV of the next encrypted item; tests inject fixed ones (spec §12). */
export type IvSource = () => Uint8Array;

/** 32 fresh random bytes per value: the default IV source. */
export const randomIv: IvSource = () => randomBytes(IV_LENGTH);

/** Encrypts one plaintext. */
export function sealValue(key: Uint8Array, plaintext: Uint8Array, aad: string, iv: Uint8Array, type: string): EncParts {
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_LENGTH });
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { data, iv, tag: cipher.getAuthTag(), type };
}

/** Decrypts one value; `undefined` when authentication fails (wrong key, AAD or ciphertext). */
export function openValue(key: Uint8Array, parts: EncParts, aad: string): Uint8Array | undefined {
  if (parts.tag.length !== TAG_LENGTH || parts.iv.length === 0) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, parts.iv, { authTagLength: TAG_LENGTH });
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(parts.tag);
    return Buffer.concat([decipher.update(parts.data), decipher.final()]);
  } catch {
    return undefined;
  }
}

/** The AAD of a value: its key path joined by `:`, with a trailing `:` (list indexes never count). */
export function pathAad(path: readonly string[]): string {
  return path.length === 0 ? ":" : path.join(":") + ":";
}
