/**
 * `hush edit` when the file changed while the editor was open: the user's
 * change is merged onto the file as it is now when the two touched different
 * top-level keys. What the user changed is the edited text against the text
 * the editor was given (both parsed the same way); what changed meanwhile is
 * the file now against the file then (both decrypted). The result is sealed
 * with the file's current data key and recipients, so a membership change
 * made meanwhile (a rotation without a removed user) stays in force.
 *
 * No merge (the caller refuses and keeps the edit) when a key was changed on
 * both sides, when either side has several documents, when the top-level
 * comments or only the layout were edited, or when the file now cannot be
 * opened or parsed.
 */
import { getFormat, type EmitOptions, type FormatName } from "../formats/index.js";
import type { Opened } from "../sopsfile/index.js";
import { Branch, Comment, type Document, type Value } from "../sops/tree.js";
import type { DecryptionOrderOptions } from "./decryption-order.js";
import type { IdentityOptions } from "./file-identities.js";
import type { FileContext } from "./io.js";
import { keyChanges } from "./key-changes.js";
import { openForChange, sealChanged } from "./reencrypt.js";

export interface MergeInput {
  file: string;
  format: FormatName;
  emit: EmitOptions;
  /** The text the editor was given. */
  shown: Uint8Array;
  /** The text the editor left. */
  edited: Uint8Array;
  /** The file as it was opened before the editor ran. */
  original: Opened;
  /** The file's bytes now. */
  current: Uint8Array;
  options: IdentityOptions & DecryptionOrderOptions & FileContext & { ignoreMac?: boolean };
}

export type MergeOutcome =
  /** Merged: the new file's bytes, the keys the user changed, what changed meanwhile ("added: a", ...). */
  | { merged: Uint8Array; mine: string[]; theirs: string[] }
  /** Both sides changed these keys (or the merge is not possible: empty list). */
  | { conflict: string[]; theirs?: string[] };

/** Never throws: anything unexpected is "no merge". */
export async function mergeEdit(input: MergeInput): Promise<MergeOutcome> {
  try {
    const parser = await getFormat(input.format);
    const shown = parser.parse(input.shown, input.file);
    const edited = parser.parse(input.edited, input.file);
    if (edited.metadata || shown.document.length !== 1 || edited.document.length !== 1 || input.original.document.length !== 1) return { conflict: [] };
    // Quiet: what opening reports was reported when the editor opened.
    const { onWarning: _w, onVerbose: _v, ...quiet } = input.options;
    const now = await openForChange(input.current, input.format, input.file, quiet);
    if (now.document.length !== 1) return { conflict: [] };
    const [before, after] = [shown.document[0]!, edited.document[0]!];
    if (text(comments(before)) !== text(comments(after))) return { conflict: [] };
    const mine = changedKeys(before, after);
    const theirKeys = changedKeys(input.original.document[0]!, now.document[0]!);
    const theirs = keyChanges(values(input.original.document[0]!), values(now.document[0]!));
    const both = mine.filter((k) => theirKeys.includes(k));
    if (both.length) return { conflict: both, theirs };
    // Only layout changed: nothing to merge, and the kept text shows what it was.
    if (!mine.length) return { conflict: [], theirs };
    const root = new Branch([...now.document[0]!.items]);
    for (const key of mine) {
      const value = after.get(key);
      if (value === undefined) root.delete(key);
      else root.set(key, value);
    }
    const [{ versionAfterEdit }, { SOPS_FORMAT_VERSION }] = await Promise.all([import("./sops-version.js"), import("../sopsfile/encrypt.js")]);
    const version = versionAfterEdit(now.metadata.version, SOPS_FORMAT_VERSION, input.file);
    const merged = await sealChanged([root] as Document, { ...now, metadata: { ...now.metadata, version } }, input.format, input.file, input.emit);
    return { merged, mine, theirs };
  } catch {
    return { conflict: [] };
  }
}

/** Top-level keys added, removed or with a different value. */
function changedKeys(a: Branch, b: Branch): string[] {
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  return keys.filter((k) => !a.has(k) || !b.has(k) || text(a.get(k)) !== text(b.get(k)));
}

function values(branch: Branch): Map<string, string> {
  return new Map(branch.entries().map((e) => [e.key, text(e.value)]));
}

function comments(branch: Branch): Comment[] {
  return branch.items.filter((i): i is Comment => i instanceof Comment);
}

function text(value: Value | Value[] | undefined): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v instanceof Uint8Array ? Buffer.from(v).toString("base64") : v)) ?? "undefined";
}
