/**
 * What is about to be committed: staged paths and their index content (not
 * the working tree), for `hush check --staged`. Inside a pre-commit hook git
 * sets GIT_INDEX_FILE (e.g. for `git commit -a`); every command here inherits
 * it, so "the index" is always the one being committed.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { inMemory, newlines, readWorkingFile, SCAN_WINDOW, type FileContent } from "../sys/file-content.js";
import { HushError } from "../errors.js";

export interface StagedView {
  /** The directory paths are relative to (the `cwd` given). */
  root: string;
  /** Paths under `root` added, copied, modified, renamed or changed in type in the index (`--diff-filter=ACMRT`), `/` separators. */
  changed: string[];
  /** Paths under `root` the index deletes (a staged check cross-checks what referenced them). */
  deleted: string[];
  /** Staged paths of the repository outside `root` (ACMRT), as `../`-relative paths from it. */
  changedOutside: string[];
  /** Every path in the index under the given prefixes (the state being committed). */
  tracked: string[];
  /** The tracked and the changed paths that are symbolic links in the index (mode 120000). */
  links: Set<string>;
  /** Paths with conflict stages in the index (a merge in progress): no content to read yet. */
  unmerged: Set<string>;
  /**
   * Index content of `path`: from the working tree when it equals the index
   * (never through a link), else from the index blob; a link's content is its
   * target; at most the first and last SCAN_WINDOW bytes are kept.
   */
  read(path: string): Promise<FileContent>;
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
  const [changedRaw, prefix, tracked, unstaged] = await Promise.all([
    // The whole repository's staged paths (top-relative): rule 4 looks at every file being committed, also outside a hush root in a subdirectory.
    // T (type change) too: a symbolic link replaced by a file is new content. --raw: the new mode tells links and submodules.
    nulList(git, ["diff", "--cached", "--raw", "--no-renames", "--diff-filter=ACMRTD", "-z"]),
    git.revparse(["--show-prefix"]).then((p) => p.trim(), () => ""),
    // -s: `mode object stage\tpath`, so symbolic links are known without another call.
    prefixes.length ? nulList(git, ["ls-files", "-z", "-s", "--", ...prefixes]) : Promise.resolve([]),
    // Paths whose working-tree file differs from the index: those are read from the index.
    nulList(git, ["diff", "--relative", "--name-only", "-z"]),
  ]);
  const up = "../".repeat(prefix.split("/").filter(Boolean).length);
  const modes = new Map<string, string>();
  const changed: string[] = [];
  const deleted: string[] = [];
  const outside: string[] = [];
  // `:oldmode newmode oldsha newsha status`, then the path (one path each: --no-renames).
  for (let i = 0; i + 1 < changedRaw.length; i += 2) {
    const [, mode = "", , , status] = changedRaw[i]!.split(" ");
    const top = changedRaw[i + 1]!;
    const path = top.startsWith(prefix) ? top.slice(prefix.length) : up + top;
    // A deletion has no content to judge; it is only a name others may reference.
    if (status === "D") {
      if (top.startsWith(prefix)) deleted.push(path);
      continue;
    }
    (top.startsWith(prefix) ? changed : outside).push(path);
    modes.set(path, mode);
  }
  const fromIndex = new Set([...changed, ...unstaged]);
  const links = new Set<string>();
  const unmerged = new Set<string>();
  const paths = new Set<string>();
  for (const entry of tracked) {
    const tab = entry.indexOf("\t");
    const path = entry.slice(tab + 1);
    modes.set(path, entry.slice(0, 6));
    // `mode object stage`: stages 1-3 are the sides of an unresolved merge.
    if (entry[tab - 1] !== "0") unmerged.add(path);
    paths.add(path);
  }
  for (const [path, mode] of modes) if (mode === LINK_MODE) links.add(path);
  const readIndex = (path: string): Promise<FileContent> => readIndexBlob(cwd, path);
  return {
    root: cwd,
    changed,
    deleted,
    changedOutside: outside,
    tracked: [...paths],
    links,
    unmerged,
    read: async (path) => {
      const mode = modes.get(path);
      // A link's blob is its target (a few bytes); a submodule has no blob here.
      if (mode === LINK_MODE) return { kind: "link", target: (await showIndexBlob(git, path)).toString("utf8") };
      if (mode === SUBMODULE_MODE) return { kind: "other" };
      // Outside `cwd` the unstaged list (--relative) says nothing: always the index there.
      if (fromIndex.has(path) || path.startsWith("../")) return readIndex(path);
      let content: FileContent;
      try {
        content = readWorkingFile(join(cwd, path));
      } catch {
        return readIndex(path);
      }
      // The index says a regular file: a link or a FIFO in the working tree is not what is being committed.
      return content.kind === "file" ? content : readIndex(path);
    },
  };
}

const LINK_MODE = "120000";
const SUBMODULE_MODE = "160000";

/** `git show :path` as bytes. @throws HushError GIT_FAILED */
export async function showIndexBlob(git: SimpleGit, path: string): Promise<Buffer> {
  try {
    // `:./path` is the index entry of a path relative to the current directory.
    return await git.showBuffer([`:./${path}`]);
  } catch (error) {
    throw new HushError("GIT_FAILED", `cannot read the staged content of ${path}`, { file: path, cause: error });
  }
}

/** At most this many `git cat-file` processes at once (the machine's cores, not the check's 64 file slots). */
const BLOB_READERS = 4;
let blobReaders = 0;
const waiting: Array<() => void> = [];

/**
 * The index blob of `path` (relative to `cwd`), streamed: only its first and
 * last SCAN_WINDOW bytes are kept, the newlines between them counted.
 * @throws HushError GIT_FAILED
 */
async function readIndexBlob(cwd: string, path: string): Promise<FileContent> {
  if (blobReaders >= BLOB_READERS) await new Promise<void>((resolve) => waiting.push(resolve));
  blobReaders++;
  try {
    return await streamBlob(cwd, path);
  } finally {
    blobReaders--;
    waiting.shift()?.();
  }
}

function streamBlob(cwd: string, path: string): Promise<FileContent> {
  return new Promise((resolve, reject) => {
    // `:./path` is the index entry of a path relative to the current directory; GIT_INDEX_FILE is inherited.
    const child = spawn("git", ["cat-file", "blob", `:./${path}`], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const head: Buffer[] = [];
    let headLength = 0;
    const tail: Buffer[] = [];
    let tailLength = 0;
    let middleLines = 0;
    let size = 0;
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (headLength < SCAN_WINDOW) {
        const take = Math.min(chunk.length, SCAN_WINDOW - headLength);
        head.push(chunk.subarray(0, take));
        headLength += take;
        chunk = chunk.subarray(take);
        if (!chunk.length) return;
      }
      tail.push(chunk);
      tailLength += chunk.length;
      // Keep a little over SCAN_WINDOW at the end; what falls out is only counted.
      while (tail.length > 1 && tailLength - tail[0]!.length >= SCAN_WINDOW) {
        const dropped = tail.shift()!;
        tailLength -= dropped.length;
        middleLines += newlines(dropped);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (error) => reject(new HushError("GIT_FAILED", `cannot read the staged content of ${path}`, { file: path, cause: error })));
    child.on("close", (status) => {
      if (status !== 0) return reject(new HushError("GIT_FAILED", `cannot read the staged content of ${path}: ${stderr.split("\n")[0] ?? ""}`, { file: path }));
      const first = Buffer.concat(head, headLength);
      let last = Buffer.concat(tail, tailLength);
      if (size <= 2 * SCAN_WINDOW) return resolve(inMemory(Buffer.concat([first, last])));
      const cut = last.length - SCAN_WINDOW;
      middleLines += newlines(last.subarray(0, cut));
      last = last.subarray(cut);
      resolve(inMemory(first, last, size, 1 + newlines(first) + middleLines));
    });
  });
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
