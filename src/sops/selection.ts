/**
 * Which leaves get encrypted (spec §3). Every ancestor key counts; the
 * comment-regex options look at the "active comments" above the leaf.
 */
import type { Selection } from "./metadata.js";
import { compileGoRegex } from "./go-regex.js";

/** Decides for one leaf: `path` its key path, `comments` the active comments (texts), `self` the comment itself when the leaf is one. */
export type Selector = (path: readonly string[], comments: readonly string[], self?: string) => boolean;

/**
 * Builds the decision function of a selection rule; regexes have RE2 semantics (go-regex.ts).
 * @throws HushError METADATA_INVALID for a regex RE2 rejects (naming the field and `file`)
 */
export function makeSelector(selection: Selection, file?: string): Selector {
  const { kind, value } = selection;
  const origin = { field: kind, ...(file !== undefined ? { file } : {}) };
  switch (kind) {
    case "unencrypted_suffix":
      return (path) => !path.some((k) => k.endsWith(value));
    case "encrypted_suffix":
      return (path) => path.some((k) => k.endsWith(value));
    case "unencrypted_regex": {
      const re = compileGoRegex(value, origin);
      return (path) => !path.some((k) => re.test(k));
    }
    case "encrypted_regex": {
      const re = compileGoRegex(value, origin);
      return (path) => path.some((k) => re.test(k));
    }
    case "unencrypted_comment_regex": {
      const re = compileGoRegex(value, origin);
      // The matching comment itself stays clear too.
      return (_path, comments, self) => !comments.some((c) => re.test(c)) && !(self !== undefined && re.test(self));
    }
    case "encrypted_comment_regex": {
      const re = compileGoRegex(value, origin);
      // The marker comment itself is not in `comments` yet, so it stays clear.
      return (_path, comments) => comments.some((c) => re.test(c));
    }
  }
}

/** True for the comment-regex kinds, which need the active-comment stack. */
export function usesComments(selection: Selection): boolean {
  return selection.kind === "unencrypted_comment_regex" || selection.kind === "encrypted_comment_regex";
}
