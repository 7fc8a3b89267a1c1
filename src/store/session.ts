/**
 * What the store's operations need from the facade: the config, and the
 * identities and active user, each found once per session.
 */
import { HushError } from "../errors.js";
import type { HushConfig } from "../config/hush-config.js";
import type { IdentitySet } from "../keys/identities.js";
import type { ActiveUser } from "./active-user.js";
import type { SecretStore } from "./repository.js";

export interface StoreSession {
  readonly config: HushConfig;
  /** Loads the age identities once (SOPS_AGE_KEY*, default key file). */
  identities(): Promise<IdentitySet>;
  /** The active user by every rule (may load identities), or undefined. */
  activeUser(): Promise<ActiveUser | undefined>;
  /** The active user by the rules that read no private key (--as, HUSH_USER, git email). */
  activeUserWithoutKeys(): Promise<ActiveUser | undefined>;
}

/**
 * What the feature modules above the store (refs, run, check, export, the
 * access matrix) need from the facade. `Hush` is one; they never import it,
 * so the facade sits on top and nothing below imports it.
 */
export interface HushSession extends StoreSession {
  /** The repository root: the directory of .hush.yaml. */
  readonly root: string;
  /** Where hush was opened and the environment it reads SOPS_AGE_*, HUSH_* from. */
  readonly options: { readonly cwd?: string; readonly env: NodeJS.ProcessEnv };
  /** The secret repository (list and resolve without keys, read with them). */
  readonly store: SecretStore;
}

/** @throws HushError NO_ACTIVE_USER */
export async function requireActiveUser(session: StoreSession): Promise<string> {
  const found = await session.activeUser();
  if (found) return found.user;
  throw new HushError("NO_ACTIVE_USER", "no active user: --as and HUSH_USER are not set, no loaded age identity matches a user, and git user.email matches no user", {
    hint: "pass --as NAME, set HUSH_USER, or add your recipient with `hush user add`",
  });
}

/** Commits `files` when asked; returns the commit hash or undefined. */
export async function maybeCommit(session: StoreSession, commit: boolean | undefined, files: string[], message: string): Promise<string | undefined> {
  if (!commit) return undefined;
  const { commitFiles } = await import("./commit.js");
  return commitFiles(session.config.root, files, message);
}
