/**
 * Which editor `edit` runs (spec §9): `$SOPS_EDITOR`, else `$EDITOR`, split
 * as a shell would split words (quotes and backslashes, no shell run), else
 * the first of vim, nano, vi on PATH.
 */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { HushError } from "../errors.js";

/** Splits a command line into words: '…' literal, "…" with \\ \" \$ \` escapes, \x outside quotes. @throws HushError USAGE on an open quote */
export function shellSplit(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new HushError("USAGE", `unterminated ' in ${JSON.stringify(text)}`);
      word += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      inWord = true;
      for (i++; ; i++) {
        if (i >= text.length) throw new HushError("USAGE", `unterminated " in ${JSON.stringify(text)}`);
        const d = text[i]!;
        if (d === '"') break;
        if (d === "\\" && i + 1 < text.length && '\\"$`\n'.includes(text[i + 1]!)) word += text[++i];
        else word += d;
      }
    } else if (c === "\\" && i + 1 < text.length) {
      word += text[++i];
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

/** The editor's argv (the file is appended by the caller). @throws HushError NO_EDITOR */
export function editorCommand(env: NodeJS.ProcessEnv): string[] {
  for (const name of ["SOPS_EDITOR", "EDITOR"] as const) {
    const value = env[name];
    if (value && value.trim() !== "") {
      const words = shellSplit(value);
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
