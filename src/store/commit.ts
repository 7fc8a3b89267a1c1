/**
 * `--commit`: commits exactly the files a command changed (added, modified
 * or deleted), nothing else that happens to be staged.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { HushError } from "../errors.js";

/**
 * Stages `paths` (relative to `root`; deleted ones are staged as deletions)
 * and commits only them with `message`. Returns the new commit's hash.
 * @throws HushError NOT_A_GIT_REPO, GIT_FAILED
 */
export async function commitFiles(root: string, paths: string[], message: string): Promise<string> {
  const { simpleGit } = await import("simple-git");
  const git = simpleGit({ baseDir: root });
  if (!(await git.checkIsRepo().catch(() => false))) {
    throw new HushError("NOT_A_GIT_REPO", `${root} is not in a git repository, so --commit cannot commit`, {
      hint: "run `git init` first, or leave out --commit",
    });
  }
  // A file created and deleted again without being tracked has nothing to commit (and git refuses its pathspec).
  const tracked = new Set((await git.raw(["ls-files", "--", ...new Set(paths)])).split("\n").filter(Boolean));
  const unique = [...new Set(paths)].filter((p) => tracked.has(p) || existsSync(join(root, p)));
  if (!unique.length) return "";
  try {
    // `add -A -- paths` stages deletions too; `commit -- paths` commits only those paths.
    await git.raw(["add", "-A", "--", ...unique]);
    await git.raw(["commit", "-q", "-m", message, "--", ...unique]);
    return (await git.revparse(["HEAD"])).trim();
  } catch (error) {
    const text = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new HushError("GIT_FAILED", `git commit failed: ${text}`, { cause: error });
  }
}
