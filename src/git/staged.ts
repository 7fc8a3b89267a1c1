/**
 * What is about to be committed: staged paths and their index content (not
 * the working tree), for `hush check --staged`. Inside a pre-commit hook git
 * sets GIT_INDEX_FILE (e.g. for `git commit -a`); every command here inherits
 * it, so "the index" is always the one being committed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { HushError } from "../errors.js";

export interface StagedView {
  /** The directory paths are relative to (the `cwd` given). */
  root: string;
  /** Paths under `root` added, copied, modified or renamed in the index (`--diff-filter=ACMR`), `/` separators. */
  changed: string[];
  /** Staged paths of the repository outside `root` (ACMR), as `../`-relative paths from it. */
  changedOutside: string[];
  /** Every path in the index under the given prefixes (the state being committed). */
  tracked: string[];
  /** The tracked paths that are symbolic links in the index (mode 120000). */
  links: Set<string>;
  /** Paths with conflict stages in the index (a merge in progress): no content to read yet. */
  unmerged: Set<string>;
  /** Index content of `path`: from the working tree when it equals the index, else `git show :path`. */
  read(path: string): Promise<Buffer>;
}

/**
 * Opens the index of the repository containing `cwd`; every path is relative
 * to `cwd` and limited to it, so a hush root in a subdirectory works — except
 * `changedOutside`, the staged files elsewhere in the repository (`../`...).
 * @throws HushError NOT_A_GIT_REPO, GIT_FAILED
 */
export async function openStaged(cwd: string, prefixes: readonly string[]): Promise<StagedView> {
  const git = simpleGit({ baseDir: cwd, maxConcurrentProcesses: 4 });
  // Outside a repository `git diff` silently turns into `diff --no-index`: ask first.
  const inside = await git.checkIsRepo().catch(() => false);
  if (!inside) throw new HushError("NOT_A_GIT_REPO", `${cwd} is not inside a git repository`, { hint: "run `git init`, or check the working tree without --staged" });
  const [changedInRepo, prefix, tracked, unstaged] = await Promise.all([
    // The whole repository's staged paths (top-relative): rule 4 looks at every file being committed, also outside a hush root in a subdirectory.
    nulList(git, ["diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z"]),
    git.revparse(["--show-prefix"]).then((p) => p.trim(), () => ""),
    // -s: `mode object stage\tpath`, so symbolic links are known without another call.
    prefixes.length ? nulList(git, ["ls-files", "-z", "-s", "--", ...prefixes]) : Promise.resolve([]),
    // Paths whose working-tree file differs from the index: those are read from the index.
    nulList(git, ["diff", "--relative", "--name-only", "-z"]),
  ]);
  const up = "../".repeat(prefix.split("/").filter(Boolean).length);
  const changed = changedInRepo.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length));
  const outside = changedInRepo.filter((p) => !p.startsWith(prefix)).map((p) => up + p);
  const fromIndex = new Set([...changed, ...unstaged]);
  const links = new Set<string>();
  const unmerged = new Set<string>();
  const paths = new Set<string>();
  for (const entry of tracked) {
    const tab = entry.indexOf("\t");
    const path = entry.slice(tab + 1);
    if (entry.startsWith("120000 ")) links.add(path);
    // `mode object stage`: stages 1-3 are the sides of an unresolved merge.
    if (entry[tab - 1] !== "0") unmerged.add(path);
    paths.add(path);
  }
  return {
    root: cwd,
    changed,
    changedOutside: outside,
    tracked: [...paths],
    links,
    unmerged,
    // Outside `cwd` the unstaged list (--relative) says nothing: always the index there.
    read: (path) => (fromIndex.has(path) || path.startsWith("../") ? showIndexBlob(git, path) : readWorkingCopy(join(cwd, path)) ?? showIndexBlob(git, path)),
  };
}

/**
 * The working-tree copy of a file known to equal the index, or undefined.
 * Synchronous on purpose: for thousands of small files fs/promises costs ~4x more.
 */
function readWorkingCopy(path: string): Promise<Buffer> | undefined {
  try {
    return Promise.resolve(readFileSync(path));
  } catch {
    return undefined;
  }
}

/** `git show :path` as bytes. @throws HushError GIT_FAILED */
export async function showIndexBlob(git: SimpleGit, path: string): Promise<Buffer> {
  try {
    // `:./path` is the index entry of a path relative to the current directory.
    return await git.showBuffer([`:./${path}`]);
  } catch (error) {
    throw new HushError("GIT_FAILED", `cannot read the staged content of ${path}`, { file: path, cause: error });
  }
}

async function nulList(git: SimpleGit, args: string[]): Promise<string[]> {
  try {
    return (await git.raw(args)).split("\0").filter(Boolean);
  } catch (error) {
    throw new HushError("GIT_FAILED", `git ${args.slice(0, 2).join(" ")} failed: ${firstLine(error)}`, { cause: error });
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

/** Every file git would add: tracked plus untracked-but-not-ignored (for checking the working tree). @throws GIT_FAILED */
export async function listWorkingFiles(root: string): Promise<string[] | undefined> {
  const git = simpleGit({ baseDir: root });
  try {
    if (!(await git.checkIsRepo())) return undefined;
  } catch {
    return undefined;
  }
  return nulList(git, ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--deduplicate"]);
}
