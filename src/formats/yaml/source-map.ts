/** Offsets to 0-based lines and columns, and the comments of a YAML text. */
import { Parser } from "yaml";
import type { CST } from "yaml";

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

/**
 * The `yaml` package's parser, noting every comment token as it goes by (the
 * lexer knows block scalars and quotes, so a `#` inside them is no comment).
 * One pass: lexing the text a second time just for comments doubled the cost.
 */
export class CommentingParser extends Parser {
  private readonly found: { offset: number; text: string }[] = [];
  private scalarNext = false;

  override *next(source: string): Generator<CST.Token, void> {
    // "\x1f" announces a scalar: the next lexeme is its text, whatever it starts with.
    if (!this.scalarNext && source[0] === "#") this.found.push({ offset: this.offset, text: source.slice(1).replace(/\r$/, "") });
    this.scalarNext = source === "\x1f";
    yield* super.next(source);
  }

  comments(src: string, lines: LineIndex): SourceComment[] {
    return this.found.map(({ offset, text }) => {
      const col = lines.col(offset);
      return { offset, line: lines.line(offset), col, text, trailing: /[^ \t]/.test(src.slice(offset - col, offset)) };
    });
  }
}
