/**
 * Saving `hush edit`'s result. The editor may be open for minutes, so no lock
 * is held meanwhile; instead the save takes the file's lock and compares the
 * file with the bytes the editor's text came from. When they differ (a `set`,
 * a `secret update`, a membership change rotating it) the save is refused:
 * writing would drop that change, or bring back a data key and recipients a
 * `user remove` took away. The edited text is then kept in a 0600 file in a
 * private temp dir, and the error says what changed and where the text is —
 * unless the user and the other writer changed different top-level keys: then
 * the edit is merged onto the file as it is now (edit-merge.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { HushError } from "../errors.js";
import type { FormatName } from "../formats/index.js";
import { withFileLock, withMembershipLockOf } from "./file-lock.js";
import { absolutePath, writeOutput, type FileContext } from "./io.js";
import type { MergeOutcome } from "./edit-merge.js";
import { privateTempParent } from "../sys/private-temp.js";
import { pushAll } from "../sys/push-all.js";
import { keyChanges } from "./key-changes.js";
import { FILE_OWN_SELECTION } from "../sops/selection-policy.js";

export interface EditSave {
  file: string;
  format: FormatName;
  /** The file's bytes when the editor opened (undefined: it did not exist). */
  before: Uint8Array | undefined;
  /** Encrypts the edited text (called under the lock, once the file is known unchanged). */
  seal: () => Promise<Uint8Array>;
  /** The user's edited plaintext, kept when the save is refused. */
  edited: Uint8Array;
  /** Merges the edit onto the file as it is now (edit-merge.ts); absent: no merge. */
  merge?: (now: Uint8Array) => Promise<MergeOutcome>;
}

/**
 * Writes the sealed text over the file if it is still as the editor saw it,
 * under its lock; a new file also under the repository's membership lock
 * (its recipients come from .sops.yaml, which `seal` reads again).
 * @throws HushError FILE_CHANGED (the edited text kept; the file untouched), LOCK_TIMEOUT, FILE_WRITE_FAILED, as seal
 */
export async function saveEdit(save: EditSave, ctx: FileContext): Promise<void> {
  const locked = (fn: () => Promise<void>): Promise<void> =>
    save.before === undefined ? withMembershipLockOf(save.file, ctx, () => withFileLock(save.file, ctx, fn)) : withFileLock(save.file, ctx, fn);
  await locked(async () => {
    const now = currentBytes(absolutePath(save.file, ctx));
    if (!sameBytes(now, save.before)) {
      const outcome: MergeOutcome = now !== undefined && save.before !== undefined && save.merge ? await save.merge(now) : { conflict: [] };
      const what = await describeChange(save.before, now, save.format, save.file, outcome.theirs);
      if ("merged" in outcome) {
        await writeOutput(save.file, outcome.merged, ctx, 0o644);
        ctx.onWarning?.(`${save.file} changed while the editor was open (${what}); your change to ${outcome.mine.join(", ")} was merged onto it`);
        return;
      }
      const both = outcome.conflict.length ? `; both changed ${outcome.conflict.join(", ")}` : "";
      const kept = keepEditedText(save.file, save.edited);
      throw new HushError("FILE_CHANGED", `changed while the editor was open (${what}${both}); your edit was not saved, it is kept in ${kept} (mode 0600)`, {
        file: save.file,
        hint: `run \`hush edit ${save.file}\` again, re-apply your change from the kept file, then delete it`,
      });
    }
    await writeOutput(save.file, await save.seal(), ctx, 0o644);
  });
}

function currentBytes(path: string): Uint8Array | undefined {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new HushError("FILE_READ_FAILED", `cannot read the file again before saving: ${(error as NodeJS.ErrnoException).code ?? "error"}`, { cause: error });
  }
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/**
 * The edited plaintext in a new private (0700) temp dir, as a 0600 file named
 * like the edited one. Returns its path. It must outlive this process (the
 * user re-applies it), so it is not one of the swept dirs; it goes where
 * hush's other plaintext goes, in memory where the system has it.
 */
function keepEditedText(file: string, edited: Uint8Array): string {
  const dir = mkdtempSync(join(privateTempParent(), "hush-kept-edit-"));
  const path = join(dir, basename(file) || "file");
  writeFileSync(path, edited, { mode: 0o600, flag: "wx" });
  return path;
}

/**
 * What changed between the two versions, from their encrypted text alone (no
 * key needed): unchanged values keep their ciphertext (spec §2.5), so a
 * different ciphertext is a changed value; or, when the merge decrypted both,
 * `decrypted` (keyChanges of the values). Names keys, never values.
 */
async function describeChange(
  before: Uint8Array | undefined,
  now: Uint8Array | undefined,
  format: FormatName,
  file: string,
  decrypted?: string[],
): Promise<string> {
  if (now === undefined) return "deleted";
  if (before === undefined) return "created by another process";
  try {
    const { inspectFile } = await (await import("../sopsfile/codec-port.js")).codec();
    const { ageRecipients } = await import("../sops/metadata.js");
    // Only the keys and recipients are compared; the save itself is held to the policy.
    const old = inspectFile(before, format, file, FILE_OWN_SELECTION);
    const cur = inspectFile(now, format, file, FILE_OWN_SELECTION);
    const parts: string[] = [];
    const oldReaders = new Set(ageRecipients(old.metadata));
    const curReaders = new Set(ageRecipients(cur.metadata));
    const added = [...curReaders].filter((r) => !oldReaders.has(r)).length;
    const removed = [...oldReaders].filter((r) => !curReaders.has(r)).length;
    if (added || removed) parts.push(`recipients changed (+${added} -${removed})`);
    if (decrypted) pushAll(parts, decrypted);
    else {
      const was = topLevel(old.document[0]);
      const is = topLevel(cur.document[0]);
      const common = [...is.keys()].filter((k) => was.has(k));
      if (common.length > 1 && common.every((k) => was.get(k) !== is.get(k))) parts.push("every value re-encrypted (a new data key)");
      else pushAll(parts, keyChanges(was, is));
    }
    return parts.length ? parts.join("; ") : decrypted ? "re-encrypted, values unchanged" : "its sops metadata";
  } catch {
    return "no longer a readable sops file";
  }
}

/** Each top-level key's encrypted value as comparable text. */
function topLevel(root: { entries(): Array<{ key: string; value: unknown }> } | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const { key, value } of root?.entries() ?? [])
    out.set(
      key,
      JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v)),
    );
  return out;
}
