/**
 * Who may read a file the merge driver writes: the policy the team reviews,
 * as it stands after the merge. For a file of the store layout that is what
 * `.hush.yaml` gives its scope (readers' recipients + escrow); for a plain
 * sops file, the age recipients of the first `.sops.yaml` creation rule
 * matching it. Recipients in a committed file are outside the sops MAC, so
 * the driver never takes them from either side's file on trust.
 *
 * Which config, during a merge: git runs the driver per file while it still
 * computes the merge (merge-ort writes the work tree and the index only at
 * the end; MERGE_HEAD is not written yet), so the work tree holds ours'
 * config, not the merged one. The driver therefore merges the config itself:
 * ours is `HEAD:<config>`, theirs the commit git names in `GITHEAD_<sha>`
 * (git merge) or the commit a rebase is replaying (`rebase-merge/done`), the
 * base their merge base (the replayed commit's parent); a clean `git
 * merge-file` of the three texts is the policy. When theirs is unknown
 * (cherry-pick, revert, stash), the three texts conflict, or the merged text
 * is not a valid config, ours alone is the policy: the safe side, since it
 * can only drop a recipient and stop the merge for review.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";

/** The recipients a merged file may have, and the file that says so. */
export interface RecipientPolicy {
  /** `.hush.yaml` or `.sops.yaml`, relative to the work tree top. */
  source: string;
  /** Which part of it: `the shared scope`, `user "alice"`, `creation rule 2`. */
  what: string;
  recipients: string[];
  /** Set when the policy is ours' config alone, saying why (for the message that names a dropped recipient). */
  oursOnly?: string;
}

/** The commits the other side's config is read from; undefined outside a merge or rebase. */
interface OtherSide {
  theirs: string;
  base?: string;
}

function git(top: string, args: string[]): { status: number; stdout: string } {
  const r = spawnSync("git", args, { cwd: top, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  return { status: r.status ?? 1, stdout: r.stdout ?? "" };
}

/** A blob's text at `commit:path`, or undefined when there is none. */
function textAt(top: string, commit: string, path: string): string | undefined {
  const r = git(top, ["cat-file", "blob", `${commit}:${path}`]);
  return r.status === 0 ? r.stdout : undefined;
}

/** The other side of the running merge: `GITHEAD_<sha>` (set by git merge for the merged commit), else the commit a rebase replays. */
function otherSide(top: string, env: NodeJS.ProcessEnv): OtherSide | undefined {
  const heads = Object.keys(env).map((k) => /^GITHEAD_([0-9a-f]{40}|[0-9a-f]{64})$/.exec(k)?.[1]).filter((s): s is string => s !== undefined);
  // An octopus merge names several: no single "theirs", so ours alone decides.
  if (heads.length === 1) {
    const bases = git(top, ["merge-base", "--all", "HEAD", heads[0]!]).stdout.split("\n").filter(Boolean);
    return { theirs: heads[0]!, ...(bases.length === 1 ? { base: bases[0]! } : {}) };
  }
  if (heads.length > 1) return undefined;
  const done = git(top, ["rev-parse", "--git-path", "rebase-merge/done"]).stdout.trim();
  if (!done || !existsSync(join(top, done))) return undefined;
  const last = readFileSync(join(top, done), "utf8").trim().split("\n").at(-1)?.trim().split(/\s+/);
  if (!last || !["pick", "p", "edit", "e", "reword", "r", "fixup", "f", "squash", "s"].includes(last[0] ?? "") || !last[1]) return undefined;
  const theirs = git(top, ["rev-parse", "--verify", "--quiet", `${last[1]}^{commit}`]).stdout.trim();
  if (!theirs) return undefined;
  const base = git(top, ["rev-parse", "--verify", "--quiet", `${theirs}^`]).stdout.trim();
  return { theirs, ...(base ? { base } : {}) };
}

/** Three-way merge of texts by `git merge-file`; undefined on a conflict. */
function mergeTexts(base: string, ours: string, theirs: string): string | undefined {
  if (ours === theirs || base === theirs) return ours;
  if (base === ours) return theirs;
  const dir = mkdtempSync(join(tmpdir(), "hush-policy-"));
  try {
    const [b, o, t] = ["base", "ours", "theirs"].map((n) => join(dir, n)) as [string, string, string];
    writeFileSync(b, base);
    writeFileSync(o, ours);
    writeFileSync(t, theirs);
    const r = spawnSync("git", ["merge-file", "-p", "--quiet", o, b, t], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return r.status === 0 ? r.stdout : undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The nearest `name` from the file's directory up to the work tree top, as ours has it (work tree path, relative). */
function nearest(top: string, path: string, name: string): string | undefined {
  let dir = posix.dirname(path);
  for (;;) {
    const candidate = dir === "." ? name : `${dir}/${name}`;
    if (existsSync(join(top, candidate))) return candidate;
    if (dir === "." || dir === "/" || dir === "") return undefined;
    dir = posix.dirname(dir);
  }
}

/** A config's text after the merge, with the reason when it is ours' alone. */
function mergedConfig(top: string, file: string, side: OtherSide | undefined): { text: string; ours: string; oursOnly?: string } | undefined {
  const ours = textAt(top, "HEAD", file) ?? (existsSync(join(top, file)) ? readFileSync(join(top, file), "utf8") : undefined);
  if (ours === undefined) return undefined;
  if (!side) return { text: ours, ours, oursOnly: `the other side's ${file} is unknown to the driver here, so ours decides` };
  const theirs = textAt(top, side.theirs, file);
  // The other side deleted the config: ours is all there is to go by.
  if (theirs === undefined) return { text: ours, ours, oursOnly: `the other side has no ${file}` };
  const merged = mergeTexts((side.base && textAt(top, side.base, file)) ?? "", ours, theirs);
  return merged === undefined ? { text: ours, ours, oursOnly: `${file} conflicts between the sides, so ours decides` } : { text: merged, ours };
}

/**
 * The policy for the store file at `path` (relative to the work tree `top`)
 * after the merge, or undefined when no `.hush.yaml` place and no `.sops.yaml`
 * rule covers it.
 * @throws never: an unreadable or invalid config counts as none
 */
export async function mergePolicy(top: string, path: string, env: NodeJS.ProcessEnv): Promise<RecipientPolicy | undefined> {
  const side = otherSide(top, env);
  return (await hushPolicy(top, path, side)) ?? (await sopsPolicy(top, path, side));
}

/** Parses the merged text, else ours' (a merge can break a config that was valid on both sides). */
function parsedEither<T>(config: { text: string; ours: string; oursOnly?: string }, parse: (text: string) => T, file: string): { value: T; oursOnly?: string } | undefined {
  try {
    return { value: parse(config.text), ...(config.oursOnly ? { oursOnly: config.oursOnly } : {}) };
  } catch {
    try {
      return config.text === config.ours ? undefined : { value: parse(config.ours), oursOnly: `the merged ${file} is not valid, so ours decides` };
    } catch {
      return undefined;
    }
  }
}

async function hushPolicy(top: string, path: string, side: OtherSide | undefined): Promise<RecipientPolicy | undefined> {
  const { HUSH_CONFIG_FILE, parseHushConfig } = await import("../config/hush-config.js");
  const file = nearest(top, path, HUSH_CONFIG_FILE);
  const config = file === undefined ? undefined : mergedConfig(top, file, side);
  if (file === undefined || !config) return undefined;
  const parsed = parsedEither(config, (text) => parseHushConfig(text, join(top, file)), file);
  if (!parsed) return undefined;
  const { placeOf } = await import("../config/recipient-check.js");
  const { expectedRecipients } = await import("../config/recipients.js");
  const dir = posix.dirname(file);
  const place = placeOf(parsed.value, dir === "." ? path : path.slice(dir.length + 1));
  if (!place) return undefined;
  return {
    source: file,
    what: place.scope === "shared" ? "the shared scope" : `user "${place.user}"`,
    recipients: expectedRecipients(parsed.value, place.scope, place.user),
    ...(parsed.oursOnly ? { oursOnly: parsed.oursOnly } : {}),
  };
}

async function sopsPolicy(top: string, path: string, side: OtherSide | undefined): Promise<RecipientPolicy | undefined> {
  const { parseSopsConfig } = await import("../config/sops-yaml.js");
  const { chooseRule } = await import("../config/creation-rules.js");
  const file = nearest(top, path, ".sops.yaml");
  const config = file === undefined ? undefined : mergedConfig(top, file, side);
  if (file === undefined || !config) return undefined;
  const parsed = parsedEither(config, (text) => parseSopsConfig(text, join(top, file)), file);
  if (!parsed) return undefined;
  let rule;
  try {
    rule = chooseRule(parsed.value.rules, file, dirname(join(top, file)), join(top, path));
  } catch {
    return undefined;
  }
  if (!rule) return undefined;
  return {
    source: file,
    what: `creation rule ${rule.index + 1}`,
    recipients: [...new Set(rule.groups.flat())],
    ...(parsed.oursOnly ? { oursOnly: parsed.oursOnly } : {}),
  };
}
