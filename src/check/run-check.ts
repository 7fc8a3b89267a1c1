/**
 * `hush check`: the four pre-commit rules (DESIGN "The pre-commit check") over
 * the working tree or the index, every problem collected. At the default
 * level it reads no private key: keys and recipients are clear text.
 */
import { shadowingOf, type HushConfig } from "../config/hush-config.js";
import { findShadows, shadowProblem, type Shadow } from "../store/shadowing.js";
import type { Problem } from "../errors.js";
import type { ValidationLevel } from "../refs/levels.js";
import { sortProblems } from "../refs/validate.js";
import type { SecretInfo } from "../store/types.js";
import { findConflictMarkers, findRecordedConflict } from "./conflict-markers.js";
import { inspectSecret } from "./encrypted.js";
import { policyLookup } from "./file-policy.js";
import { findLeakedKeys } from "./leaked-keys.js";
import { checkRecipients, placeOf } from "./recipients.js";
import { checkReferences } from "./references.js";
import { checkSopsYaml } from "./sops-yaml.js";
import { SOPS_YAML_FILE } from "../config/sops-yaml-writer.js";
import { SIZE_LIMIT, stagedSource, workingTreeSource, type CheckSource } from "./sources.js";

export interface CheckOptions {
  /** Check the index (what is being committed) instead of the working tree. */
  staged?: boolean;
  level: ValidationLevel;
  /** Whose view references are resolved in: the active user, every user (--all-users), or [undefined] for none. */
  users: ReadonlyArray<string | undefined>;
  /** For DECRYPTABLE only: where identities come from. */
  env?: NodeJS.ProcessEnv;
}

export interface CheckReport {
  ok: boolean;
  staged: boolean;
  level: ValidationLevel;
  users: Array<string | null>;
  /** Every problem, sorted by file, line, column. */
  problems: Problem[];
  /**
   * User-scope secrets that hide a shared one of the same name (any user; with --staged, where
   * either file is staged). Under `shadowing: refuse` each is also a problem; under `warn` the
   * CLI says them on stderr.
   */
  shadows: Shadow[];
  counts: { secretFiles: number; judged: number; stackFiles: number; references: number; scannedForKeys: number; fastPath: number };
}

const SECRET_TYPES = /\.(ya?ml|json|env|ini)$/;

/** Runs every rule. @throws HushError NOT_A_GIT_REPO, GIT_FAILED (with --staged) */
export async function runCheck(config: HushConfig, options: CheckOptions): Promise<CheckReport> {
  // Conflicts hush's merge driver wrote (their markers are encrypted): read alongside the file listing.
  const recordsLoading = import("../git/conflict-record.js").then((m) => m.readConflictRecords(config.root));
  const source: CheckSource = options.staged ? await stagedSource(config) : await workingTreeSource(config);
  const conflictRecords = await recordsLoading;
  const problems: Problem[] = [];
  const secrets: SecretInfo[] = [];
  let judged = 0;
  let fastPath = 0;
  const policyOf = policyLookup(config, source);
  await inBatches(source.secretFiles, async (file) => {
    const isJudged = source.judged(file);
    if (source.links.has(file)) {
      // Never read through: a link could show one file as another scope's, or point outside the repository.
      if (isJudged) problems.push({ file, line: 1, col: 1, message: "a symbolic link; hush refuses symlinks under the secrets directory", hint: "replace the link with the regular file", code: "SYMLINK_REFUSED" });
      return;
    }
    if (source.unmerged.has(file)) return void problems.push(unmergedProblem(file));
    if (!SECRET_TYPES.test(file)) return;
    const bytes = await source.read(file);
    const text = bytes.toString("utf8");
    const conflict = findConflictMarkers(file, text);
    if (conflict.length) {
      if (isJudged) problems.push(...conflict);
      return;
    }
    if (isJudged && conflictRecords.size) problems.push(...findRecordedConflict(file, bytes, text, conflictRecords));
    const inspection = await inspectSecret(bytes, file, text, await policyOf(file));
    if (inspection.fast) fastPath++;
    const place = placeOf(config, file);
    if (isJudged) {
      judged++;
      problems.push(...inspection.problems);
      if (inspection.readable && place) problems.push(...checkRecipients(config, file, place, inspection.recipients, inspection.recipientsLine));
    }
    if (inspection.readable && place) {
      secrets.push({ ...place, file, keys: inspection.keys, recipients: inspection.recipients, lastModified: inspection.lastModified });
    }
  });
  problems.push(...(await sharedRecipientsOf(config)));
  if (!source.staged || source.judged(SOPS_YAML_FILE)) {
    const text = await source.read(SOPS_YAML_FILE).then((b) => b.toString("utf8"), () => undefined);
    problems.push(...checkSopsYaml(config, text));
  }
  for (const file of source.stackFiles) if (source.unmerged.has(file)) problems.push(unmergedProblem(file));
  const stacks = await Promise.all(source.stackFiles.filter((f) => !source.unmerged.has(f)).map(async (file) => ({ file, text: (await source.read(file)).toString("utf8") })));
  const decrypt = options.level === "DECRYPTABLE" ? await decrypter(source, options.env ?? process.env) : undefined;
  const refs = await checkReferences(stacks, { level: options.level, users: options.users, secrets, ...(decrypt ? { decrypt } : {}) });
  problems.push(...refs.problems);
  const shadows = findShadows(secrets).filter((s) => source.judged(s.userFile) || source.judged(s.sharedFile));
  if (shadowingOf(config) === "refuse") problems.push(...shadows.map((s) => shadowProblem(s, "CHECK_FAILED")));
  await inBatches(source.leakScan, async (file) => {
    let bytes: Buffer;
    try {
      bytes = await source.read(file);
    } catch {
      return; // vanished since listing, or a directory (submodule): nothing to commit from here
    }
    if (bytes.length <= SIZE_LIMIT) problems.push(...findLeakedKeys(file, bytes));
  });
  return {
    ok: problems.length === 0,
    staged: source.staged,
    level: options.level,
    users: options.users.map((u) => u ?? null),
    problems: dedupe(sortProblems(problems)),
    shadows,
    counts: {
      secretFiles: source.secretFiles.length,
      judged,
      stackFiles: stacks.length,
      references: refs.parsed.reduce((n, s) => n + s.refs.length, 0),
      scannedForKeys: source.leakScan.length,
      fastPath,
    },
  };
}

async function decrypter(source: CheckSource, env: NodeJS.ProcessEnv): Promise<(info: SecretInfo) => Promise<string | undefined>> {
  const { makeDecrypter } = await import("./decryptable.js");
  return makeDecrypter((file) => source.read(file), env);
}

/** Users of .hush.yaml who share a recipient (each reads the other's user scope), at the line of the recipient. */
async function sharedRecipientsOf(config: HushConfig): Promise<Problem[]> {
  const { sharedRecipientProblems, sharedRecipients } = await import("../store/shared-recipients.js");
  if (!sharedRecipients(config).length) return [];
  const { readFileSync } = await import("node:fs");
  const { relative } = await import("node:path");
  const text = (() => {
    try {
      return readFileSync(config.file, "utf8");
    } catch {
      return "";
    }
  })();
  return sharedRecipientProblems(config, text, relative(config.root, config.file).replace(/\\/g, "/"));
}

/** A file the index holds only as the sides of an unresolved merge. */
function unmergedProblem(file: string): Problem {
  return { file, line: 1, col: 1, message: "unmerged: a merge is in progress and this file is not resolved", hint: `resolve it, then \`git add ${file}\``, code: "MERGE_CONFLICT" };
}

/** Runs `fn` over `items`, a bounded number at a time (file reads overlap; memory stays flat). */
async function inBatches<T>(items: readonly T[], fn: (item: T) => Promise<void>, width = 64): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}:${p.line}:${p.col}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
