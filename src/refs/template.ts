/**
 * Text templates for `hush inject` (op inject's pattern): any text file with
 * `{{name.key}}` references, the same syntax and escapes as stack values,
 * placed by line and column so validation reads like a stack's.
 */
import { scanReferences } from "./scan.js";
import type { PlacedReference, StackFile } from "./stack-file.js";

/** The template as a stack-like file: its text as `data`, its references placed. Never throws. */
export function parseTemplate(file: string, text: string): StackFile {
  const { refs, problems } = scanReferences(text);
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const place = (offset: number): { line: number; col: number } => {
    // The last line start at or before the offset (binary search: templates may be large).
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - lineStarts[lo]! + 1 };
  };
  const placed: PlacedReference[] = refs.map((ref) => ({ ...ref, path: [], ...place(ref.index) }));
  return {
    name: file,
    file,
    data: text,
    refs: placed,
    problems: problems.map((p) => ({ file, ...place(p.index), message: p.message, code: "REFERENCE_INVALID" as const })),
  };
}
