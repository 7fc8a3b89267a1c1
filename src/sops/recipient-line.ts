/**
 * The `recipient:` line of an age entry in a sops YAML file's metadata, for
 * the line scanners that read keys and recipients without a YAML parser
 * (secret list, the pre-commit check, hush log). An age recipient is one
 * word; an SSH recipient is `type base64 [comment]`, which sops and hush
 * write plain; a value YAML had to quote is unquoted when it is simple.
 */

const LINE = /^ +(?:- )?recipient:(?: +(.*))?$/;

/**
 * The recipient on `line`; undefined when it is no `recipient:` line; null
 * when it is one this reader cannot read (escapes, a comment, a block
 * scalar): the caller falls back to the YAML parser.
 */
export function readRecipientLine(line: string): string | null | undefined {
  const m = LINE.exec(line);
  if (!m) return undefined;
  const value = (m[1] ?? "").trimEnd();
  const quoted = /^"([^"\\]*)"$/.exec(value) ?? /^'([^']*)'$/.exec(value);
  if (quoted) return quoted[1]!;
  if (value === "" || /^[-?:,[\]{}#&*!|>'"%@`]/.test(value) || value.includes(" #") || value.includes(": ")) return null;
  return value;
}
