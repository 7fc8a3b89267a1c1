/**
 * The child's environment: the parent's, plus what the run exports from its
 * three sources (the stack's `env:` map, `--with-secrets NAMES`, `--env-file`).
 * Two exports of one variable with different values are an error naming both; an export that
 * replaces a parent variable wins with a warning (the variable's name only),
 * or loses with `--keep-env`.
 */
import { HushError } from "../errors.js";
import type { Secret } from "../store/types.js";

/** One variable the run exports. */
export interface Export {
  variable: string;
  value: string;
  /** Where it comes from, for messages: `stacks/default.yaml env DATABASE_URL`, `--with-secrets db (key password)`. */
  source: string;
}

export interface ChildEnvironment {
  env: NodeJS.ProcessEnv;
  /** One line each, naming variables, never values. */
  warnings: string[];
}

/** `NAME_KEY` in upper snake case: `db`, `password` -> `DB_PASSWORD`; `api-token`, `readOnly` -> `API_TOKEN_READ_ONLY`. */
export function exportName(secret: string, key: string): string {
  return `${secret}_${key}`
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
}

/** Every key of every secret, as `NAME_KEY` exports. */
export function secretExports(secrets: Iterable<Secret>): Export[] {
  const out: Export[] = [];
  for (const secret of secrets) {
    for (const [key, value] of Object.entries(secret.values)) {
      out.push({ variable: exportName(secret.name, key), value, source: `--with-secrets ${secret.name} (key ${key})` });
    }
  }
  return out;
}

/**
 * The parent environment with `exports` applied.
 * @throws HushError ENV_CLASH naming both sources when two exports set one variable to different values;
 *   UNSUPPORTED_VALUE for a value holding a NUL byte (named by variable, never shown)
 */
export function buildChildEnv(parent: NodeJS.ProcessEnv, exports: readonly Export[], options: { keepEnv?: boolean } = {}): ChildEnvironment {
  const bySource = new Map<string, Export>();
  const clashes: string[] = [];
  for (const e of exports) {
    // execve cannot carry a NUL; node's own error would quote the value.
    if (e.value.includes("\0")) {
      throw new HushError("UNSUPPORTED_VALUE", `${e.variable} (from ${e.source}) contains a NUL byte, which no environment variable can hold`, {
        hint: "read that value from HUSH_RUN_SECRETS or HUSH_STACK_CONFIG instead",
      });
    }
    const earlier = bySource.get(e.variable);
    // The same value from two sources (the stack's env and --with-secrets of that secret) is no conflict.
    if (earlier && earlier.value !== e.value) clashes.push(`${e.variable} is exported twice: by ${earlier.source} and by ${e.source}`);
    else if (!earlier) bySource.set(e.variable, e);
  }
  if (clashes.length) {
    throw new HushError("ENV_CLASH", clashes.join("; "), { hint: "rename a secret or key, or drop one of the sources" });
  }
  const env: NodeJS.ProcessEnv = { ...parent };
  const warnings: string[] = [];
  for (const e of bySource.values()) {
    if (parent[e.variable] !== undefined) {
      if (options.keepEnv) {
        warnings.push(`${e.variable} is set in the environment; keeping it (--keep-env) instead of ${e.source}`);
        continue;
      }
      warnings.push(`${e.variable} from the environment is replaced by ${e.source} (use --keep-env to keep it)`);
    }
    env[e.variable] = e.value;
  }
  return { env, warnings };
}
