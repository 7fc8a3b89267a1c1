/**
 * The active user (DESIGN "Active user"): `--as`/HUSH_USER, else the user
 * whose recipients match a loaded identity's public key, else the user whose
 * email matches `git config user.email`.
 */
import { execFile } from "node:child_process";
import { HushError } from "../errors.js";
import type { HushConfig } from "../config/hush-config.js";
import type { IdentitySet } from "../keys/identities.js";
import { sameRecipient } from "../age/recipient-key.js";

export interface ActiveUser {
  user: string;
  /** Which rule found it, for `hush whoami` and --verbose. */
  how: string;
}

export interface ActiveUserOptions {
  as?: string;
  env: NodeJS.ProcessEnv;
  identities?: IdentitySet;
  cwd?: string;
}

/**
 * Finds the active user, or undefined when no rule applies.
 * @throws HushError USER_NOT_FOUND when --as/HUSH_USER names someone not in .hush.yaml
 */
export async function findActiveUser(config: HushConfig, options: ActiveUserOptions): Promise<ActiveUser | undefined> {
  const explicit = explicitUser(config, options.as, options.env);
  if (explicit !== undefined) return { user: explicit, how: options.as !== undefined ? `--as ${explicit}` : "HUSH_USER" };
  for (const identity of options.identities?.identities ?? []) {
    for (const [name, user] of Object.entries(config.users)) {
      if (user.recipients.some((r) => sameRecipient(r, identity.recipient))) {
        return { user: name, how: `identity from ${identity.source} matches recipient ${identity.recipient}` };
      }
    }
  }
  const email = await gitEmail(options.cwd ?? config.root);
  if (email) {
    for (const [name, user] of Object.entries(config.users)) {
      if (user.email !== undefined && user.email.toLowerCase() === email.toLowerCase()) {
        return { user: name, how: `git config user.email (${email})` };
      }
    }
  }
  return undefined;
}

/**
 * The user named by `--as` (else HUSH_USER), checked against .hush.yaml; every
 * command that opens the repository applies it, whether or not it needs a user.
 * @throws HushError USER_NOT_FOUND
 */
export function explicitUser(config: HushConfig, as: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const explicit = as ?? env.HUSH_USER;
  if (explicit === undefined || explicit === "") return undefined;
  if (!Object.hasOwn(config.users, explicit)) {
    throw new HushError("USER_NOT_FOUND", `user "${explicit}" (from ${as !== undefined ? "--as" : "HUSH_USER"}) is not in .hush.yaml`, {
      hint: `known users: ${Object.keys(config.users).join(", ") || "none"}`,
    });
  }
  return explicit;
}

/** `git config user.email`, or undefined (no git, not set). */
export function gitEmail(cwd: string): Promise<string | undefined> {
  return gitConfigValue(cwd, "user.email");
}

/** One `git config` value, or undefined. Plain execFile: cheaper than loading simple-git for one read. */
export function gitConfigValue(cwd: string, key: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile("git", ["config", "--get", key], { cwd, encoding: "utf8" }, (error, stdout) => {
      const value = stdout?.trim();
      resolve(error || !value ? undefined : value);
    });
  });
}
