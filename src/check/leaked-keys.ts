/**
 * Rule 4 of the pre-commit check: no file being committed may contain a
 * private key — an age identity (`AGE-SECRET-KEY-1…`, `AGE-SECRET-KEY-PQ-1…`)
 * or an OpenSSH/PEM/PGP private key (hush accepts `~/.ssh/id_ed25519` as an
 * identity). Searched in any letter case (the key is the same key in lower
 * case) and in UTF-16 text as well as ASCII/UTF-8. The key itself is never
 * printed: only the file, line and kind.
 */
import type { Problem } from "../errors.js";

// age X25519 identities: "AGE-SECRET-KEY-1" + 58 bech32 characters; post-quantum ones ("PQ-") are longer.
const AGE_KEY = /AGE-SECRET-KEY-(?:PQ-)?1[0-9AC-HJ-NP-Z]{58,}/gi;
// RFC 7468 labels ending in PRIVATE KEY (RSA, EC, DSA, ENCRYPTED, plain PKCS#8, OPENSSH, PGP ... BLOCK), then
// a key body: optional `Name: value` headers (Proc-Type, DEK-Info, Version), then base64. A header line
// alone (a README naming the format) is not a key. `\n` may be escaped (a JSON string: service-account files).
const PRIVATE_KEY = /-----BEGIN ([A-Z0-9]+ ){0,3}PRIVATE KEY( BLOCK)?-----(?:\\[rn]|\s){1,8}(?:[A-Za-z-]{2,32}: ?[^\n\\]{0,200}(?:\\[rn]|\s){1,8}){0,4}[A-Za-z0-9+/=]{40}/gi;
// Cheap first look before the patterns: most files mention neither.
const MARK = /AGE-SECRET-KEY-|PRIVATE KEY/i;

const AGE_HINT = "unstage it (`git restore --staged`) and keep keys in ~/.config/sops/age/keys.txt; if it was ever pushed, treat the key as leaked and replace it";
const PRIVATE_HINT = "unstage it (`git restore --staged`) and keep private keys out of the repository (in ~/.ssh, or as a hush secret); if it was ever pushed, treat the key as leaked and replace it";

/**
 * Every private key in `bytes`, as a problem at its line and column
 * (`firstLine`: the line `bytes` starts on, for the tail of a large file).
 */
export function findLeakedKeys(file: string, bytes: Uint8Array, firstLine = 1): Problem[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const texts: Array<{ text: string; encoding: string }> = [{ text: buffer.toString("latin1"), encoding: "" }];
  // A NUL byte: possibly UTF-16 (with or without a BOM). LE at offset 0 and 1 covers BE too (BE is LE shifted by one byte).
  if (buffer.indexOf(0) >= 0) {
    texts.push({ text: buffer.toString("utf16le"), encoding: " (UTF-16 text)" });
    texts.push({ text: buffer.subarray(1).toString("utf16le"), encoding: " (UTF-16 text)" });
  }
  const problems: Problem[] = [];
  for (const { text, encoding } of texts) {
    if (!MARK.test(text)) continue;
    for (const match of text.matchAll(AGE_KEY)) {
      problems.push({ ...at(file, text, match.index, firstLine), message: `contains an age secret key (AGE-SECRET-KEY-1…)${encoding}`, hint: AGE_HINT, code: "PRIVATE_KEY_LEAKED" });
    }
    for (const match of text.matchAll(PRIVATE_KEY)) {
      const label = match[0].slice(11, match[0].indexOf("-----", 11)).toUpperCase();
      problems.push({ ...at(file, text, match.index, firstLine), message: `contains a private key (-----BEGIN ${label}-----)${encoding}`, hint: PRIVATE_HINT, code: "PRIVATE_KEY_LEAKED" });
    }
  }
  return problems;
}

function at(file: string, text: string, index: number, firstLine: number): { file: string; line: number; col: number } {
  const before = text.slice(0, index);
  const newlines = before.split("\n").length - 1;
  return { file, line: firstLine + newlines, col: index - before.lastIndexOf("\n") };
}
