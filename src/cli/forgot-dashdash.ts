/**
 * `hush run --with-secrets python3 train.py`: commander reads `python3` as the
 * secret list and the rest as the command. When that "secret" looks like a
 * command (it is on PATH, or more words follow) the user almost surely forgot
 * `--`; this gives them the line they meant.
 */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { quoteShellWord } from "../sys/shell-words.js";

/** The corrected command line, when `argv` (the whole command line after `hush`) looks like a forgotten `--`; else undefined. */
export function forgottenDashDash(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): { name: string; corrected: string } | undefined {
  if (argv.includes("--")) return undefined;
  const at = argv.indexOf("--with-secrets");
  const name = argv[at + 1];
  if (at < 0 || name === undefined || name.startsWith("-")) return undefined;
  if (!(at + 2 < argv.length || onPath(name, env))) return undefined;
  return { name, corrected: ["hush", ...argv.slice(0, at + 1), "--", ...argv.slice(at + 1)].map(quoteShellWord).join(" ") };
}

/** Whether `name` is an executable file in a PATH directory (or a path to one). */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const candidates = name.includes("/") ? [name] : (env.PATH ?? "").split(delimiter).filter(Boolean).map((dir) => join(dir, name));
  return candidates.some((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
