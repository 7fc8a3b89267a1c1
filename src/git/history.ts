/**
 * `hush log`: per secret, commit by commit, which keys were added, removed or
 * changed and whose access changed — read from clear-text keys and
 * metadata only. One `git log -p -U0` over the secrets directory gives every
 * changed line; a key line whose ciphertext changed is a changed value (sops
 * re-encrypts only what changed, spec §2.5), a `recipient:` line is a key
 * group entry. No private key is read and no value is ever printed.
 *
 * Merges: `--diff-merges=combined` (`-c`) adds, for a merge commit, every file
 * whose merge result differs from every parent (where hush's per-key merge
 * driver wrote a file of its own, or a conflict was resolved); a file equal to
 * one parent's version is left out, its changes are listed at the branch
 * commits. Not `--cc`: it drops the hunks where the result takes one side
 * unchanged (a key merged in from the other branch), while `-c` keeps every
 * hunk, and its first column is the diff against the first parent.
 * `--full-history` follows every parent, so a branch's commits stay listed
 * even when a merge kept the other side's version of every secret.
 */
import type { HushConfig, Scope } from "../config/hush-config.js";
import { HushError } from "../errors.js";
import { recipientKey } from "../age/recipient-key.js";
import { readRecipientLine, readTopLevelLine } from "../sopsfile/file-facts.js";
import { recipientOwners } from "../config/recipients.js";

/** A recipient with the user it belongs to in .hush.yaml (none: a stale or foreign key). */
export interface NamedRecipient {
  recipient: string;
  users: string[];
  /** The users are named by an older .hush.yaml: they have been removed since. */
  former?: true;
}

export interface SecretCommit {
  commit: string;
  /** Parent commits, first parent first. */
  parents: string[];
  /** A merge commit whose result differs from every parent: keys and recipients are relative to the first parent. */
  merge: boolean;
  author: string;
  email: string;
  /** ISO 8601 author date. */
  date: string;
  subject: string;
  /** The file was created / deleted by this commit. */
  created: boolean;
  deleted: boolean;
  /** Created as an exact rename of this file (`hush secret rename`, `git mv`). */
  renamedFrom?: string;
  /** Deleted as an exact rename to this file. */
  renamedTo?: string;
  added: string[];
  removed: string[];
  changed: string[];
  recipientsAdded: NamedRecipient[];
  recipientsRemoved: NamedRecipient[];
}

export interface SecretHistory {
  name: string;
  scope: Scope;
  user?: string;
  file: string;
  /** Newest first, as git log. */
  commits: SecretCommit[];
}

/** Changed lines of one file in one commit. */
export interface FileLines {
  path: string;
  created: boolean;
  deleted: boolean;
  /** Top-level key -> its value text as written (ciphertext), removed / added lines. */
  oldKeys: Map<string, string>;
  newKeys: Map<string, string>;
  oldRecipients: string[];
  newRecipients: string[];
}

export interface RawCommit {
  commit: string;
  parents: string[];
  author: string;
  email: string;
  date: string;
  subject: string;
  files: FileLines[];
}

const RECORD = "\x1e";
const FIELD = "\x1f";

/** Keys added, removed and changed between the removed and added lines of a file (order: new file order, then old). */
export function diffKeys(
  oldKeys: ReadonlyMap<string, string>,
  newKeys: ReadonlyMap<string, string>,
): { added: string[]; removed: string[]; changed: string[] } {
  const added: string[] = [];
  const changed: string[] = [];
  for (const [key, value] of newKeys) {
    const before = oldKeys.get(key);
    if (before === undefined) added.push(key);
    else if (before !== value) changed.push(key);
  }
  const removed = [...oldKeys.keys()].filter((k) => !newKeys.has(k));
  return { added, removed, changed };
}

/** Recipients that appear / disappear (a re-wrapped entry for the same recipient, or a new SSH comment, is no change). */
export function diffRecipients(oldList: readonly string[], newList: readonly string[]): { added: string[]; removed: string[] } {
  const before = new Set(oldList.map(recipientKey));
  const after = new Set(newList.map(recipientKey));
  return { added: newList.filter((r) => !before.has(recipientKey(r))), removed: oldList.filter((r) => !after.has(recipientKey(r))) };
}

/** Parses `git log -p -U0` output made with {@link LOG_FORMAT}. */
export function parseLogPatch(text: string): RawCommit[] {
  const commits: RawCommit[] = [];
  for (const record of text.split(RECORD)) {
    if (!record.trim()) continue;
    const newline = record.indexOf("\n");
    const header = newline < 0 ? record : record.slice(0, newline);
    const [commit = "", parentList = "", author = "", email = "", date = "", ...subject] = header.split(FIELD);
    const parents = parentList.split(" ").filter(Boolean);
    const raw: RawCommit = { commit, parents, author, email, date, subject: subject.join(FIELD), files: [] };
    let file: FileLines | undefined;
    let inHunk = false;
    // Columns of +/- before each line: 1 for a plain diff, one per parent for a combined one (column 1: the first parent).
    let width = 1;
    for (const line of newline < 0 ? [] : record.slice(newline + 1).split("\n")) {
      const combined = line.startsWith("diff --combined ") || line.startsWith("diff --cc ");
      if (combined || line.startsWith("diff --git ")) {
        file = { path: "", created: false, deleted: false, oldKeys: new Map(), newKeys: new Map(), oldRecipients: [], newRecipients: [] };
        raw.files.push(file);
        inHunk = false;
        width = combined ? Math.max(parents.length, 2) : 1;
        continue;
      }
      if (!file) continue;
      if (!inHunk) {
        if (line.startsWith("--- ")) {
          if (line === "--- /dev/null") file.created = true;
          else file.path = line.slice(6);
        } else if (line.startsWith("+++ ")) {
          if (line === "+++ /dev/null") file.deleted = true;
          else file.path = line.slice(6);
        } else if (width > 1 && line.startsWith("index ")) {
          // `index p1,p2..result`: absent from the first parent = created relative to it (`--- /dev/null` needs absent from all).
          if (/^index 0+,/.test(line)) file.created = true;
        } else if (line.startsWith("@@")) {
          inHunk = true;
          if (width > 1) width = /^@+/.exec(line)![0].length - 1;
        }
        continue;
      }
      if (line.startsWith("@@")) continue;
      const sign = line[0];
      if (sign !== "-" && sign !== "+") continue;
      const body = line.slice(width);
      const top = readTopLevelLine(body);
      if (top && top.key !== "sops") (sign === "-" ? file.oldKeys : file.newKeys).set(top.key, top.value ?? "");
      const recipient = readRecipientLine(body);
      if (recipient) (sign === "-" ? file.oldRecipients : file.newRecipients).push(recipient);
    }
    commits.push(raw);
  }
  return commits;
}

export const LOG_FORMAT = `--format=${RECORD}%H${FIELD}%P${FIELD}%an${FIELD}%ae${FIELD}%aI${FIELD}%s`;

/** Which secret a path under the secrets directory is, or undefined for any other file. */
export function secretOfPath(config: Pick<HushConfig, "secretsDir">, path: string): { name: string; scope: Scope; user?: string } | undefined {
  const prefix = `${config.secretsDir.replace(/\/+$/, "")}/`;
  if (!path.startsWith(prefix) || !path.endsWith(".yaml")) return undefined;
  const parts = path.slice(prefix.length, -".yaml".length).split("/");
  if (parts.length === 2 && parts[0] === "shared") return { name: parts[1]!, scope: "shared" };
  if (parts.length === 3 && parts[0] === "users") return { name: parts[2]!, scope: "user", user: parts[1]! };
  return undefined;
}

/** Groups parsed commits per secret file, naming recipients by the users of `config`, else by those of an older .hush.yaml (`former`). */
export function historyFromCommits(
  config: Pick<HushConfig, "secretsDir" | "users">,
  commits: readonly RawCommit[],
  former: ReadonlyMap<string, string[]> = new Map(),
): SecretHistory[] {
  const owners = recipientOwners(config as HushConfig);
  const named = (r: string): NamedRecipient => {
    const now = owners.get(r);
    if (now) return { recipient: r, users: now };
    const then = former.get(r);
    return then ? { recipient: r, users: then, former: true } : { recipient: r, users: [] };
  };
  const byFile = new Map<string, SecretHistory>();
  for (const c of commits) {
    for (const f of c.files) {
      const which = secretOfPath(config, f.path);
      if (!which) continue;
      let h = byFile.get(f.path);
      if (!h) {
        h = { ...which, file: f.path, commits: [] };
        byFile.set(f.path, h);
      }
      const keys = diffKeys(f.oldKeys, f.newKeys);
      const recipients = diffRecipients(f.oldRecipients, f.newRecipients);
      h.commits.push({
        commit: c.commit,
        parents: c.parents,
        merge: c.parents.length > 1,
        author: c.author,
        email: c.email,
        date: c.date,
        subject: c.subject,
        created: f.created,
        deleted: f.deleted,
        ...keys,
        recipientsAdded: recipients.added.map(named),
        recipientsRemoved: recipients.removed.map(named),
      });
    }
  }
  return [...byFile.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

export interface HistoryOptions {
  /** Only secrets of this name (any scope, any owner). */
  name?: string;
  /** At most this many commits that change a secret (as git's -n, not counting merges that change none). */
  maxCount?: number;
}

/**
 * The history of every secret (or those named `name`) in the repository at `config.root`.
 * @throws HushError NOT_A_GIT_REPO, GIT_FAILED, NAME_INVALID
 */
export async function secretHistory(config: HushConfig, options: HistoryOptions = {}): Promise<SecretHistory[]> {
  const { simpleGit } = await import("simple-git");
  const git = simpleGit({ baseDir: config.root });
  if (!(await git.checkIsRepo().catch(() => false))) {
    throw new HushError("NOT_A_GIT_REPO", `${config.root} is not in a git repository, so there is no history to read`, {
      hint: "run `git init` and commit the secrets",
    });
  }
  const dir = config.secretsDir.replace(/\/+$/, "");
  let pathspecs = [`${dir}/`];
  if (options.name !== undefined) {
    const { validateName } = await import("../store/paths.js");
    validateName("secret", options.name);
    pathspecs = [`${dir}/shared/${options.name}.yaml`, `:(glob)${dir}/users/*/${options.name}.yaml`];
  }
  // Raw ciphertext lines, whatever the user's diff settings: no textconv (that is our own decrypting driver), no renames, fixed prefixes.
  // Merges: a combined diff of the files that differ from every parent; every parent's side walked (see the top of this file).
  const args = [
    "-c",
    "core.quotePath=false",
    "log",
    LOG_FORMAT,
    "-p",
    "-U0",
    "--diff-merges=combined",
    "--full-history",
    "--no-textconv",
    "--no-ext-diff",
    "--no-color",
    "--no-renames",
    "--src-prefix=a/",
    "--dst-prefix=b/",
  ];
  let out: string;
  try {
    const hasHead = await git.raw(["rev-parse", "--verify", "-q", "HEAD"]).then(
      (o) => o.trim() !== "",
      () => false,
    );
    if (!hasHead) return [];
    out = await git.raw([...args, "--", ...pathspecs]);
  } catch (error) {
    const text = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new HushError("GIT_FAILED", `git log failed: ${text}`, { cause: error });
  }
  // -n counts commits that change a secret: git's own -n would also count the merges
  // --full-history lists that take one side's file as it is (they change nothing, so they are dropped).
  const changing = parseLogPatch(out).filter((c) => c.files.length > 0);
  const commits = options.maxCount === undefined ? changing : changing.slice(0, options.maxCount);
  // Recipients of users removed since are named from older .hush.yaml versions (only looked up when there are any).
  const owners = recipientOwners(config);
  const unnamed = commits.some((c) => c.files.some((f) => [...f.oldRecipients, ...f.newRecipients].some((r) => !owners.has(r))));
  const former = unnamed ? await (await import("./former-users.js")).formerOwners(git) : undefined;
  const histories = historyFromCommits(config, commits, former);
  await markRenames(config.root, histories);
  return histories;
}

/**
 * Says which creations and deletions were exact renames: git's rename
 * detection at 100% similarity on the commits that created or deleted a
 * secret file (the log itself runs with --no-renames, to see every line).
 */
async function markRenames(root: string, histories: SecretHistory[]): Promise<void> {
  const wanted = [...new Set(histories.flatMap((h) => h.commits.filter((c) => !c.merge && (c.created || c.deleted)).map((c) => c.commit)))];
  if (!wanted.length) return;
  // One `git diff-tree --stdin` for exactly those commits (a `git log -M` over all history costs a diff of every commit).
  const out = await gitWithInput(
    root,
    ["-c", "core.quotePath=false", "diff-tree", "--stdin", "-r", "-M100%", "--diff-filter=R", "--name-status"],
    wanted.join("\n") + "\n",
  );
  const renames = new Map<string, Array<{ from: string; to: string }>>();
  let commit: string | undefined;
  for (const line of out.split("\n")) {
    if (/^[0-9a-f]{40,64}$/.test(line)) {
      commit = line;
      continue;
    }
    const [status, from, to] = line.split("\t");
    if (commit && status?.startsWith("R") && from && to) renames.set(commit, [...(renames.get(commit) ?? []), { from, to }]);
  }
  if (!renames.size) return;
  for (const h of histories) {
    for (const c of h.commits) {
      const pairs = renames.get(c.commit);
      if (!pairs) continue;
      const from = c.created ? pairs.find((p) => p.to === h.file)?.from : undefined;
      const to = c.deleted ? pairs.find((p) => p.from === h.file)?.to : undefined;
      if (from) c.renamedFrom = from;
      if (to) c.renamedTo = to;
    }
  }
}

/** stdout of a git command fed `input` on stdin; "" when git fails (renames are an annotation, never an error). */
async function gitWithInput(cwd: string, args: string[], input: string): Promise<string> {
  const { spawn } = await import("node:child_process");
  return new Promise((resolve) => {
    const child = spawn("git", args, { cwd, stdio: ["pipe", "pipe", "ignore"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.on("error", () => resolve(""));
    child.on("close", (code) => resolve(code === 0 ? out : ""));
    child.stdin.end(input);
  });
}
