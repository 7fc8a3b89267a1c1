/**
 * The plain value of a document the yaml library parsed without errors. Two
 * faults surface only here, as exceptions: an alias to no anchor and too many
 * aliases. They become a problem placed at the alias, like any other.
 */
import { visit, type Document, type LineCounter, type ToJSOptions } from "yaml";

export type DocumentData = { data: unknown; problem?: undefined } | { data?: undefined; problem: { line: number; col: number; message: string } };

export function documentData(doc: Document, counter: LineCounter, options?: ToJSOptions): DocumentData {
  try {
    return { data: doc.toJS(options) };
  } catch (error) {
    let at = { line: 1, col: 1 };
    visit(doc, {
      Alias(_, node) {
        if (node.range && node.resolve(doc) === undefined) {
          at = counter.linePos(node.range[0]);
          return visit.BREAK;
        }
        return undefined;
      },
    });
    return { problem: { ...at, message: error instanceof Error ? error.message : String(error) } };
  }
}
