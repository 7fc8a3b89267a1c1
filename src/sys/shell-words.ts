/**
 * Words of command lines: split as sops splits the commands it runs without
 * a shell, and quoted for a POSIX shell.
 */

/** Separators of google/shlex (`spaceRunes`): these four only, not every Unicode space. */
const SPACES = " \t\r\n";

/**
 * Splits a command line exactly as sops does for SOPS_AGE_KEY_CMD,
 * SOPS_AGE_SSH_PRIVATE_KEY_CMD (age/keysource.go, getOutputFromCmd) and
 * SOPS_EDITOR / EDITOR (cmd/sops/edit.go, runEditor): with
 * github.com/google/shlex's `Split` (the version sops pins,
 * v0.0.0-20191202100458-e7afc7fbc510), of which this is a port. Not a POSIX
 * shell's rules:
 * - words are separated by space, tab, CR and LF only;
 * - `'...'` is literal; in `"..."` a backslash takes ANY next character as
 *   it is (`"\x"` is `x`, `"\\"` is `\`); outside quotes too (`\` + newline
 *   is a newline in the word, not a line continuation);
 * - `#` at the start of a word begins a comment up to the next newline
 *   (`vim # mine` is `vim`); inside a word it is literal (`a#b`);
 * - `''` and `""` are empty words; nothing is expanded (`$HOME`, `~`, `*`).
 * Undefined where shlex fails: an unterminated quote, a backslash at the end.
 * @throws never
 */
export function splitCommandLine(line: string): string[] | undefined {
  const words: string[] = [];
  let i = 0;
  for (;;) {
    while (i < line.length && SPACES.includes(line[i]!)) i++;
    if (i >= line.length) return words;
    if (line[i] === "#") {
      const end = line.indexOf("\n", i);
      if (end < 0) return words;
      i = end + 1;
      continue;
    }
    let word = "";
    let state: "word" | "escape" | "double" | "doubleEscape" | "single" = "word";
    for (; ; i++) {
      const c = line[i];
      if (c === undefined) {
        if (state !== "word") return undefined; // "EOF found after escape character" / "... when expecting closing quote"
        break;
      }
      if (state === "word") {
        if (SPACES.includes(c)) break;
        if (c === '"') state = "double";
        else if (c === "'") state = "single";
        else if (c === "\\") state = "escape";
        else word += c;
      } else if (state === "escape") {
        word += c;
        state = "word";
      } else if (state === "doubleEscape") {
        word += c;
        state = "double";
      } else if (state === "double") {
        if (c === '"') state = "word";
        else if (c === "\\") state = "doubleEscape";
        else word += c;
      } else if (c === "'") state = "word";
      else word += c;
    }
    words.push(word);
  }
}

/**
 * One word for a POSIX shell (`sh -c`, a git hook, a line to paste): as it is
 * when every character is plainly safe there, else single-quoted with each
 * `'` as `'\''`. A leading `=` is quoted too (zsh expands `=cmd`).
 */
export function quoteShellWord(word: string): string {
  return /^[-\w./:@,+%^][-\w./:@=,+%^]*$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
