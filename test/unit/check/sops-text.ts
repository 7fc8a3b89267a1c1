// Builds sops-shaped YAML text (well-formed ENC[...] strings, no real
// ciphertext) for the rules that read no private key. Real encryption is
// used in the e2e tests.
const b64 = (n: number): string => Buffer.alloc(n, 7).toString("base64");
export const enc = (type = "str"): string => `ENC[AES256_GCM,data:${b64(6)},iv:${b64(32)},tag:${b64(16)},type:${type}]`;

export interface SopsTextOptions {
  recipients: string[];
  clear?: Record<string, string>;
  mac?: boolean;
  extraSops?: string[];
}

export function sopsText(keys: string[], options: SopsTextOptions): string {
  const lines = keys.map((k) => `${k}: ${enc()}`);
  for (const [k, v] of Object.entries(options.clear ?? {})) lines.push(`${k}: ${v}`);
  lines.push("sops:", "    age:");
  for (const r of options.recipients) {
    lines.push(
      `        - recipient: ${r}`,
      "          enc: |",
      "            -----BEGIN AGE ENCRYPTED FILE-----",
      `            ${b64(45)}`,
      "            -----END AGE ENCRYPTED FILE-----",
    );
  }
  lines.push('    lastmodified: "2025-01-01T00:00:00Z"');
  if (options.mac !== false) lines.push(`    mac: ${enc()}`);
  lines.push(...(options.extraSops ?? []), "    unencrypted_suffix: _unencrypted", "    version: 3.9.4", "");
  return lines.join("\n");
}
