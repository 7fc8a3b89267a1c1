/**
 * A secret file holding merge-conflict markers: git's own (`<<<<<<<`,
 * `=======`, `>>>>>>>`) in the text, which is then not a sops file; or a
 * conflict hush's merge driver wrote, markers encrypted inside a value and
 * known from the driver's record (src/git/conflict-record.ts). Refuse both.
 */
import type { Problem } from "../errors.js";
import { sha256Hex, type ConflictRecord } from "../git/conflict-record.js";

const MARKER = /^(<{7}|>{7}|={7})(?: |$)/m;

/** The first conflict marker of a file under secrets/, as a problem. */
export function findConflictMarkers(file: string, text: string): Problem[] {
  if (!text.includes("<<<<<<<") && !text.includes(">>>>>>>")) return [];
  const m = MARKER.exec(text);
  if (!m) return [];
  const line = text.slice(0, m.index).split("\n").length;
  return [
    {
      file,
      line,
      col: 1,
      message: "contains merge-conflict markers (an unfinished merge, possibly with decrypted values)",
      hint: "finish the merge with `hush edit` or `git checkout --ours/--theirs`, then re-encrypt",
      code: "MERGE_CONFLICT",
    },
  ];
}

/**
 * A file hush's merge driver wrote as a conflict and nobody has resolved
 * since: its bytes still match the driver's record (the markers are encrypted
 * inside the values, so this is how it is seen without a key).
 */
export function findRecordedConflict(file: string, bytes: Uint8Array, text: string, records: ReadonlyMap<string, ConflictRecord>): Problem[] {
  const record = records.get(sha256Hex(bytes));
  if (!record) return [];
  const first = record.keys[0] ?? "";
  const at = text.split("\n").findIndex((l) => l.startsWith(`${first}:`));
  const keys = record.keys.map((k) => `"${k}"`).join(", ");
  return [
    {
      file,
      line: at >= 0 ? at + 1 : 1,
      col: 1,
      message: `unresolved merge conflict in key${record.keys.length === 1 ? "" : "s"} ${keys} (both sides' values between conflict markers)`,
      hint: `run \`hush edit ${file}\`, keep one value of each, save, then \`git add ${file}\``,
      code: "MERGE_CONFLICT",
    },
  ];
}
