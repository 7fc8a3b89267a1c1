/**
 * `hush check` behind the facade: level and users decided here, the rules in
 * run-check.ts. At any level but DECRYPTABLE no private key is read: the
 * active user comes from --as, HUSH_USER or git user.email.
 */
import type { HushSession } from "../store/session.js";
import { resolveLevel } from "../refs/levels.js";
import { runCheck, type CheckReport } from "./run-check.js";

export interface CheckOptionsInput {
  /** Check the index being committed (the pre-commit hook), not the working tree. */
  staged?: boolean;
  /** Resolve references as every user of .hush.yaml. */
  allUsers?: boolean;
  /** A level name; default --level / HUSH_SECRET_VALIDATION_LEVEL / SECRET_AND_KEY_EXISTS. */
  level?: string;
}

/**
 * Runs the pre-commit rules and returns every problem (it does not throw for them).
 * @throws HushError VALIDATION_LEVEL_INVALID, USER_NOT_FOUND, NOT_A_GIT_REPO (with staged), GIT_FAILED
 */
export async function check(hush: HushSession, options: CheckOptionsInput = {}): Promise<CheckReport> {
  const level = resolveLevel(options.level, hush.options.env);
  let users: Array<string | undefined>;
  if (options.allUsers) users = Object.keys(hush.config.users);
  else {
    const found = level === "DECRYPTABLE" ? await hush.activeUser() : await hush.activeUserWithoutKeys();
    users = [found?.user];
  }
  return runCheck(hush.config, { staged: options.staged ?? false, level, users, identities: () => hush.identities() });
}
