/**
 * Shell-style word splitting for commands that hush runs without a shell
 * (SOPS_AGE_KEY_CMD, SOPS_EDITOR / EDITOR).
 */

/**
 * Splits a command line as a POSIX shell would split words: whitespace
 * separates, '...' is literal, "..." and a bare backslash escape. No
 * expansion of any kind. Undefined for an unterminated quote.
 * @throws never
 */
export function splitShellWords(line: string): string[] | undefined {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return undefined;
      word += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      for (i++; ; i++) {
        if (i >= line.length) return undefined;
        const d = line[i]!;
        if (d === '"') break;
        if (d === "\\" && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1]!)) word += line[++i];
        else word += d;
      }
      inWord = true;
    } else if (c === "\\") {
      if (i + 1 >= line.length) return undefined;
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** One word for a POSIX shell: as it is when it is plainly safe, else single-quoted. */
export function quoteShellWord(word: string): string {
  return /^[-\w./:@=,+%^]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
