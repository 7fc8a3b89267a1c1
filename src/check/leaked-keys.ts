/**
 * Rule 4 of the pre-commit check: no file being committed may contain an age
 * secret key. The key itself is never printed: only the file and line.
 */
import type { Problem } from "../errors.js";

const MARK = Buffer.from("AGE-SECRET-KEY-1");
// age X25519 identities are upper-case bech32: "AGE-SECRET-KEY-1" + 58 characters (post-quantum ones are longer).
const KEY = /AGE-SECRET-KEY-1[0-9AC-HJ-NP-Z]{58,}/g;

/** Every age secret key in `bytes`, as a problem at its line and column. Cheap when there is none (one byte search). */
export function findLeakedKeys(file: string, bytes: Uint8Array): Problem[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.indexOf(MARK) < 0) return [];
  const text = buffer.toString("latin1");
  const problems: Problem[] = [];
  for (const match of text.matchAll(KEY)) {
    const before = text.slice(0, match.index);
    const line = before.split("\n").length;
    const col = match.index - before.lastIndexOf("\n");
    problems.push({
      file,
      line,
      col,
      message: "contains an age secret key (AGE-SECRET-KEY-1…)",
      hint: "unstage it (`git restore --staged`) and keep keys in ~/.config/sops/age/keys.txt; if it was ever pushed, treat the key as leaked and replace it",
      code: "CHECK_FAILED",
    });
  }
  return problems;
}
