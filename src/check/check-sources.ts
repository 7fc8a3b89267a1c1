/**
 * What `hush check` looks at: the working tree, or (with --staged) the index
 * being committed. Paths are relative to the repository root (the directory
 * of .hush.yaml), `/` separators; each file is read at most once.
 */
import { lstatSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, sep } from "node:path";
import type { HushConfig } from "../config/hush-config.js";
import { HushError } from "../errors.js";
import { readWorkingFile, SCAN_WINDOW, wholeBytes, type FileContent } from "../sys/file-content.js";

export interface CheckSource {
  /** Every file under the secrets dir in the state being checked (the secrets dir itself when it is a link). */
  secretFiles: string[];
  /** Every stack file in the state being checked. */
  stackFiles: string[];
  /** Secret files whose own content is judged (rules 1 and 2): all, or only the staged ones. */
  judged(file: string): boolean;
  /** Secret files that are symbolic links (refused; never read through). */
  links: ReadonlySet<string>;
  /** The secrets or stacks dir, when it is itself a symbolic link (refused; not listed through). */
  linkedDirs: string[];
  /** Files with an unresolved merge in the index (refused; nothing staged to read). */
  unmerged: ReadonlySet<string>;
  /** Files searched for private keys and tokens (rule 4). */
  leakScan: string[];
  /** Content in the state being checked: never through a link, at most 2 × SCAN_WINDOW bytes. @throws HushError GIT_FAILED, or the fs error */
  content(file: string): Promise<FileContent>;
  /** The whole bytes of a regular file. @throws HushError FILE_READ_FAILED for a link, a special or an oversized file; GIT_FAILED */
  read(file: string): Promise<Buffer>;
  /** Drops what was read of `file` (the next read reads it again): memory stays flat over thousands of large files. */
  forget(file: string): void;
  staged: boolean;
  /** --staged with .hush.yaml unchanged: the changed paths, so the check reads only what they touch (undefined: read everything). */
  changedOnly?: ReadonlySet<string>;
}

/** The working tree: every secret and stack file; keys searched in every file git would add (or the hush dirs outside git). */
export async function workingTreeSource(config: HushConfig): Promise<CheckSource> {
  const { listWorkingFiles } = await import("../git/staged.js");
  const [secrets, stackFiles, gitFiles] = await Promise.all([
    walk(config.root, config.secretsDir),
    listStacks(config.root, config.stacksDir),
    listWorkingFiles(config.root),
  ]);
  const content = cached((file) => {
    try {
      return Promise.resolve(readWorkingFile(join(config.root, file)));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  });
  const linkedDirs = [config.secretsDir, config.stacksDir].map(slashed).filter((d) => isLink(join(config.root, d)));
  const secretsLinked = linkedDirs.includes(slashed(config.secretsDir));
  const secretFiles = secretsLinked ? [slashed(config.secretsDir)] : secrets.files;
  if (secretsLinked) secrets.links.add(slashed(config.secretsDir));
  const stacks = linkedDirs.includes(slashed(config.stacksDir)) ? [] : stackFiles;
  const leakScan = gitFiles ?? [...secretFiles, ...stacks, ".hush.yaml", ".sops.yaml"];
  return { secretFiles, stackFiles: stacks, judged: () => true, links: secrets.links, linkedDirs, unmerged: new Set(), leakScan, content, read: wholeReader(content), forget: content.forget, staged: false };
}

/** The index: every indexed secret and stack file; rules 1, 2 and 4 on the staged ones (all secrets when .hush.yaml is staged). */
export async function stagedSource(config: HushConfig): Promise<CheckSource> {
  const { openStaged } = await import("../git/staged.js");
  const [secretsDir, stacksDir] = [config.secretsDir, config.stacksDir].map((d) => slashed(d) + "/") as [string, string];
  // Without the trailing slash: the dirs themselves are listed too, so a dir committed as a link is seen.
  const view = await openStaged(config.root, [slashed(config.secretsDir), slashed(config.stacksDir)]);
  const changedSet = new Set(view.changed);
  // A changed .hush.yaml can make every file's recipients stale: then all secrets are judged.
  const configChanged = changedSet.has(".hush.yaml");
  const content = cached((file) => view.read(file));
  const linkedDirs = [secretsDir, stacksDir].map((d) => d.slice(0, -1)).filter((d) => view.links.has(d));
  return {
    secretFiles: view.tracked.filter((f) => f.startsWith(secretsDir) || f === secretsDir.slice(0, -1)),
    stackFiles: view.tracked.filter((f) => f.startsWith(stacksDir) && !f.slice(stacksDir.length).includes("/") && /\.ya?ml$/.test(f)),
    judged: (file) => configChanged || changedSet.has(file),
    links: view.links,
    linkedDirs,
    unmerged: view.unmerged,
    leakScan: [...view.changed, ...view.changedOutside],
    content,
    read: wholeReader(content),
    forget: content.forget,
    staged: true,
    ...(configChanged ? {} : { changedOnly: new Set([...view.changed, ...view.deleted]) }),
  };
}

/** `dir` with `/` separators and no trailing slash. */
function slashed(dir: string): string {
  return dir.split(sep).join("/").replace(/\/+$/, "");
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Reads each file at most once until it is forgotten. */
function cached(read: (file: string) => Promise<FileContent>): ((file: string) => Promise<FileContent>) & { forget(file: string): void } {
  const cache = new Map<string, Promise<FileContent>>();
  const content = (file: string): Promise<FileContent> => {
    let p = cache.get(file);
    if (!p) cache.set(file, (p = read(file)));
    return p;
  };
  return Object.assign(content, { forget: (file: string) => void cache.delete(file) });
}

/** The whole bytes of a regular file, for the rules that parse it; a link, a special or an oversized file is refused. */
function wholeReader(content: (file: string) => Promise<FileContent>): (file: string) => Promise<Buffer> {
  return async (file) => {
    const c = await content(file);
    const bytes = wholeBytes(c);
    if (bytes) return bytes;
    const what = c.kind === "link" ? "a symbolic link" : c.kind === "other" ? "not a regular file" : `larger than ${(2 * SCAN_WINDOW) >> 20} MiB`;
    throw new HushError("FILE_READ_FAILED", `${what}: hush does not read it`, { file });
  };
}

/** Files under `dir` (recursive; links listed, never followed), relative to root, `/` separators; none when there is no such dir. */
async function walk(root: string, dir: string): Promise<{ files: string[]; links: Set<string> }> {
  let entries;
  try {
    entries = await readdir(join(root, dir), { recursive: true, withFileTypes: true });
  } catch {
    return { files: [], links: new Set() };
  }
  // parentPath starts with root + sep: slicing is much cheaper than path.relative for 10,000 entries.
  const cut = join(root, "x").length - 1;
  const name = (e: (typeof entries)[number]): string => `${e.parentPath.slice(cut)}${sep}${e.name}`.split(sep).join("/");
  const links = new Set(entries.filter((e) => e.isSymbolicLink()).map(name));
  return { files: entries.filter((e) => e.isFile() || e.isSymbolicLink()).map(name).sort(), links };
}

async function listStacks(root: string, dir: string): Promise<string[]> {
  try {
    const names = await readdir(join(root, dir));
    return names.filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => `${dir}/${n}`.split(sep).join("/"));
  } catch {
    return [];
  }
}
