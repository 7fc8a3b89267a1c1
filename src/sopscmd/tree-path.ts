/**
 * The path syntax of `--extract`, `set` and `unset` (sops: `["key"]`,
 * `['key']`, `[index]`, e.g. `["app"]["hosts"][0]`). A quoted key runs to its
 * closing quote followed by `]`, so keys may hold `]` and `[` (sops itself
 * splits on `[` and cannot address keys containing one).
 */
import { HushError, type ErrorCode } from "../errors.js";

/** One step: a map key or a list index. */
export type PathStep = string | number;

/**
 * Parses a path; `""` is the empty path (the whole document).
 * @throws HushError `code` (EXTRACT_PATH_INVALID or SET_PATH_INVALID) naming the position
 */
export function parseTreePath(text: string, code: ErrorCode = "EXTRACT_PATH_INVALID"): PathStep[] {
  const steps: PathStep[] = [];
  let i = 0;
  const fail = (what: string): never => {
    throw new HushError(code, `invalid path ${JSON.stringify(text)}: ${what} at character ${i + 1}`, {
      hint: `write it as ["key"][0]["other"]`,
    });
  };
  while (i < text.length) {
    if (text[i] !== "[") fail("expected [");
    i++;
    const quote = text[i];
    if (quote === '"' || quote === "'") {
      const end = text.indexOf(quote + "]", i + 1);
      if (end < 0) fail(`no closing ${quote}]`);
      steps.push(text.slice(i + 1, end));
      i = end + 2;
    } else {
      const end = text.indexOf("]", i);
      if (end < 0) fail("no closing ]");
      const digits = text.slice(i, end);
      if (!/^[0-9]+$/.test(digits)) fail(`${JSON.stringify(digits)} is neither a quoted key nor an index`);
      steps.push(Number(digits));
      i = end + 1;
    }
  }
  return steps;
}

/** The path written back in the same syntax (for messages). */
export function formatTreePath(steps: readonly PathStep[]): string {
  return steps.map((s) => (typeof s === "number" ? `[${s}]` : s.includes('"]') ? `['${s}']` : `["${s}"]`)).join("");
}
