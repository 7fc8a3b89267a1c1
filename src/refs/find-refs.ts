/**
 * The `{{name.key}}` reference scanner (DESIGN "References").
 *
 * A reference is `{{name.key}}` anywhere inside a string; several per string
 * are allowed. The name is everything before the first dot, the key the rest
 * (so `{{db.a.b}}` is key `a.b` of secret `db`). Spaces just inside the braces
 * are ignored: `{{ db.user }}` is `{{db.user}}`.
 *
 * Escape: `\{{` writes a literal `{{` (the backslash is dropped when the
 * string is resolved). Applications that use the same syntax (Jinja, Helm,
 * Mustache) write `\{{ var }}`; the text up to the next `}}` is then plain text.
 * In a YAML double-quoted string the backslash itself must be doubled
 * (`"\\{{ var }}"`); plain and single-quoted strings take it as written.
 *
 * A lone `}}` without an opening `{{` is plain text (JSON inside a string
 * often ends that way); an opening `{{` without its `}}` is a problem.
 */

/** A well-formed reference, with its place inside the string. */
export interface Reference {
  name: string;
  key: string;
  /** The reference as written, braces included. */
  raw: string;
  /** Offset of the opening `{{` in the string. */
  index: number;
}

/** A malformed reference: what is wrong and where it starts in the string. */
export interface ReferenceSyntaxProblem {
  message: string;
  raw: string;
  index: number;
}

/** One piece of a string: literal text, or a reference to fill in. */
export type Segment = { text: string } | { ref: Reference };

export interface ScanResult {
  refs: Reference[];
  problems: ReferenceSyntaxProblem[];
  /** The string cut into text and references, escapes already removed. */
  segments: Segment[];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Finds every reference and every malformed one in `text`. Never throws. */
export function scanReferences(text: string): ScanResult {
  const refs: Reference[] = [];
  const problems: ReferenceSyntaxProblem[] = [];
  const segments: Segment[] = [];
  let literal = "";
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("\\{{", i)) {
      literal += "{{";
      i += 3;
      continue;
    }
    if (!text.startsWith("{{", i)) {
      // Jump to the next place anything can start (a char-by-char copy costs ~10x on long strings).
      const next = nextSpecial(text, i + 1);
      literal += text.slice(i, next);
      i = next;
      continue;
    }
    const close = text.indexOf("}}", i + 2);
    const nextOpen = text.indexOf("{{", i + 2);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      const end = nextOpen >= 0 && (close < 0 || nextOpen < close) ? nextOpen : text.length;
      problems.push({ message: "unbalanced braces: `{{` without its `}}` (write `\\{{` for a literal `{{`)", raw: text.slice(i, end), index: i });
      literal += text.slice(i, end);
      i = end;
      continue;
    }
    const raw = text.slice(i, close + 2);
    const parsed = parseInner(text.slice(i + 2, close).trim());
    if ("message" in parsed) {
      problems.push({ message: parsed.message, raw, index: i });
      literal += raw;
    } else {
      const ref: Reference = { ...parsed, raw, index: i };
      refs.push(ref);
      if (literal) segments.push({ text: literal });
      literal = "";
      segments.push({ ref });
    }
    i = close + 2;
  }
  if (literal) segments.push({ text: literal });
  return { refs, problems, segments };
}

/** Offset of the next `{{` or `\{{` at or after `from`, or the end of the text. */
function nextSpecial(text: string, from: number): number {
  const open = text.indexOf("{{", from);
  if (open < 0) return text.length;
  return open > from && text[open - 1] === "\\" ? open - 1 : open;
}

function parseInner(inner: string): { name: string; key: string } | { message: string } {
  if (inner === "") return { message: "empty reference `{{}}`: write `{{secret_name.key}}`" };
  const dot = inner.indexOf(".");
  if (dot < 0) return { message: `reference \`{{${inner}}}\` has no key: write \`{{${inner}.key}}\`` };
  const name = inner.slice(0, dot);
  const key = inner.slice(dot + 1);
  if (name === "") return { message: `reference \`{{${inner}}}\` has no secret name: write \`{{secret_name${inner}}}\`` };
  if (key === "") return { message: `reference \`{{${inner}}}\` has no key after the dot` };
  if (!NAME.test(name)) return { message: `reference \`{{${inner}}}\`: "${name}" is not a valid secret name (letters, digits, _ and -, not starting with _ or -)` };
  if (/\s/.test(key)) return { message: `reference \`{{${inner}}}\`: a key cannot contain spaces` };
  return { name, key };
}

/** True when `text` holds anything the scanner would look at (fast skip for plain strings). */
export function mayHoldReferences(text: string): boolean {
  return text.includes("{{");
}
