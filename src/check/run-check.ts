/**
 * `hush check`: the four pre-commit rules (DESIGN "The pre-commit check") over
 * the working tree or the index, every problem collected. At the default
 * level it reads no private key: keys and recipients are clear text.
 */
import { posix } from "node:path";
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
import { checkRecipients, placeOf } from "../config/recipient-check.js";
import { checkReferences } from "./references.js";
import { scanReferences } from "../refs/find-refs.js";
import { checkSopsYaml } from "./sops-yaml-rule.js";
import { SOPS_YAML_FILE } from "../config/sops-yaml-writer.js";
import { stagedSource, workingTreeSource, type CheckSource } from "./check-sources.js";
import { SCAN_WINDOW, wholeBytes, type FileContent } from "../sys/file-content.js";
import { coveredByRule, isKeepFile, misplacedProblem, misplacedSecretFile, isStructuredSopsFile } from "./secret-layout.js";
import type { TokenScanInput } from "./token-scan.js";
import { pushAll } from "../sys/push-all.js";
import type { IdentitySet } from "../keys/identities.js";

export interface CheckOptions {
  /** Check the index (what is being committed) instead of the working tree. */
  staged?: boolean;
  level: ValidationLevel;
  /** Whose view references are resolved in: the active user, every user (--all-users), or [undefined] for none. */
  users: ReadonlyArray<string | undefined>;
  /** For DECRYPTABLE only: loads the age identities (the session's, so they are loaded and warned about once); default: as sops finds them in process.env. */
  identities?: () => Promise<IdentitySet>;
}

export interface CheckReport {
  ok: boolean;
  staged: boolean;
  level: ValidationLevel;
  users: Array<string | null>;
  /** Every problem, sorted by file, line, column. */
  problems: Problem[];
  /** What the user should know but does not fail the check: files searched only in part (larger than 2 × SCAN_WINDOW). */
  notes: Problem[];
  /**
   * User-scope secrets that hide a shared one of the same name (any user; with --staged, where
   * either file is staged). Under `shadowing: refuse` each is also a problem; under `warn` the
   * CLI says them on stderr.
   */
  shadows: Shadow[];
  counts: { secretFiles: number; judged: number; stackFiles: number; references: number; scannedForKeys: number; fastPath: number };
}

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
  // Secret files judged valid and encrypted: the working-tree token scan skips them (ciphertext; 10,000 of them cost seconds).
  const cleanSecrets = new Set<string>();
  for (const file of source.stackFiles) if (source.unmerged.has(file)) problems.push(unmergedProblem(file));
  const stackFiles = source.stackFiles.filter((f) => !source.unmerged.has(f));
  const stackContents = await Promise.all(stackFiles.map((file) => source.content(file).catch(() => undefined)));
  const stacks: Array<{ file: string; text: string }> = [];
  stackFiles.forEach((file, i) => {
    const content = stackContents[i];
    if (!content) return; // vanished since listing
    const bytes = wholeBytes(content);
    if (bytes) stacks.push({ file, text: bytes.toString("utf8") });
    else problems.push(content.kind === "link" ? { file, line: 1, col: 1, message: "a symbolic link; hush does not read stack files through links", hint: "replace the link with the regular file", code: "SYMLINK_REFUSED" } : unreadableSecret(file, content));
  });
  // With --staged (and .hush.yaml unchanged): the secrets the change touches, the stacks that are staged or
  // reference a touched name, and the secrets those stacks reference. The rest was checked when it was committed.
  const scope = source.changedOnly ? stagedScope(config.secretsDir, source.changedOnly, stacks, (file) => source.judged(file)) : undefined;
  const stacksToCheck = scope ? stacks.filter((s) => scope.stacks.has(s.file)) : stacks;
  const policyOf = policyLookup(config, source);
  await inBatches(source.secretFiles, async (file) => {
    const isJudged = source.judged(file);
    if (source.links.has(file)) {
      // Never read through: a link could show one file as another scope's, or point outside the repository.
      if (isJudged) problems.push(symlinkProblem(file));
      return;
    }
    if (source.unmerged.has(file)) return void problems.push(unmergedProblem(file));
    if (scope && !isJudged && !scope.secretNames.has(secretNameOf(file))) return;
    const keep = isKeepFile(file);
    const misplaced = keep ? undefined : misplacedSecretFile(config.secretsDir, file);
    // A sops file of the team's own (Flux, helm-secrets) is judged under its .sops.yaml creation rule; anything else is refused by name.
    if (misplaced && !(isStructuredSopsFile(file) && coveredByRule(await policyOf(file)))) {
      if (isJudged) problems.push(misplacedProblem(file, misplaced));
      return;
    }
    let content: FileContent;
    try {
      content = await source.content(file);
    } catch {
      return; // vanished since listing
    }
    const bytes = wholeBytes(content);
    if (!bytes) {
      if (isJudged) problems.push(content.kind === "link" ? symlinkProblem(file) : unreadableSecret(file, content));
      return;
    }
    if (keep) {
      if (isJudged && bytes.length) problems.push(misplacedProblem(file, "not a secret file: a .gitkeep that is not empty"));
      return;
    }
    const text = bytes.toString("utf8");
    const conflict = findConflictMarkers(file, text);
    if (conflict.length) {
      if (isJudged) pushAll(problems, conflict);
      return;
    }
    if (isJudged && conflictRecords.size) pushAll(problems, findRecordedConflict(file, bytes, text, conflictRecords));
    const inspection = await inspectSecret(bytes, file, text, await policyOf(file));
    if (inspection.fast) fastPath++;
    const place = placeOf(config, file);
    if (isJudged) {
      judged++;
      pushAll(problems, inspection.problems);
      if (inspection.readable && place) pushAll(problems, checkRecipients(config, file, place, inspection.recipients, inspection.recipientsLine));
    }
    if (inspection.readable && !inspection.problems.length) cleanSecrets.add(file);
    if (inspection.readable && place) {
      secrets.push({ ...place, file, keys: inspection.keys, recipients: inspection.recipients, lastModified: inspection.lastModified });
    }
  });
  for (const dir of source.linkedDirs) problems.push(symlinkProblem(dir));
  pushAll(problems, (await sharedRecipientsOf(config)));
  if (!source.staged || source.judged(SOPS_YAML_FILE)) {
    const text = await source.read(SOPS_YAML_FILE).then((b) => b.toString("utf8"), () => undefined);
    pushAll(problems, checkSopsYaml(config, text));
  }
  const decrypt = options.level === "DECRYPTABLE" ? await decrypter(source, options.identities) : undefined;
  const refs = await checkReferences(stacksToCheck, { level: options.level, users: options.users, secrets, ...(decrypt ? { decrypt } : {}) });
  pushAll(problems, refs.problems);
  const notes: Problem[] = [];
  // Texts for the token rules, scanned whenever TOKEN_BATCH bytes are waiting: memory stays flat.
  let texts: TokenScanInput[] = [];
  let waiting = 0;
  const flushTokens = async (): Promise<void> => {
    const batch = texts;
    texts = [];
    waiting = 0;
    pushAll(problems, (await scanTokens(batch)));
  };
  const shadows = findShadows(secrets).filter((s) => source.judged(s.userFile) || source.judged(s.sharedFile));
  if (shadowingOf(config) === "refuse") pushAll(problems, shadows.map((s) => shadowProblem(s, "SECRET_SHADOWED")));
  await inBatches(source.leakScan, async (file) => {
    let content: FileContent;
    try {
      content = await source.content(file);
    } catch {
      return; // vanished since listing: nothing to commit from here
    }
    // No rule reads it again: a repository of large files is not held in memory at once.
    source.forget(file);
    if (content.kind === "other") return; // a submodule, a FIFO: no content git would commit
    // A link is committed as its target path: that text is searched, never what it points to.
    if (content.kind === "link") {
      pushAll(problems, findLeakedKeys(file, Buffer.from(content.target, "utf8")));
      if (leavesRepository(file, content.target)) notes.push({ file, message: `a symbolic link to ${JSON.stringify(content.target)}, outside the repository: not followed (its target was searched as text)` });
      return;
    }
    pushAll(problems, findLeakedKeys(file, content.head));
    const { tail } = content;
    if (tail) {
      notes.push({ file, message: `larger than ${(2 * SCAN_WINDOW) >> 20} MiB (${Math.ceil(content.size / (1 << 20))} MiB): only its first and last ${SCAN_WINDOW >> 20} MiB were searched for keys and tokens` });
      if (findLeakedKeys(file, tail).length) pushAll(problems, findLeakedKeys(file, tail, await content.tailLine()));
    }
    // Tokens: text files only (a NUL byte says binary); in the working tree, not the secret files already judged encrypted.
    if (content.head.indexOf(0) >= 0 || (!source.staged && cleanSecrets.has(file))) return;
    texts.push({ file, text: content.head.toString("utf8"), firstLine: 1 });
    waiting += content.head.length;
    if (tail) {
      texts.push({ file, text: tail.toString("utf8"), firstLine: content.tailLine });
      waiting += tail.length;
    }
    if (waiting >= TOKEN_BATCH) await flushTokens();
    // Four at a time: reads are synchronous or limited to four git processes anyway, and up to 16 MiB of each file is in memory.
  }, 4);
  await flushTokens();
  return {
    ok: problems.length === 0,
    staged: source.staged,
    level: options.level,
    users: options.users.map((u) => u ?? null),
    problems: dedupe(sortProblems(problems)),
    notes: sortProblems(notes),
    shadows,
    counts: {
      secretFiles: source.secretFiles.length,
      judged,
      stackFiles: stacksToCheck.length,
      references: refs.parsed.reduce((n, s) => n + s.refs.length, 0),
      scannedForKeys: source.leakScan.length,
      fastPath,
    },
  };
}

async function decrypter(source: CheckSource, identities: (() => Promise<IdentitySet>) | undefined): Promise<(info: SecretInfo) => Promise<string | undefined>> {
  const { makeDecrypter } = await import("../store/decryptable.js");
  const load = identities ?? (async () => (await import("../keys/identities.js")).loadIdentities(process.env));
  return makeDecrypter((info) => source.read(info.file), load);
}

/** Bytes of text waiting for the token rules before they run (secretlint joins them into sources of about this size). */
const TOKEN_BATCH = 4 << 20;

/** Runs secretlint's rules over `texts`: loaded only when there is one. */
async function scanTokens(texts: TokenScanInput[]): Promise<Problem[]> {
  if (!texts.length) return [];
  const { findTokens } = await import("./token-scan.js");
  return findTokens(texts);
}

/** Whether a link at `file` (root-relative) with `target` points outside the repository root. */
function leavesRepository(file: string, target: string): boolean {
  if (posix.isAbsolute(target) || /^[A-Za-z]:[\\/]/.test(target)) return true;
  return posix.normalize(posix.join(posix.dirname(file), target)).startsWith("../");
}

/** A symbolic link under the secrets directory (or the directory itself): refused, never read through. */
function symlinkProblem(file: string): Problem {
  return { file, line: 1, col: 1, message: "a symbolic link; hush refuses symlinks under the secrets directory", hint: "replace the link with the regular file", code: "SYMLINK_REFUSED" };
}

/** A secret or stack file that is not a regular file of sane size: never parsed. */
function unreadableSecret(file: string, content: FileContent): Problem {
  const other = content.kind === "other";
  const what = other ? "not a regular file" : `larger than ${(2 * SCAN_WINDOW) >> 20} MiB, far beyond any file hush writes`;
  return { file, line: 1, col: 1, message: `${what}; hush does not read it as a secret or stack file`, hint: "remove it, or replace it with a file hush wrote", code: other ? "FILE_NOT_REGULAR" : "FILE_TOO_LARGE" };
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

/** A secret file's name: its base name without `.yaml`. */
function secretNameOf(file: string): string {
  return (file.split("/").pop() ?? file).replace(/\.ya?ml$/, "");
}

/**
 * What a staged check must read: the stacks that are staged or reference a
 * secret name the change touches (added, changed, deleted), and the secret
 * names those stacks reference plus the touched ones (for shadows, every file
 * of a touched name). Names are found by the reference scanner on the whole
 * text (a superset: a comment's `{{x.y}}` only reads one more file).
 */
export function stagedScope(secretsDir: string, changed: ReadonlySet<string>, stacks: ReadonlyArray<{ file: string; text: string }>, staged: (file: string) => boolean): { stacks: Set<string>; secretNames: Set<string> } {
  const prefix = secretsDir.split("\\").join("/").replace(/\/+$/, "") + "/";
  const touched = new Set([...changed].filter((f) => f.startsWith(prefix)).map(secretNameOf));
  const secretNames = new Set(touched);
  const chosen = new Set<string>();
  for (const stack of stacks) {
    const names = stack.text.includes("{{") ? scanReferences(stack.text).refs.map((r) => r.name) : [];
    if (!staged(stack.file) && !names.some((n) => touched.has(n))) continue;
    chosen.add(stack.file);
    for (const name of names) secretNames.add(name);
  }
  return { stacks: chosen, secretNames };
}
