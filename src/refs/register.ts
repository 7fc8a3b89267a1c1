/**
 * `hush stack register-secrets` (ZenML's `stack register-secrets`): asks for
 * every secret or key a stack references that does not exist yet, and writes
 * them — new secrets in the default scope (or the one given), new keys into
 * the secret the reference already resolves to.
 */
import type { Scope } from "../config/hush-config.js";
import { HushError } from "../errors.js";
import { createSecret, updateSecret } from "../store/secret-api.js";
import type { HushSession } from "../store/session.js";
import { failed } from "./stack-api.js";
import { SecretIndex } from "./resolution.js";
import { loadStacks } from "./stacks.js";

/** Where values come from: a prompt with hidden input, or lines of a pipe. */
export interface ValueReader {
  ask(prompt: string, options?: { hidden?: boolean }): Promise<string | undefined>;
}

export interface RegisterOptions {
  /** Default: `default_stack` of .hush.yaml. */
  stack?: string;
  /** Scope of secrets that do not exist yet; default `default_scope`. */
  scope?: Scope;
  commit?: boolean;
}

export interface Registered {
  name: string;
  scope: Scope;
  file: string;
  action: "created" | "updated";
  /** Keys written (never the values). */
  keys: string[];
}

/**
 * Prompts for every missing secret/key, in the order the stack references
 * them, then creates or updates each secret once.
 * @throws HushError STACK_NOT_FOUND, VALIDATION_FAILED (malformed references), USAGE (input ended), NO_ACTIVE_USER, ...
 */
export async function registerSecrets(hush: HushSession, reader: ValueReader, options: RegisterOptions = {}): Promise<Registered[]> {
  const [stack] = await loadStacks(hush.config, [options.stack ?? hush.config.defaultStack], hush.options.cwd ?? hush.root);
  if (!stack) return [];
  if (stack.problems.length) throw failed(stack.problems, `stack "${stack.name}" must be fixed first`);
  const user = (await hush.activeUserWithoutKeys())?.user ?? (await hush.activeUser())?.user;
  const index = new SecretIndex(await hush.store.list());
  const missing = new Map<string, { keys: string[]; existing: boolean; scope: Scope | undefined }>();
  for (const ref of stack.refs) {
    const info = index.resolve(ref.name, user);
    if (info?.keys.includes(ref.key)) continue;
    const entry = missing.get(ref.name) ?? { keys: [], existing: info !== undefined, scope: info?.scope };
    if (!entry.keys.includes(ref.key)) entry.keys.push(ref.key);
    missing.set(ref.name, entry);
  }
  const answers = new Map<string, Record<string, string>>();
  for (const [name, entry] of missing) {
    const values: Record<string, string> = {};
    for (const key of entry.keys) {
      const value = await reader.ask(`${name}.${key}${entry.existing ? "" : " (new secret)"}: `, { hidden: true });
      if (value === undefined) {
        throw new HushError("USAGE", `input ended before a value for "${name}.${key}" was given; nothing was written`, {
          hint: "give one value per line, in the order the stack references them",
        });
      }
      values[key] = value;
    }
    answers.set(name, values);
  }
  const done: Registered[] = [];
  for (const [name, values] of answers) {
    const entry = missing.get(name)!;
    const result = entry.existing
      ? await updateSecret(hush, { name, values, ...(entry.scope ? { scope: entry.scope } : {}), commit: options.commit ?? false })
      : await createSecret(hush, { name, values, ...(options.scope ? { scope: options.scope } : {}), commit: options.commit ?? false });
    done.push({ name, scope: result.scope, file: result.file, action: entry.existing ? "updated" : "created", keys: Object.keys(values) });
  }
  return done;
}
