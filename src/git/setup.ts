/**
 * `hush git setup`: the merge and diff drivers for secret files. The
 * `.gitattributes` line is committed with the repository (everyone gets
 * it); the driver commands live in each clone's git config (or the user's
 * global config), because git never runs commands named by a repository.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { HushError } from "../errors.js";
import { quoteShellWord } from "../sys/shell-words.js";

export interface GitSetupOptions {
  /** Write the driver config to the user's global git config instead of the clone's. */
  global?: boolean;
  /** The command that runs hush; default: this node binary and this package's bin/hush.js. */
  hushCommand?: string;
}

export interface GitSetupResult {
  /** The .gitattributes path, relative to the root, and whether a line was added. */
  attributesFile: string;
  attributesAdded: boolean;
  /** .gitattributes is untracked or differs from the last commit (the user still has to commit it). */
  attributesPending: boolean;
  /** git config keys written, with their values. */
  config: Record<string, string>;
  scope: "local" | "global";
}

/** The `.gitattributes` line routing secret files to the drivers. */
export function attributesLine(secretsDir: string): string {
  return `${secretsDir.replace(/\/+$/, "")}/**/*.yaml merge=hush diff=hush`;
}


/** `node /abs/bin/hush.js`: works without hush on PATH (tests, npx installs). */
export function defaultHushCommand(): string {
  const bin = fileURLToPath(new URL("../../bin/hush.js", import.meta.url));
  return `${quoteShellWord(process.execPath)} ${quoteShellWord(bin)}`;
}

/** The driver settings: a merge driver and a textconv, never a textconv cache (it would store plaintext in git objects). */
export function driverConfig(hushCommand: string): Record<string, string> {
  return {
    "merge.hush.name": "hush: per-key merge of sops secret files",
    "merge.hush.driver": `${hushCommand} git merge-driver %O %A %B %P`,
    "diff.hush.textconv": `${hushCommand} git textconv`,
    "diff.hush.cachetextconv": "false",
  };
}

/** The text of .gitattributes with `line` present once (returns undefined when it already is). */
export function withAttributesLine(text: string, line: string): string | undefined {
  if (text.split(/\r?\n/).some((l) => l.trim() === line)) return undefined;
  const sep = text === "" || text.endsWith("\n") ? "" : "\n";
  return `${text}${sep}${line}\n`;
}

/**
 * Writes the .gitattributes line and the driver config; running it twice changes nothing.
 * @throws HushError NOT_A_GIT_REPO, GIT_FAILED
 */
export async function setupGitDrivers(root: string, secretsDir: string, options: GitSetupOptions = {}): Promise<GitSetupResult> {
  const { simpleGit } = await import("simple-git");
  // simple-git blocks writing driver commands by default; writing exactly these is what setup is for.
  const git = simpleGit({ baseDir: root, unsafe: { allowUnsafeMergeDriver: true, allowUnsafeDiffTextConv: true } });
  if (!(await git.checkIsRepo().catch(() => false))) {
    throw new HushError("NOT_A_GIT_REPO", `${root} is not in a git repository`, { hint: "run `git init` first" });
  }
  const path = join(root, ".gitattributes");
  const before = existsSync(path) ? readFileSync(path, "utf8") : "";
  const after = withAttributesLine(before, attributesLine(secretsDir));
  if (after !== undefined) {
    const { writeFileAtomic } = await import("../sys/atomic-write.js");
    await writeFileAtomic(path, after, 0o644);
  }
  const config = driverConfig(options.hushCommand ?? defaultHushCommand());
  const scope = options.global ? "global" : "local";
  try {
    for (const [key, value] of Object.entries(config)) await git.raw(["config", `--${scope}`, key, value]);
  } catch (error) {
    const text = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new HushError("GIT_FAILED", `git config failed: ${text}`, { cause: error });
  }
  // "(commit it)" only while there is something to commit: untracked, or changed since the last commit.
  const pending = after !== undefined || (await git.raw(["status", "--porcelain", "--", ".gitattributes"]).catch(() => "x")).trim() !== "";
  return { attributesFile: ".gitattributes", attributesAdded: after !== undefined, attributesPending: pending, config, scope };
}
