/**
 * Reference validation (DESIGN "References"): every reference of every stack
 * followed as far as the level asks, for one user or several, every problem
 * collected. Below DECRYPTABLE this needs no private key: sops keeps keys in
 * clear text, so the store's listing says which secrets and keys exist.
 */
import type { Problem } from "../errors.js";
import type { SecretInfo } from "../store/types.js";
import { didYouMean } from "./did-you-mean.js";
import { atLeast, type ValidationLevel } from "./levels.js";
import { SecretIndex } from "./resolution.js";
import type { PlacedReference, StackFile } from "./stack-file.js";
import { pushAll } from "../sys/push-all.js";

export interface ValidateReferencesOptions {
  level: ValidationLevel;
  /** Every secret of every scope (the store's listing; no decryption). */
  secrets: Iterable<SecretInfo>;
  /** Whose view to check: one user (the active one), every user (--all-users), or `undefined` for no user (shared only). */
  users: ReadonlyArray<string | undefined>;
  /**
   * DECRYPTABLE only: decrypts the file (MAC checked) and says what failed, or
   * undefined when it opens. Called once per file.
   */
  decrypt?: (info: SecretInfo) => Promise<string | undefined>;
}

/** Every problem of `stacks` at `options.level`, sorted by file, line and column. Never throws for a bad reference. */
export async function validateReferences(stacks: readonly StackFile[], options: ValidateReferencesOptions): Promise<Problem[]> {
  const problems: Problem[] = stacks.flatMap((s) => s.problems);
  if (!atLeast(options.level, "SECRET_EXISTS")) return sortProblems(problems);
  const index = new SecretIndex(options.secrets);
  const users = options.users.length ? options.users : [undefined];
  const opened = new Map<string, Promise<string | undefined>>();
  for (const stack of stacks) {
    for (const ref of stack.refs) {
      const perUser: Finding[] = [];
      for (const user of users) {
        const found = await checkOne(ref, user, index, options, opened);
        if (found) perUser.push({ user, ...found });
      }
      pushAll(problems, merge(stack.file, ref, perUser, users.length));
    }
  }
  return sortProblems(problems);
}

async function checkOne(
  ref: PlacedReference,
  user: string | undefined,
  index: SecretIndex,
  options: ValidateReferencesOptions,
  opened: Map<string, Promise<string | undefined>>,
): Promise<Omit<Finding, "user"> | undefined> {
  const info = index.resolve(ref.name, user);
  if (!info) {
    const where = user === undefined ? "in the shared scope" : `in ${user}'s scope or the shared scope`;
    const guess = didYouMean(ref.name, index.visibleNames(user));
    const owners = index.ownersOf(ref.name).filter((o) => o !== user);
    const hint = guess
      ? `did you mean "${guess}"?`
      : owners.length
        ? `it exists only in the scope of ${owners.join(", ")}${user === undefined ? " (set HUSH_USER or --as to check as a user)" : ""}`
        : `create it with \`hush secret create ${ref.name} --${ref.key}=...\` or \`hush stack register-secrets\``;
    return { message: `secret "${ref.name}" not found ${where}`, neutral: `secret "${ref.name}" not found in the shared scope or the checked users' scopes`, hint };
  }
  if (!atLeast(options.level, "SECRET_AND_KEY_EXISTS")) return undefined;
  if (!info.keys.includes(ref.key)) {
    const guess = didYouMean(ref.key, info.keys);
    const message = `secret "${ref.name}" has no key "${ref.key}" (keys: ${[...info.keys].sort().join(", ") || "none"})`;
    return guess ? { message, hint: `did you mean "${guess}"?` } : { message };
  }
  if (!atLeast(options.level, "DECRYPTABLE")) return undefined;
  if (!options.decrypt) return { message: `secret "${ref.name}" (${info.file}) was not decrypted: no decryption available here` };
  let result = opened.get(info.file);
  if (!result) opened.set(info.file, (result = options.decrypt(info)));
  const failure = await result;
  return failure === undefined ? undefined : { message: `secret "${ref.name}" (${info.file}) cannot be decrypted: ${failure}` };
}

interface Finding {
  user: string | undefined;
  message: string;
  /** The message without the user's name, to merge users who fail the same way. */
  neutral?: string;
  hint?: string;
}

/** One problem when every user fails the same way; one per user otherwise. */
function merge(file: string, ref: PlacedReference, perUser: Finding[], userCount: number): Problem[] {
  const base = { file, line: ref.line, col: ref.col, code: "VALIDATION_FAILED" as const };
  const first = perUser[0];
  if (!first) return [];
  if (userCount === 1) return [{ ...base, message: first.message, ...(first.hint ? { hint: first.hint } : {}) }];
  const neutral = (f: Finding): string => f.neutral ?? f.message;
  const same = perUser.length === userCount && perUser.every((p) => neutral(p) === neutral(first));
  if (same) return [{ ...base, message: neutral(first), ...(first.hint ? { hint: first.hint } : {}) }];
  return perUser.map((p) => ({ ...base, message: `${p.message} (as user ${p.user ?? "none"})`, ...(p.hint ? { hint: p.hint } : {}) }));
}

/** Sorted by file, then line, then column: the order an editor walks them. */
export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0),
  );
}
