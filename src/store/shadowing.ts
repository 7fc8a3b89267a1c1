/**
 * A user-scope secret named like a shared one hides the shared one from its
 * owner (ZenML's resolution rule: the user's own scope first). Anyone can
 * encrypt a file to alice's public key, so a committed
 * `secrets/users/alice/db.yaml` would silently replace shared `db` in
 * alice's runs. `shadowing:` in .hush.yaml decides: `warn` (default) says so
 * on stderr, `refuse` makes it an error, `allow` says nothing.
 */
import { HushError, type Problem } from "../errors.js";
import type { ShadowingPolicy } from "../config/hush-config.js";
import type { SecretInfo } from "./types.js";

/** A user's secret that hides the shared one of the same name. */
export interface Shadow {
  name: string;
  user: string;
  /** Both relative to the repository root. */
  userFile: string;
  sharedFile: string;
}

/** The user-scope file of `info` when it hides a shared secret (`shared` looks one up by name). */
export function shadowOf(info: SecretInfo, shared: (name: string) => SecretInfo | undefined): Shadow | undefined {
  if (info.scope !== "user" || info.user === undefined) return undefined;
  const hidden = shared(info.name);
  return hidden ? { name: info.name, user: info.user, userFile: info.file, sharedFile: hidden.file } : undefined;
}

/**
 * Every shadow among `secrets` (a store listing): for the users named, or for
 * every user when `users` is undefined. Sorted by user file.
 */
export function findShadows(secrets: Iterable<SecretInfo>, users?: ReadonlyArray<string | undefined>): Shadow[] {
  const all = [...secrets];
  const shared = new Map(all.filter((s) => s.scope === "shared").map((s) => [s.name, s]));
  const wanted = users === undefined ? undefined : new Set(users.filter((u): u is string => u !== undefined));
  return all
    .filter((s) => wanted === undefined || (s.user !== undefined && wanted.has(s.user)))
    .map((s) => shadowOf(s, (name) => shared.get(name)))
    .filter((s): s is Shadow => s !== undefined)
    .sort((a, b) => (a.userFile < b.userFile ? -1 : a.userFile > b.userFile ? 1 : 0));
}

/** One line naming both files (no value: nothing is decrypted to find a shadow). */
export function shadowMessage(s: Shadow): string {
  return `${s.userFile} shadows ${s.sharedFile}: user "${s.user}" gets this user-scope secret "${s.name}" instead of the shared one`;
}

const HINT = "delete or rename the user-scope secret if nobody meant it to replace the shared one; `shadowing: allow` in .hush.yaml accepts it";

/** A shadow as a validation problem, at the user file (for `check` and `stack validate` under `refuse`). */
export function shadowProblem(s: Shadow, code: "SECRET_SHADOWED" | "VALIDATION_FAILED"): Problem {
  return { file: s.userFile, line: 1, col: 1, message: `shadows ${s.sharedFile}: user "${s.user}" gets this user-scope secret "${s.name}" instead of the shared one (\`shadowing: refuse\` in .hush.yaml)`, hint: HINT, code };
}

/** The warning for stderr under `warn` (the CLI prefixes `hush: warning: `). */
export function shadowWarning(s: Shadow): string {
  return `${shadowMessage(s)} (\`shadowing: refuse\` in .hush.yaml makes this an error, \`allow\` silences it)`;
}

/**
 * Applies `policy` where a shadow stops the command (run, secret get):
 * warn → one line each through `warn`; refuse → throws; allow → nothing.
 * @throws HushError SECRET_SHADOWED (refuse, at least one shadow)
 */
export function enforceShadowing(policy: ShadowingPolicy, shadows: readonly Shadow[], warn: (line: string) => void): void {
  if (!shadows.length || policy === "allow") return;
  if (policy === "warn") {
    for (const s of shadows) warn(shadowWarning(s));
    return;
  }
  const [first] = shadows;
  if (shadows.length === 1 && first) throw new HushError("SECRET_SHADOWED", shadowProblem(first, "VALIDATION_FAILED").message, { file: first.userFile, hint: HINT });
  throw new HushError("SECRET_SHADOWED", `${shadows.length} user-scope secrets shadow shared ones and .hush.yaml says \`shadowing: refuse\``, {
    problems: shadows.map((s) => ({ ...shadowProblem(s, "VALIDATION_FAILED"), code: "SECRET_SHADOWED" as const })),
  });
}
