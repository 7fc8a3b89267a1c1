/**
 * Users behind the facade: add (re-wrap), remove (rotate), list, whoami.
 */
import { HushError } from "../errors.js";
import type { UserConfig } from "../config/hush-config.js";
import { addUser as addMember, rekeyUser as rekeyMember, removeUser as removeMember, syncMembers } from "./membership.js";
import { maybeCommit, type StoreSession } from "./session.js";
import type { ActiveUser } from "./active-user.js";

export interface AddUserOptions {
  name: string;
  recipients: string[];
  email?: string;
  commit?: boolean;
}

export interface UserChange {
  name: string;
  /** Every file written or removed, relative to the root. */
  changed: string[];
  /** Secret files whose data key was re-wrapped (add) or rotated (remove). */
  secrets: string[];
  warnings: string[];
  commit?: string;
}

export interface RemovedUser extends UserChange {
  /** The removed user's own secret files, deleted. */
  deleted: string[];
  /** Secrets whose values the removed user has seen: change them at their source. */
  seen: string[];
}

export interface UserListing {
  name: string;
  recipients: string[];
  email?: string;
  /** This is the active user. */
  active: boolean;
}

/** @throws HushError NAME_INVALID, USER_EXISTS, RECIPIENT_INVALID, NO_MATCHING_IDENTITY, LOCK_TIMEOUT, GIT_FAILED */
export async function addUser(session: StoreSession, options: AddUserOptions): Promise<UserChange> {
  const entry: UserConfig = options.email === undefined ? { recipients: options.recipients } : { recipients: options.recipients, email: options.email };
  const r = await addMember(session.config, options.name, entry, () => session.identities());
  const result: UserChange = { name: options.name, changed: r.changed, secrets: r.rewrapped, warnings: r.warnings };
  const hash = await maybeCommit(session, options.commit, r.changed, `hush: add user ${options.name}`);
  if (hash) result.commit = hash;
  return result;
}

/** @throws HushError NAME_INVALID, USER_NOT_FOUND, NO_MATCHING_IDENTITY, MAC_MISMATCH, LOCK_TIMEOUT, GIT_FAILED */
export async function removeUser(session: StoreSession, name: string, options: { commit?: boolean } = {}): Promise<RemovedUser> {
  const r = await removeMember(session.config, name, () => session.identities());
  const result: RemovedUser = { name, changed: r.changed, secrets: r.rotated, deleted: r.deleted, seen: r.seen, warnings: [] };
  const hash = await maybeCommit(session, options.commit, r.changed, `hush: remove user ${name}`);
  if (hash) result.commit = hash;
  return result;
}

export interface SyncedUsers {
  /** Every file written, relative to the root. */
  changed: string[];
  rewrapped: string[];
  rotated: string[];
  orphaned: string[];
  commit?: string;
}

/** Applies a hand-edited .hush.yaml to .sops.yaml and every secret file. @throws HushError NO_MATCHING_IDENTITY, MAC_MISMATCH, LOCK_TIMEOUT, GIT_FAILED */
export async function syncUsers(session: StoreSession, options: { commit?: boolean } = {}): Promise<SyncedUsers> {
  const r = await syncMembers(session.config, () => session.identities());
  const result: SyncedUsers = { changed: r.changed, rewrapped: r.rewrapped, rotated: r.rotated, orphaned: r.orphaned };
  // The commit carries the hand edit it applies, so the two never land apart.
  const hash = r.changed.length ? await maybeCommit(session, options.commit, [".hush.yaml", ...r.changed], "hush: sync users with .hush.yaml") : undefined;
  if (hash) result.commit = hash;
  return result;
}

/**
 * A user's new key: .hush.yaml gets `recipients` for them, every file they may read is re-keyed, and every file an old key of theirs opened gets a new data key.
 * @throws HushError USER_NOT_FOUND, RECIPIENT_INVALID, RECIPIENT_SHARED, NO_MATCHING_IDENTITY, MAC_MISMATCH, LOCK_TIMEOUT, GIT_FAILED
 */
export async function rekeyUser(session: StoreSession, name: string, recipients: string[], options: { commit?: boolean } = {}): Promise<SyncedUsers> {
  const r = await rekeyMember(session.config, name, recipients, () => session.identities());
  const result: SyncedUsers = { changed: r.changed, rewrapped: r.rewrapped, rotated: r.rotated, orphaned: r.orphaned };
  const hash = await maybeCommit(session, options.commit, r.changed, `hush: new key for user ${name}`);
  if (hash) result.commit = hash;
  return result;
}

/** Users of .hush.yaml in file order; reads no private key. */
export async function listUsers(session: StoreSession): Promise<UserListing[]> {
  const active = (await session.activeUserWithoutKeys())?.user;
  return Object.entries(session.config.users).map(([name, u]) => {
    const listing: UserListing = { name, recipients: [...u.recipients], active: name === active };
    if (u.email !== undefined) listing.email = u.email;
    return listing;
  });
}

/** The active user and which rule found it. @throws HushError NO_ACTIVE_USER, USER_NOT_FOUND */
export async function whoami(session: StoreSession): Promise<ActiveUser> {
  const found = await session.activeUser();
  if (found) return found;
  throw new HushError(
    "NO_ACTIVE_USER",
    "no active user: --as and HUSH_USER are not set, no loaded age identity matches a user's recipient, and git user.email matches no user's email",
    {
      hint: "pass --as NAME, set HUSH_USER, or add yourself with `hush user add NAME age1...`",
    },
  );
}
