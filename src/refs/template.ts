/**
 * Text templates for `hush inject` (op inject's pattern): any text file with
 * `{{name.key}}` references, the same syntax and escapes as stack values,
 * placed by line and column so validation reads like a stack's.
 */
import { lastAtOrBefore } from "../sys/sorted-search.js";
import { scanReferences } from "./find-refs.js";
import type { PlacedReference, StackFile } from "./stack-file.js";

/** The template as a stack-like file: its text as `data`, its references placed. Never throws. */
export function parseTemplate(file: string, text: string): StackFile {
  const { refs, problems } = scanReferences(text);
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const place = (offset: number): { line: number; col: number } => {
    const line = lastAtOrBefore(lineStarts, offset);
    return { line: line + 1, col: offset - lineStarts[line]! + 1 };
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
