/**
 * `exec-file`'s COMMAND is a `/bin/sh -c` line in which each `{}` becomes
 * the plaintext's path. sops pastes the path in as it is
 * (cmd/sops/subcommand/exec: `strings.Replace(command, "{}", filename)`);
 * hush does the same for a plain path (hush's own temp paths are plain: the
 * line is then the one sops runs) and quotes any other for the place of each
 * `{}`, so a TMPDIR with a space, or a `--filename` such as `x;cmd;` or
 * `$(cmd)`, stays one word and runs nothing:
 * - unquoted (`cat {}`): `quoteShellWord` (bare, or in single quotes with
 *   each `'` as `'\''`);
 * - inside single quotes (`cat '{}'`): the path as it is, each `'` in it as
 *   `'\''` (close the quote, a quoted `'`, reopen);
 * - inside double quotes (`cat "{}"`): `"`, `\`, `$` and a backquote escaped
 *   with a backslash (POSIX sh, "Double-Quotes").
 * So a line written for sops (`cat {}`, `cat "{}"`) works unchanged. A `{}`
 * after a backslash outside single quotes (`\{}`) is left alone.
 */
import { quoteShellWord } from "../sys/shell-words.js";

/** `command` with every `{}` replaced by `path`, quoted for where it stands. */
export function fillPathPlaceholders(command: string, path: string): string {
  const unquoted = quoteShellWord(path);
  const inSingle = path.replaceAll("'", `'\\''`);
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
