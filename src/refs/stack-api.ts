/**
 * The stack operations behind the facade: validate (ZenML's secret
 * validation levels), resolve (values filled in, hidden unless revealed) and
 * register-secrets (ZenML's `stack register-secrets`).
 */
import { HushError, problemsError, type Problem } from "../errors.js";
import type { HushSession } from "../store/session.js";
import type { SecretInfo } from "../store/types.js";
import { resolveLevel, type ValidationLevel } from "./levels.js";
import { interpolateData, type Lookup } from "./interpolate.js";
import { SecretIndex } from "./resolution.js";
import type { StackFile } from "./stack-file.js";
import { loadStacks } from "./stacks.js";
import { sortProblems, validateReferences } from "./validate.js";
import { findShadows, shadowProblem, type Shadow } from "../store/shadowing.js";
import { shadowingOf } from "../config/hush-config.js";

export interface ValidateStacksOptions {
  /** Stack names or paths; default every stack. */
  stacks?: string[];
  /** A level name; default --level / HUSH_SECRET_VALIDATION_LEVEL / SECRET_AND_KEY_EXISTS. */
  level?: string;
  /** Check resolution for every user of .hush.yaml. */
  allUsers?: boolean;
}

export interface StackValidation {
  ok: boolean;
  level: ValidationLevel;
  /** Whose view was checked (null: no active user, shared scope only). */
  users: Array<string | null>;
  stacks: string[];
  problems: Problem[];
  /**
   * User-scope secrets the references resolve to instead of a shared one of the same name
   * (for the users checked). Under `shadowing: refuse` each is also a problem; under `warn`
   * the CLI says them on stderr.
   */
  shadows: Shadow[];
}

/**
 * Every problem of the stacks at the level, all at once. Below DECRYPTABLE no
 * private key is read (the active user comes from --as, HUSH_USER or git email).
 * @throws HushError VALIDATION_LEVEL_INVALID, STACK_NOT_FOUND, USER_NOT_FOUND
 */
export async function validateStacks(hush: HushSession, options: ValidateStacksOptions = {}): Promise<StackValidation> {
  const level = resolveLevel(options.level, hush.options.env);
  const stacks = await loadStacks(hush.config, options.stacks ?? [], hush.options.cwd ?? hush.root);
  const users = options.allUsers ? Object.keys(hush.config.users) : [await userFor(hush, level)];
  const secrets = level === "NONE" ? [] : await hush.store.list();
  const decrypt = level === "DECRYPTABLE" ? await decrypter(hush) : undefined;
  const problems = await validateReferences(stacks, { level, secrets, users, ...(decrypt ? { decrypt } : {}) });
  const referenced = new Set(stacks.flatMap((s) => s.refs.map((r) => r.name)));
  const shadows = findShadows(secrets, users).filter((s) => referenced.has(s.name));
  if (shadowingOf(hush.config) === "refuse") problems.push(...shadows.map((s) => shadowProblem(s, "VALIDATION_FAILED")));
  return { ok: problems.length === 0, level, users: users.map((u) => u ?? null), stacks: stacks.map((s) => s.file), problems: sortProblems(problems), shadows };
}

export interface ResolvedStack {
  stack: string;
  file: string;
  user: string | null;
  revealed: boolean;
  /** The stack's content with every reference filled in (`*****` unless revealed). */
  data: unknown;
}

export const HIDDEN = "*****";

/**
 * The stack with references filled in: values only with `reveal` (decrypts the
 * referenced secrets, and nothing else), `*****` otherwise.
 * @throws HushError STACK_NOT_FOUND, VALIDATION_FAILED (every unresolved reference), NO_IDENTITY, NO_MATCHING_IDENTITY, MAC_MISMATCH
 */
export async function resolveStack(hush: HushSession, name: string, options: { reveal?: boolean } = {}): Promise<ResolvedStack> {
  const [stack] = await loadStacks(hush.config, [name], hush.options.cwd ?? hush.root);
  if (!stack) throw new HushError("STACK_NOT_FOUND", `stack "${name}" not found`);
  const user = options.reveal ? (await hush.activeUser())?.user : (await hush.activeUserWithoutKeys())?.user;
  const secrets = await hush.store.list();
  const problems = await validateReferences([stack], { level: "SECRET_AND_KEY_EXISTS", secrets, users: [user] });
  if (problems.length) throw failed(problems, `stack "${stack.name}" has unresolved references`);
  let lookup: Lookup = () => HIDDEN;
  if (options.reveal) {
    const values = await readReferenced(hush, stack, new SecretIndex(secrets), user);
    lookup = (ref) => values.get(ref.name)?.[ref.key] ?? "";
  }
  return { stack: stack.name, file: stack.file, user: user ?? null, revealed: options.reveal ?? false, data: interpolateData(stack.data, lookup) };
}

/** Decrypts each secret the stack references, once. */
async function readReferenced(hush: HushSession, stack: StackFile, index: SecretIndex, user: string | undefined): Promise<Map<string, Record<string, string>>> {
  const identities = await hush.identities();
  const values = new Map<string, Record<string, string>>();
  for (const ref of stack.refs) {
    if (values.has(ref.name)) continue;
    const info = index.resolve(ref.name, user);
    if (info) values.set(ref.name, (await hush.store.read(info, identities)).values);
  }
  return values;
}

/** A VALIDATION_FAILED error carrying every problem (the CLI prints one line each, exit 3). */
export function failed(problems: Problem[], summary: string): HushError {
  return problemsError("VALIDATION_FAILED", summary, problems);
}

async function userFor(hush: HushSession, level: ValidationLevel): Promise<string | undefined> {
  // DECRYPTABLE reads the key anyway, so the identity may also say who the user is.
  const found = level === "DECRYPTABLE" ? await hush.activeUser() : await hush.activeUserWithoutKeys();
  return found?.user;
}

async function decrypter(hush: HushSession): Promise<(info: SecretInfo) => Promise<string | undefined>> {
  const { makeDecrypter } = await import("../store/decryptable.js");
  return makeDecrypter((info) => hush.store.bytes(info), () => hush.identities());
}
