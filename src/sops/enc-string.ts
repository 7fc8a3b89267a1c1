/** The `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]` string (spec §2.3). */

/** The decoded fields of an ENC string: ciphertext without tag, IV, 16-byte tag, sops type. */
export interface EncParts {
  data: Uint8Array;
  iv: Uint8Array;
  tag: Uint8Array;
  type: string;
}

// Unanchored at the end, as sops's own pattern.
const ENC_PATTERN = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]/;

/** True when `text` looks like an encrypted value. */
export function isEncString(text: string): boolean {
  return text.startsWith("ENC[AES256_GCM,");
}

/** Splits an ENC string; `undefined` when it does not match sops's data format. */
export function parseEncString(text: string): EncParts | undefined {
  const m = ENC_PATTERN.exec(text);
  if (!m) return undefined;
  // Greedy groups as in Go's regexp: `type` can't hold a comma, so backtracking settles it.
  return {
    data: Buffer.from(m[1]!, "base64"),
    iv: Buffer.from(m[2]!, "base64"),
    tag: Buffer.from(m[3]!, "base64"),
    type: m[4]!,
  };
}

/** Standard base64 with padding, as sops writes it. */
export function formatEncString(parts: EncParts): string {
  const b64 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64");
  return `ENC[AES256_GCM,data:${b64(parts.data)},iv:${b64(parts.iv)},tag:${b64(parts.tag)},type:${parts.type}]`;
}
