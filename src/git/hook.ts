/**
 * `hush hook install`: a git pre-commit hook that runs `hush check --staged`.
 * The hooks directory is git's own answer (`git rev-parse --git-path hooks`),
 * so `core.hooksPath` is honoured. A hook hush did not write is never
 * replaced without `force`.
 */
import { chmod, mkdir, readFile, realpath, rename, rm, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { simpleGit } from "simple-git";
import { HushError } from "../errors.js";
import { quoteShellWord } from "../sys/shell-words.js";

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
export async function installHook(cwd: string, options: { force?: boolean } = {}): Promise<InstalledHook> {
  const { path, top } = await hookPath(cwd);
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
  const script = hookScript(sub);
  const command = `hush${sub ? ` -C ${quoteShellWord(sub)}` : ""} check --staged`;
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
  return { path, command, replaced, ...(backup ? { backup } : {}) };
}

/** `<hooks dir>/pre-commit`, as git answers it (core.hooksPath honoured), and the work tree's top. */
async function hookPath(cwd: string): Promise<{ path: string; top: string }> {
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
  return { path: join(isAbsolute(hooksDir) ? hooksDir : resolve(cwd, hooksDir), "pre-commit"), top };
}

/**
 * The hook finds hush the way the team installed it, never by this machine's
 * absolute paths (the hooks directory may be committed and shared through
 * core.hooksPath): `hush` on PATH, else the project's `node_modules/.bin`
 * (at the hush root, then at the top of the work tree); else one line saying
 * how to install it.
 */
export function hookScript(sub: string): string {
  const at = sub ? ` -C ${quoteShellWord(sub)}` : "";
  const local = sub ? [`"$top"/${quoteShellWord(sub)}/node_modules/.bin/hush`, `"$top"/node_modules/.bin/hush`] : [`"$top"/node_modules/.bin/hush`];
  return [
    "#!/bin/sh",
    `${HOOK_MARK} (written by \`hush hook install\`; \`hush hook install --force\` rewrites it, \`hush hook uninstall\` removes it).`,
    "# Refuses commits with plaintext or stale secrets, broken {{name.key}} references, private keys or tokens.",
    "top=$(git rev-parse --show-toplevel) || exit 1",
    "if command -v hush >/dev/null 2>&1; then",
    `  exec hush${at} check --staged`,
    "fi",
    `for candidate in ${local.join(" ")}; do`,
    `  if [ -x "$candidate" ]; then exec "$candidate"${at} check --staged; fi`,
    "done",
    `echo "hush pre-commit hook: hush is not installed here (not on PATH, not in node_modules/.bin): install it (npm install --save-dev hush-secrets, or npm install -g hush-secrets), or skip the check once with git commit --no-verify" >&2`,
    "exit 1",
    "",
  ].join("\n");
}

/**
 * Removes the hook `installHook` wrote, and puts back a foreign hook it had
 * replaced with `force`. A hook hush did not write is left alone.
 * @throws HushError NOT_A_GIT_REPO, HOOK_EXISTS (the hook there is not hush's), FILE_WRITE_FAILED
 */
export async function uninstallHook(cwd: string): Promise<{ path: string; removed: boolean; restored?: string }> {
  const { path } = await hookPath(cwd);
  const existing = await readFile(path, "utf8").catch(() => undefined);
  if (existing === undefined) return { path, removed: false };
  if (!existing.includes(HOOK_MARK)) {
    throw new HushError("HOOK_EXISTS", "the pre-commit hook there is not hush's; it was left as it is", { file: path, hint: "remove it yourself if you want it gone" });
  }
  const backup = `${path}.hush-replaced`;
  try {
    if (await readFile(backup).then(() => true, () => false)) {
      await rename(backup, path);
      return { path, removed: true, restored: backup };
    }
    await rm(path);
  } catch (error) {
    throw new HushError("FILE_WRITE_FAILED", `cannot remove ${path}`, { file: path, cause: error });
  }
  return { path, removed: true };
}
