/**
 * `exec-file`'s COMMAND is a `/bin/sh -c` line in which each `{}` becomes
 * the plaintext's path. sops pastes the path in as it is; hush quotes it for
 * the place of each `{}`, so a TMPDIR with a space, or a `--filename` such
 * as `x;cmd;` or `$(cmd)`, stays one word and runs nothing:
 * - unquoted (`cat {}`): the path in single quotes, each `'` as `'\''`;
 * - inside single quotes (`cat '{}'`): the quote is closed, the quoted path
 *   put in, the quote reopened;
 * - inside double quotes (`cat "{}"`): `"`, `\`, `$` and a backquote escaped
 *   with a backslash (POSIX sh, "Double-Quotes").
 * So a line written for sops (`cat {}`, `cat "{}"`) works unchanged. A `{}`
 * after a backslash outside single quotes (`\{}`) is left alone.
 */

/** `text` as one POSIX shell word, in single quotes. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** `command` with every `{}` replaced by `path`, quoted for where it stands. */
export function fillPathPlaceholders(command: string, path: string): string {
  const unquoted = shellQuote(path);
  const inSingle = `'${unquoted}'`;
  const inDouble = path.replace(/["\\$`]/g, "\\$&");
  let out = "";
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (c === "{" && command[i + 1] === "}") {
      out += quote === "'" ? inSingle : quote === '"' ? inDouble : unquoted;
      i++;
      continue;
    }
    out += c;
    if (quote === "'") {
      if (c === "'") quote = undefined;
    } else if (c === "\\") {
      // Outside single quotes a backslash takes the next character as it is.
      if (i + 1 < command.length) out += command[++i]!;
    } else if (c === quote) quote = undefined;
    else if (quote === undefined && (c === "'" || c === '"')) quote = c;
  }
  return out;
}
