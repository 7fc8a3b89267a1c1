/**
 * `hush hook install`: a git pre-commit hook that runs `hush check --staged`.
 * The hooks directory is git's own answer (`git rev-parse --git-path hooks`),
 * so `core.hooksPath` is honoured. A hook hush did not write is never
 * replaced without `force`.
 */
import { chmod, mkdir, readFile, realpath, rename, rm, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { simpleGit } from "simple-git";
import { HushError } from "../errors.js";

/** The line that marks a hook as hush's own (safe to replace). */
export const HOOK_MARK = "# hush pre-commit hook";

export interface InstalledHook {
  /** Absolute path of the hook file. */
  path: string;
  /** The command the hook runs. */
  command: string;
  /** An earlier hush hook was replaced, or a foreign one with `force`. */
  replaced: "none" | "hush" | "foreign";
  /** Where a foreign hook replaced with `force` was kept. */
  backup?: string;
}

/**
 * Writes `<hooks dir>/pre-commit` (0755).
 * @throws HushError NOT_A_GIT_REPO, HOOK_EXISTS (a foreign hook, without force), FILE_WRITE_FAILED
 */
export async function installHook(cwd: string, options: { force?: boolean; hushBin?: string } = {}): Promise<InstalledHook> {
  const git = simpleGit({ baseDir: cwd });
  let hooksDir: string;
  let top: string;
  try {
    top = (await git.revparse(["--show-toplevel"])).trim();
    hooksDir = (await git.revparse(["--git-path", "hooks"])).trim();
  } catch (error) {
    throw new HushError("NOT_A_GIT_REPO", `${cwd} is not inside a git repository`, { hint: "run `git init` first", cause: error });
  }
  // --git-path answers relative to the current directory (core.hooksPath may be relative to the top level).
  const path = join(isAbsolute(hooksDir) ? hooksDir : resolve(cwd, hooksDir), "pre-commit");
  let replaced: InstalledHook["replaced"] = "none";
  const existing = await readFile(path, "utf8").catch(() => undefined);
  if (existing !== undefined) {
    replaced = existing.includes(HOOK_MARK) ? "hush" : "foreign";
    if (replaced === "foreign" && !options.force) {
      throw new HushError("HOOK_EXISTS", "a pre-commit hook hush did not write is already there", {
        file: path,
        hint: "add `hush check --staged` to it yourself, or pass --force to replace it (it is kept as pre-commit.hush-replaced)",
      });
    }
  }
  // --force keeps the foreign hook next to ours: it may be the only copy of someone's work.
  const backup = replaced === "foreign" ? `${path}.hush-replaced` : undefined;
  if (backup) {
    try {
      await rename(path, backup);
    } catch (error) {
      throw new HushError("FILE_WRITE_FAILED", `cannot keep the replaced hook as ${backup}`, { file: path, cause: error });
    }
  }
  // git runs hooks at the top of the worktree: a hush root in a subdirectory (a monorepo) is named with -C.
  const sub = relative(top, await realpath(cwd)).split(sep).join("/");
  const command = hookCommand(options.hushBin ?? defaultHushBin(), top) + (sub ? ` -C ${shellQuote(sub)}` : "");
  const script = [
    "#!/bin/sh",
    `${HOOK_MARK} (written by \`hush hook install\`; \`hush hook install --force\` rewrites it).`,
    "# Refuses commits with plaintext or stale secrets, broken {{name.key}} references, private keys or tokens.",
    `exec ${command} check --staged`,
    "",
  ].join("\n");
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.hush-${process.pid}.tmp`;
  try {
    await writeFile(temp, script, { mode: 0o755 });
    await chmod(temp, 0o755);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new HushError("FILE_WRITE_FAILED", `cannot write ${path}`, { file: path, cause: error });
  }
  return { path, command: `${command} check --staged`, replaced, ...(backup ? { backup } : {}) };
}

/** bin/hush.js of this installation (dist/git/hook.js -> ../../bin/hush.js). */
export function defaultHushBin(): string {
  return fileURLToPath(new URL("../../bin/hush.js", import.meta.url));
}

/**
 * How the hook starts hush: `npx --no-install hush` when hush is a dependency
 * of the repository (node_modules moves with the checkout), else this node and
 * this bin/hush.js by absolute path (works without PATH, e.g. in GUI git clients).
 */
export function hookCommand(hushBin: string, repoTop: string): string {
  const insideRepoModules = hushBin.startsWith(join(repoTop, "node_modules") + sep);
  if (insideRepoModules) return "npx --no-install hush";
  return `${shellQuote(process.execPath)} ${shellQuote(hushBin)}`;
}

function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
