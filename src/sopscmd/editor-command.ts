/**
 * Which editor `edit` runs (spec §9): `$SOPS_EDITOR`, else `$EDITOR`, split
 * as sops splits it (google/shlex: see splitCommandLine; no shell run), else
 * the first of vim, nano, vi on PATH. A variable that is empty or holds no
 * word (only spaces or a `# comment`) is passed over; sops would then run the
 * file itself as the editor.
 */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { HushError } from "../errors.js";
import { splitCommandLine } from "../sys/shell-words.js";

/** The editor's argv (the file is appended by the caller). @throws HushError NO_EDITOR */
export function editorCommand(env: NodeJS.ProcessEnv): string[] {
  for (const name of ["SOPS_EDITOR", "EDITOR"] as const) {
    const value = env[name];
    if (value) {
      const words = splitCommandLine(value);
      if (!words) throw new HushError("USAGE", `${name} has an unterminated quote or a trailing backslash`, { hint: `fix ${name}` });
      if (words.length > 0) return words;
    }
  }
  for (const candidate of ["vim", "nano", "vi"]) {
    for (const dir of (env.PATH ?? "").split(delimiter)) {
      if (!dir) continue;
      try {
        accessSync(join(dir, candidate), constants.X_OK);
        return [join(dir, candidate)];
      } catch {
        // not here
      }
    }
  }
  throw new HushError("NO_EDITOR", "no editor found", { hint: "set SOPS_EDITOR or EDITOR" });
}
