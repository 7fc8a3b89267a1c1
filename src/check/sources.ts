/**
 * What `hush check` looks at: the working tree, or (with --staged) the index
 * being committed. Paths are relative to the repository root (the directory
 * of .hush.yaml), `/` separators; each file is read at most once.
 */
import { readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { HushConfig } from "../config/hush-config.js";

export interface CheckSource {
  /** Every file under the secrets dir in the state being checked. */
  secretFiles: string[];
  /** Every stack file in the state being checked. */
  stackFiles: string[];
  /** Secret files whose own content is judged (rules 1 and 2): all, or only the staged ones. */
  judged(file: string): boolean;
  /** Secret files that are symbolic links (refused; never read through). */
  links: ReadonlySet<string>;
  /** Files with an unresolved merge in the index (refused; nothing staged to read). */
  unmerged: ReadonlySet<string>;
  /** Files searched for age secret keys (rule 4). */
  leakScan: string[];
  /** Content in the state being checked. @throws HushError GIT_FAILED */
  read(file: string): Promise<Buffer>;
  staged: boolean;
}

/** Larger files are not searched for keys (a key file is a few hundred bytes). */
export const SIZE_LIMIT = 16 << 20;

/** The working tree: every secret and stack file; keys searched in every file git would add (or the hush dirs outside git). */
export async function workingTreeSource(config: HushConfig): Promise<CheckSource> {
  const { listWorkingFiles } = await import("../git/staged.js");
  const [{ files: secretFiles, links }, stackFiles, gitFiles] = await Promise.all([
    walk(config.root, config.secretsDir),
    listStacks(config.root, config.stacksDir),
    listWorkingFiles(config.root),
  ]);
  const cache = new Map<string, Promise<Buffer>>();
  const read = (file: string): Promise<Buffer> => {
    let p = cache.get(file);
    if (!p) {
      // Synchronous reads: for 10,000 small files fs/promises' open/fstat/read/close round trips cost ~4x more (measured).
      try {
        p = Promise.resolve(readFileSync(join(config.root, file)));
      } catch (error) {
        p = Promise.reject(error as Error);
      }
      cache.set(file, p);
    }
    return p;
  };
  const leakScan = gitFiles ?? [...secretFiles, ...stackFiles, ".hush.yaml", ".sops.yaml"];
  return { secretFiles, stackFiles, judged: () => true, links, unmerged: new Set(), leakScan, read, staged: false };
}

/** The index: every indexed secret and stack file; rules 1, 2 and 4 on the staged ones (all secrets when .hush.yaml is staged). */
export async function stagedSource(config: HushConfig): Promise<CheckSource> {
  const { openStaged } = await import("../git/staged.js");
  const [secretsDir, stacksDir] = [config.secretsDir, config.stacksDir].map((d) => d.split(sep).join("/").replace(/\/+$/, "") + "/") as [string, string];
  const view = await openStaged(config.root, [secretsDir, stacksDir]);
  const changedSet = new Set(view.changed);
  // A changed .hush.yaml can make every file's recipients stale: then all secrets are judged.
  const configChanged = changedSet.has(".hush.yaml");
  const cache = new Map<string, Promise<Buffer>>();
  return {
    secretFiles: view.tracked.filter((f) => f.startsWith(secretsDir)),
    stackFiles: view.tracked.filter((f) => f.startsWith(stacksDir) && !f.slice(stacksDir.length).includes("/") && /\.ya?ml$/.test(f)),
    judged: (file) => configChanged || changedSet.has(file),
    links: view.links,
    unmerged: view.unmerged,
    leakScan: [...view.changed, ...view.changedOutside],
    read: (file) => {
      let p = cache.get(file);
      if (!p) cache.set(file, (p = view.read(file)));
      return p;
    },
    staged: true,
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
