/** Offsets to 0-based lines and columns, and the comments of a YAML text. */
import { CST, Lexer } from "yaml";

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(src: string) {
    for (let i = src.indexOf("\n"); i !== -1; i = src.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }

  line(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  col(offset: number): number {
    return offset - (this.starts[this.line(offset)] ?? 0);
  }
}

export interface SourceComment {
  offset: number;
  line: number;
  col: number;
  /** Without the leading `#`. */
  text: string;
  /** Something other than blanks precedes it on its line. */
  trailing: boolean;
}

const lexer = new Lexer();

/** Every comment token of `src`, in order (the lexer knows block scalars and quotes, so `#` inside them is not taken). */
export function findComments(src: string, lines: LineIndex): SourceComment[] {
  if (!src.includes("#")) return [];
  const found: SourceComment[] = [];
  let offset = 0;
  for (const token of lexer.lex(src)) {
    // Control tokens (document, flow-error-end, scalar markers) are one char below 0x20 and not source text.
    if (token.length === 1 && token.charCodeAt(0) < 0x20 && token !== "\n" && token !== "\t") continue;
    if (CST.tokenType(token) === "comment") {
      const line = lines.line(offset);
      const col = lines.col(offset);
      const before = src.slice(offset - col, offset);
      found.push({ offset, line, col, text: token.slice(1), trailing: /[^ \t]/.test(before) });
    }
    offset += token.length;
  }
  return found;
}
