/**
 * A secret file holding merge-conflict markers: git's own (`<<<<<<<`,
 * `=======`, `>>>>>>>`) or the plaintext markers of hush's merge driver.
 * Either way it is not a sops file and may hold decrypted values: refuse it.
 */
import type { Problem } from "../errors.js";

const MARKER = /^(<{7}|>{7}|={7})(?: |$)/m;

/** The first conflict marker of a file under secrets/, as a problem. */
export function findConflictMarkers(file: string, text: string): Problem[] {
  if (!text.includes("<<<<<<<") && !text.includes(">>>>>>>")) return [];
  const m = MARKER.exec(text);
  if (!m) return [];
  const line = text.slice(0, m.index).split("\n").length;
  return [{
    file,
    line,
    col: 1,
    message: "contains merge-conflict markers (an unfinished merge, possibly with decrypted values)",
    hint: "finish the merge with `hush edit` or `git checkout --ours/--theirs`, then re-encrypt",
    code: "MERGE_CONFLICT",
  }];
}
