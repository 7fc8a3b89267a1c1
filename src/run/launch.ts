/**
 * `hush run`: resolve the stack, decrypt only the secrets it references,
 * start the command with them in its environment and its output masked, and
 * return the command's exit status (DESIGN "The launch wrapper").
 */
import { join } from "node:path";
import type { Writable } from "node:stream";
import type { HushSession } from "../store/session.js";
import type { Reference } from "../refs/find-refs.js";
import type { IdentitySet } from "../keys/identities.js";
import type { Secret, SecretInfo } from "../store/types.js";
import { buildChildEnv, secretExports, type Export } from "./env.js";
import { parseWithSecrets, wholeSecretNames } from "./with-secrets.js";
import { LEGACY_RUN_SECRETS_VARIABLE, RUN_SECRETS_FILE_VARIABLE } from "./in-run.js";
import { withoutKeyVariables } from "../keys/key-variables.js";
import { maskFilter } from "./mask.js";
import { shortValueNotice } from "./mask-notice.js";
import { givenToChild, locateNeeds, planNeeds } from "./plan.js";
import { loadRunEnvFile, loadRunStack, type RunEnvFile, type RunStack } from "./run-sources.js";
import { writeRunFiles, type RunFiles } from "./run-files.js";
import { runChild } from "../sys/spawn.js";
import { terminalHints } from "./tty-hints.js";

export interface RunOptions {
  command: string;
  args?: readonly string[];
  /** `--with-secrets` alone (true: the stack's env map) or with names; undefined when not given. */
  withSecrets?: true | readonly string[];
  /** `--stack S` (default: the repository's default_stack). */
  stack?: string;
  envFile?: string;
  /** Mask exported values in the child's output (default true). */
  mask?: boolean;
  /** Keep a parent variable when a secret would replace it. */
  keepEnv?: boolean;
  /** Startup variables (LD_PRELOAD, NODE_OPTIONS...) that `--with-secrets` NAME_KEY exports may set all the same (`--allow-env`). */
  allowEnv?: readonly string[];
  /** Pass hush's key variables (SOPS_AGE_KEY...) on to the child (`--pass-keys`); by default it gets none. */
  passKeys?: boolean;
  /** Where relative paths and the child start (default: the repository root). */
  cwd?: string;
  /** Warnings name variables and files, never values. */
  onWarning?: (message: string) => void;
  stdout?: Writable;
  stderr?: Writable;
  /** Whether hush's output is a terminal (default: process.stdout.isTTY). */
  outputIsTerminal?: boolean;
}

/**
 * Runs the command and returns its exit status (128+N for signal N).
 * @throws HushError before the child starts: STACK_NOT_FOUND, VALIDATION_FAILED, PARSE_ERROR, FILE_NOT_FOUND,
 *   ENV_CLASH, ENV_NAME_REFUSED, UNSUPPORTED_VALUE, USER_NOT_FOUND, NO_IDENTITY, NO_MATCHING_IDENTITY, MAC_MISMATCH (all exit 125);
 *   COMMAND_NOT_FOUND (127), COMMAND_NOT_EXECUTABLE (126)
 */
export async function runWithSecrets(hush: HushSession, options: RunOptions): Promise<number> {
  const cwd = options.cwd ?? hush.options.cwd ?? hush.root;
  const items = parseWithSecrets(Array.isArray(options.withSecrets) ? (options.withSecrets as readonly string[]) : []);
  const names = wholeSecretNames(items);
  // `VAR=NAME.KEY`: one key, checked and decrypted like a reference written on the command line.
  const singles = items.flatMap((i) => (i.kind === "single" ? [{ ...i, use: { ref: { name: i.name, key: i.key, raw: `${i.variable}=${i.name}.${i.key}`, index: 0 }, file: "--with-secrets" } }] : []));
  const useStack = options.stack !== undefined || options.withSecrets !== undefined;
  const stackName = options.stack ?? hush.config.defaultStack;
  const stack = useStack ? await asValidateSays(hush, stackName, cwd, () => loadRunStack(hush.config, stackName, cwd, options.stack === undefined && items.length > 0)) : undefined;
  const envFile = options.envFile !== undefined ? await loadRunEnvFile(options.envFile, cwd) : undefined;

  const needs = planNeeds([...(stack?.uses ?? []), ...(envFile?.uses ?? []), ...singles.map((s) => s.use)], names);
  const secrets = new Map<string, Secret>();
  let keyTexts: string[] = [];
  if (needs.size) {
    const user = (await hush.activeUser())?.user;
    const owners = async (name: string): Promise<string[]> => (await hush.store.list()).filter((s) => s.name === name && s.scope === "user" && s.user !== user).map((s) => s.user!);
    const found = await asValidateSays(hush, stack ? join(hush.root, stack.file) : undefined, cwd, () => locateNeeds(needs, (name) => hush.store.resolve(name, user), user === undefined ? "the shared scope (no active user)" : `user "${user}"`, owners));
    await refuseOrWarnShadows(hush, [...found.values()], options.onWarning);
    const identities = await hush.identities();
    // Said before the child starts, so they do not land in the middle of its output.
    for (const w of identities.warnings) options.onWarning?.(w);
    const read = await Promise.all([...found.values()].map((info) => hush.store.read(info, identities)));
    for (const secret of read) secrets.set(secret.name, secret);
    if (options.mask !== false) keyTexts = await maskedKeyTexts(identities);
  } else if (options.mask !== false && options.passKeys) {
    keyTexts = await maskedKeyTexts(await hush.identities());
  }
  const lookup = (ref: Reference): string => secrets.get(ref.name)?.values[ref.key] ?? "";
  const { interpolate, interpolateData } = await import("../refs/interpolate.js");

  const given = givenToChild(needs, secrets);
  const unprefixed = new Set(items.flatMap((i) => (i.kind === "unprefixed" ? [i.name] : [])));
  const named = secretExports(given.filter((s) => names.includes(s.name)), (name) => !unprefixed.has(name));
  for (const s of singles) named.push({ variable: s.variable, value: lookup(s.use.ref), source: `--with-secrets ${s.use.ref.raw}` });
  const exports = collectExports(stack, envFile, named, (text) => interpolate(text, lookup));
  // The keys hush decrypted with are masked too: the child may print its key file, or SOPS_AGE_KEY with --pass-keys.
  const maskValues = [...given.flatMap((s) => Object.values(s.values)), ...exports.filter((e) => e.secret).map((e) => e.value), ...keyTexts];
  const notice = options.mask !== false ? shortValueNotice(given) : undefined;
  if (notice) options.onWarning?.(notice);

  const parentEnv = options.passKeys ? hush.options.env : withoutKeyVariables(hush.options.env);
  const { env, warnings } = buildChildEnv(parentEnv, exports, { keepEnv: options.keepEnv ?? false, allowEnv: options.allowEnv ?? [] });
  for (const w of warnings) options.onWarning?.(w);
  // No value travels in the environment: in-run getSecret reads this run's secrets.json (an enclosing run's never).
  delete env[LEGACY_RUN_SECRETS_VARIABLE];
  delete env[RUN_SECRETS_FILE_VARIABLE];
  const masking = options.mask ?? true;
  if (masking) Object.assign(env, terminalHints(env, options.outputIsTerminal ?? process.stdout.isTTY === true));

  let files: RunFiles | undefined;
  try {
    files = writeRunFiles({ secrets: given, ...(stack ? { stack: { stack: stack.name, components: interpolateData(stack.components, lookup) } } : {}) });
    Object.assign(env, files.variables);
    return await runChild({
      command: options.command,
      args: options.args ?? [],
      cwd,
      env,
      ...(masking ? { filterOutput: maskFilter(maskValues) } : {}),
      ...(options.stdout ? { stdout: options.stdout } : {}),
      ...(options.stderr ? { stderr: options.stderr } : {}),
    });
  } finally {
    files?.remove();
  }
}

/**
 * One answer for `run` and `stack validate`: when the run finds a problem with
 * its stack (its own light reading, or a reference that does not resolve), the
 * stack's problems are reported as `hush stack validate` reports them (the full
 * schema, the same places and explanations), with the run's other problems
 * (env file, --with-secrets) kept. The launch path pays nothing for it while all is well.
 */
async function asValidateSays<T>(hush: HushSession, stack: string | undefined, _cwd: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const { isHushError } = await import("../errors.js");
    if (stack === undefined || !isHushError(error, "VALIDATION_FAILED")) throw error;
    const [{ failed }, { loadStacks }, { validateReferences }] = await Promise.all([import("../refs/stack-api.js"), import("../refs/stacks.js"), import("../refs/validate.js")]);
    // As the run resolves names: as its active user (the identity may say who that is).
    const found = await loadStacks(hush.config, [stack], hush.options.cwd ?? hush.root).catch(() => undefined);
    if (!found) throw error;
    const user = (await hush.activeUser().catch(() => undefined))?.user;
    const problems = await validateReferences(found, { level: "SECRET_AND_KEY_EXISTS", secrets: await hush.store.list(), users: [user] });
    if (!problems.length) throw error;
    const stackFiles = new Set(found.map((s) => s.file));
    const others = (error.problems ?? []).filter((p) => !stackFiles.has(p.file));
    throw failed([...problems, ...others], "the run's references cannot be resolved; nothing was started");
  }
}

/** A user-scope secret the run takes instead of a shared one of the same name: said, refused or allowed per .hush.yaml. @throws HushError SECRET_SHADOWED */
async function refuseOrWarnShadows(hush: HushSession, infos: readonly SecretInfo[], onWarning: ((message: string) => void) | undefined): Promise<void> {
  const { shadowingOf } = await import("../config/hush-config.js");
  const policy = shadowingOf(hush.config);
  if (policy === "allow" || !infos.some((i) => i.scope === "user")) return;
  const { enforceShadowing, shadowOf } = await import("../store/shadowing.js");
  const shared = new Map<string, SecretInfo | undefined>();
  for (const info of infos) if (info.scope === "user") shared.set(info.name, await hush.store.info("shared", info.name));
  const shadows = infos.map((info) => shadowOf(info, (name) => shared.get(name))).filter((s) => s !== undefined);
  enforceShadowing(policy, shadows, (line) => onWarning?.(line));
}

/** The texts of the identities hush loaded (AGE-SECRET-KEY-1..., SSH key files), to mask. */
async function maskedKeyTexts(identities: IdentitySet): Promise<string[]> {
  const { identityTexts } = await import("../keys/identity.js");
  return identityTexts(identities);
}

/** The exports of the three sources, in order: stack env, --with-secrets names, env file. */
function collectExports(stack: RunStack | undefined, envFile: RunEnvFile | undefined, named: readonly Export[], fill: (text: string) => string): Array<Export & { secret: boolean }> {
  const out: Array<Export & { secret: boolean }> = [];
  for (const [variable, text] of Object.entries(stack?.env ?? {})) {
    out.push({ variable, value: fill(text), source: `${stack?.file} env ${variable}`, secret: text.includes("{{") });
  }
  for (const e of named) out.push({ ...e, secret: true });
  for (const entry of envFile?.entries ?? []) {
    out.push({ variable: entry.variable, value: fill(entry.value), source: `${envFile?.file}:${entry.line}`, secret: entry.value.includes("{{") });
  }
  return out;
}
