/**
 * Which leaves get encrypted (spec §3). Every ancestor key counts; the
 * comment-regex options look at the "active comments" above the leaf.
 */
import { HushError } from "../errors.js";
import type { Selection } from "./metadata.js";

/** Decides for one leaf: `path` its key path, `comments` the active comments (texts), `self` the comment itself when the leaf is one. */
export type Selector = (path: readonly string[], comments: readonly string[], self?: string) => boolean;

/** Builds the decision function of a selection rule. @throws HushError METADATA_INVALID for a regex Go would reject and JS cannot compile */
export function makeSelector(selection: Selection): Selector {
  const { kind, value } = selection;
  switch (kind) {
    case "unencrypted_suffix":
      return (path) => !path.some((k) => k.endsWith(value));
    case "encrypted_suffix":
      return (path) => path.some((k) => k.endsWith(value));
    case "unencrypted_regex": {
      const re = compileGoRegex(value);
      return (path) => !path.some((k) => re.test(k));
    }
    case "encrypted_regex": {
      const re = compileGoRegex(value);
      return (path) => path.some((k) => re.test(k));
    }
    case "unencrypted_comment_regex": {
      const re = compileGoRegex(value);
      // The matching comment itself stays clear too.
      return (_path, comments, self) => !comments.some((c) => re.test(c)) && !(self !== undefined && re.test(self));
    }
    case "encrypted_comment_regex": {
      const re = compileGoRegex(value);
      // The marker comment itself is not in `comments` yet, so it stays clear.
      return (_path, comments) => comments.some((c) => re.test(c));
    }
  }
}

/** Compiles an RE2 pattern as JS; a leading `(?ims)` group (Go syntax) becomes JS flags. */
export function compileGoRegex(source: string): RegExp {
  const inline = /^\(\?([ims]+)\)/.exec(source);
  const flags = "u" + (inline ? [...new Set(inline[1]!)].join("") : "");
  const body = inline ? source.slice(inline[0].length) : source;
  try {
    // RE2 and JS agree on the common subset; `u` keeps classes code-point based as in Go.
    return new RegExp(body, flags);
  } catch (cause) {
    throw new HushError("METADATA_INVALID", `selection regex ${JSON.stringify(source)} is not a valid regular expression`, { cause });
  }
}

/** True for the comment-regex kinds, which need the active-comment stack. */
export function usesComments(selection: Selection): boolean {
  return selection.kind === "unencrypted_comment_regex" || selection.kind === "encrypted_comment_regex";
}
