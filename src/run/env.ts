/**
 * The child's environment: the parent's, plus what the run exports from its
 * three sources (the stack's `env:` map, `--with-secrets NAMES`, `--env-file`).
 * Two exports of one variable with different values are an error naming both; an export that
 * replaces a parent variable wins with a warning (the variable's name only),
 * or loses with `--keep-env`.
 */
import { HushError } from "../errors.js";
import type { Secret } from "../store/types.js";
import { startupVariableReason } from "./startup-variables.js";

/** One variable the run exports. */
export interface Export {
  variable: string;
  value: string;
  /** Where it comes from, for messages: `stacks/default.yaml env DATABASE_URL`, `--with-secrets db (key password)`. */
  source: string;
  /** Set when the variable's name is made from a secret's name and key (`--with-secrets`), not written by the user. */
  from?: { secret: string; key: string };
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

/** Every key of every secret, as `NAME_KEY` exports (`prefixed: false`: as `KEY`, the `--with-secrets NAME.*` form). */
export function secretExports(secrets: Iterable<Secret>, prefixed: (name: string) => boolean = () => true): Export[] {
  const out: Export[] = [];
  for (const secret of secrets) {
    const withPrefix = prefixed(secret.name);
    for (const [key, value] of Object.entries(secret.values)) {
      const variable = exportName(withPrefix ? secret.name : "", key);
      out.push({ variable, value, source: `--with-secrets ${secret.name}${withPrefix ? "" : ".*"} (key ${key})`, from: { secret: secret.name, key } });
    }
  }
  return out;
}

export interface ChildEnvOptions {
  /** Keep a parent variable when an export would replace it. */
  keepEnv?: boolean;
  /** Startup variables (startup-variables.ts) a name made from a secret's key may set all the same (`--allow-env`). */
  allowEnv?: Iterable<string>;
}

/**
 * The parent environment with `exports` applied.
 * @throws HushError ENV_NAME_REFUSED when a name made from a secret's key would set a startup variable (LD_PRELOAD,
 *   NODE_OPTIONS...) not in `allowEnv`; ENV_CLASH naming both sources when two exports set one variable to different
 *   values; UNSUPPORTED_VALUE for a value holding a NUL byte (named by variable, never shown)
 */
export function buildChildEnv(parent: NodeJS.ProcessEnv, exports: readonly Export[], options: ChildEnvOptions = {}): ChildEnvironment {
  const allowed = new Set(options.allowEnv ?? []);
  refuseStartupVariables(exports, allowed);
  const bySource = new Map<string, Export>();
  const clashes: string[] = [];
  for (const e of exports) {
    // execve cannot carry a NUL; node's own error would quote the value.
    if (e.value.includes("\0")) {
      throw new HushError("UNSUPPORTED_VALUE", `${e.variable} (from ${e.source}) contains a NUL byte, which no environment variable can hold`, {
        hint: "read that value with getSecret (HUSH_RUN_SECRETS_FILE) or from HUSH_STACK_CONFIG instead",
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
  // A typo in --allow-env allows nothing: say so rather than let the user believe otherwise.
  for (const name of allowed) if (!startupVariableReason(name)) warnings.push(`--allow-env ${name}: hush never refuses ${name}, so there is nothing to allow`);
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

/**
 * A secret's key names the variable, and anyone who can commit can encrypt a
 * secret to the user: such a name may not set a variable that changes how
 * the child starts. The user's own lines (stack `env:`, `--env-file`) may.
 * @throws HushError ENV_NAME_REFUSED naming every such export, never a value
 */
function refuseStartupVariables(exports: readonly Export[], allowed: ReadonlySet<string>): void {
  // A variable the user also set by a line of their own is theirs (a different value is ENV_CLASH).
  const written = new Set(exports.filter((e) => !e.from).map((e) => e.variable));
  const refused = exports.flatMap((e) => {
    if (!e.from || allowed.has(e.variable) || written.has(e.variable)) return [];
    const reason = startupVariableReason(e.variable);
    return reason ? [{ ...e, from: e.from, reason }] : [];
  });
  if (!refused.length) return;
  const what = refused.map((e) => `${e.source} would set ${e.variable}, which ${e.reason}`).join("; ");
  const ways = refused.map((e) => `${e.variable}={{${e.from.secret}.${e.from.key}}}`).join(", ");
  const flags = refused.map((e) => `--allow-env ${e.variable}`).join(" ");
  throw new HushError("ENV_NAME_REFUSED", `${what}; a secret's key may not name such a variable, so nothing was started`, {
    hint: `to set it on purpose, write ${ways} in the --env-file or the stack's env:, or pass ${flags}`,
  });
}
