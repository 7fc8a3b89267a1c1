/**
 * The secret operations behind the facade (ZenML's create/get/update/delete/
 * list, Azure ML's set/get in batches): scope resolution, the active user,
 * and --commit, around the store's reader and writer.
 */
import { HushError } from "../errors.js";
import { shadowingOf, type Scope } from "../config/hush-config.js";
import type { Secret, SecretInfo } from "./types.js";
import { SecretStore } from "./repository.js";
import { changeSecret, removeSecret, writeNewSecret, type SecretTarget } from "./secret-writer.js";
import { enforceShadowing, shadowOf, type Shadow } from "./shadowing.js";
import { maybeCommit, requireActiveUser, type StoreSession } from "./session.js";

export interface ChangeResult {
  name: string;
  scope: Scope;
  user?: string;
  /** The file written or removed, relative to the root. */
  file: string;
  /** The commit made with `commit: true`. */
  commit?: string;
  /** An update that changed no key or value: nothing was written or committed. */
  unchanged?: true;
  /** create: the shared secret of the same name this user-scope one now hides for its owner. */
  shadows?: string;
}

export interface CreateSecretOptions {
  name: string;
  values: Record<string, string>;
  /** Default: `default_scope` of .hush.yaml. */
  scope?: Scope;
  /** Replace an existing secret. */
  force?: boolean;
  commit?: boolean;
}

export interface UpdateSecretOptions {
  name: string;
  values?: Record<string, string>;
  removeKeys?: string[];
  scope?: Scope;
  commit?: boolean;
}

export interface FoundSecret {
  info: SecretInfo;
  /** A shared secret of the same name exists and is hidden by the user's own (ZenML's rule). */
  shadowsShared: boolean;
  /** The two files, when `shadowsShared`. */
  shadow?: Shadow;
}

export type ListScope = Scope | "all";

export interface ListSecretsOptions {
  /** Default "all": every shared secret and every user's. "user": the active user's own. */
  scope?: ListScope;
  /** Keeps secrets whose name contains this text (case-insensitive). */
  filter?: string;
  sortBy?: "name" | "scope" | "updated";
  desc?: boolean;
}

/** @throws HushError NAME_INVALID, USAGE, SECRET_EXISTS, NO_ACTIVE_USER, NO_RECIPIENTS, SYMLINK_REFUSED, LOCK_TIMEOUT */
export async function createSecret(session: StoreSession, options: CreateSecretOptions): Promise<ChangeResult> {
  const scope = options.scope ?? session.config.defaultScope;
  const target: SecretTarget = { name: options.name, scope };
  if (scope === "user") target.user = await requireActiveUser(session);
  const w = await writeNewSecret(session.config, target, options.values, options.force);
  const result = await withCommit(session, options.commit, { ...target, file: w.file }, "create");
  // A user-scope secret named like a shared one hides it for this user from now on (ZenML's order): say so.
  const shared = scope === "user" ? await new SecretStore(session.config).info("shared", options.name) : undefined;
  return shared ? { ...result, shadows: shared.file } : result;
}

/**
 * Finds a secret without decrypting: the active user's scope first, then shared, unless `scope` is given.
 * @throws HushError NAME_INVALID, SECRET_NOT_FOUND, SYMLINK_REFUSED
 */
export async function findSecret(session: StoreSession, name: string, scope?: Scope): Promise<FoundSecret> {
  const store = new SecretStore(session.config);
  const user = scope === "shared" ? undefined : (await session.activeUser())?.user;
  let info: SecretInfo | undefined;
  if (scope === "shared") info = await store.info("shared", name);
  else if (scope === "user") info = user === undefined ? undefined : await store.info("user", name, user);
  else info = await store.resolve(name, user);
  if (!info) {
    const own = user === undefined ? "the user scope" : `the user scope of "${user}"`;
    const where =
      scope === "shared" || (scope === undefined && user === undefined) ? "the shared scope" : scope === "user" ? own : `${own} or the shared scope`;
    // The same explanation as stack validation gives: which scopes do have the name, and why this user cannot read it.
    const owners = scope === "shared" ? [] : (await store.list()).filter((s) => s.name === name && s.scope === "user" && s.user !== user).map((s) => s.user!);
    const hint = owners.length
      ? `it exists only in the user scope of ${owners.join(", ")}, encrypted to ${owners.length === 1 ? "that user" : "those users"} alone${user === undefined ? " (no active user: pass --as NAME or set HUSH_USER)" : ""}; ask ${owners.length === 1 ? "them" : "one of them"} to share it (\`hush secret create ${name} --scope shared ...\`)`
      : user === undefined && scope !== "shared"
        ? "no active user, so no user scope was searched: pass --as NAME or set HUSH_USER"
        : "see `hush secret list`";
    throw new HushError("SECRET_NOT_FOUND", `secret "${name}" not found in ${where}`, { hint });
  }
  const hidden = info.scope === "user" && scope === undefined ? await store.info("shared", name) : undefined;
  const shadow = shadowOf(info, () => hidden);
  return shadow ? { info, shadowsShared: true, shadow } : { info, shadowsShared: false };
}

/**
 * Decrypts one secret. Under `shadowing: refuse`, a user-scope secret that hides a shared one
 * (no `scope` given) is an error.
 * @throws HushError SECRET_NOT_FOUND, SECRET_SHADOWED, NO_IDENTITY, NO_MATCHING_IDENTITY, MAC_MISMATCH
 */
export async function getSecret(session: StoreSession, name: string, options: { scope?: Scope } = {}): Promise<Secret & { user?: string; file: string }> {
  const { info, shadow } = await findSecret(session, name, options.scope);
  if (shadow && shadowingOf(session.config) === "refuse") enforceShadowing("refuse", [shadow], () => undefined);
  const secret = await new SecretStore(session.config).read(info, await session.identities());
  return info.user === undefined ? { ...secret, file: info.file } : { ...secret, user: info.user, file: info.file };
}

/** Decrypts several secrets with one identity unlock (Azure ML's get_secrets); `shadowing: refuse` as getSecret. @throws HushError as getSecret */
export async function getSecrets(session: StoreSession, names: string[], options: { scope?: Scope } = {}): Promise<Secret[]> {
  const identities = await session.identities();
  const store = new SecretStore(session.config);
  const out: Secret[] = [];
  for (const name of names) {
    const { info, shadow } = await findSecret(session, name, options.scope);
    if (shadow && shadowingOf(session.config) === "refuse") enforceShadowing("refuse", [shadow], () => undefined);
    out.push(await store.read(info, identities));
  }
  return out;
}

/** @throws HushError SECRET_NOT_FOUND, KEY_NOT_FOUND, USAGE, NO_MATCHING_IDENTITY, MAC_MISMATCH, LOCK_TIMEOUT */
export async function updateSecret(session: StoreSession, options: UpdateSecretOptions): Promise<ChangeResult> {
  const { info } = await findSecret(session, options.name, options.scope);
  const target = targetOf(info);
  const change: { values?: Record<string, string>; removeKeys?: string[] } = {};
  if (options.values) change.values = options.values;
  if (options.removeKeys) change.removeKeys = options.removeKeys;
  const w = await changeSecret(session.config, target, change, await session.identities());
  if (w.unchanged) return { ...target, file: w.file, unchanged: true };
  return withCommit(session, options.commit, { ...target, file: w.file }, "update");
}

/** @throws HushError SECRET_NOT_FOUND, SYMLINK_REFUSED, LOCK_TIMEOUT */
export async function deleteSecret(session: StoreSession, name: string, options: { scope?: Scope; commit?: boolean } = {}): Promise<ChangeResult> {
  const { info } = await findSecret(session, name, options.scope);
  const target = targetOf(info);
  const w = await removeSecret(session.config, target);
  return withCommit(session, options.commit, { ...target, file: w.file }, "delete");
}

/** Creates the secret, or updates its keys when it exists (Azure ML's set_secret). */
export async function setSecret(
  session: StoreSession,
  name: string,
  values: Record<string, string>,
  options: { scope?: Scope; commit?: boolean } = {},
): Promise<ChangeResult> {
  const exists = await findSecret(session, name, options.scope).then(
    () => true,
    (e: unknown) => {
      if (e instanceof HushError && e.code === "SECRET_NOT_FOUND") return false;
      throw e;
    },
  );
  const common = { name, values, ...(options.scope ? { scope: options.scope } : {}), ...(options.commit ? { commit: true } : {}) };
  return exists ? updateSecret(session, common) : createSecret(session, common);
}

/** setSecret for many (one identity unlock: the session caches it). */
export async function setSecrets(
  session: StoreSession,
  items: Array<{ name: string; values: Record<string, string>; scope?: Scope }>,
  options: { commit?: boolean } = {},
): Promise<ChangeResult[]> {
  const results: ChangeResult[] = [];
  for (const item of items) results.push(await setSecret(session, item.name, item.values, item.scope ? { scope: item.scope } : {}));
  const commit = await maybeCommit(
    session,
    options.commit,
    results.map((r) => r.file),
    `hush: set ${results.length} secret${results.length === 1 ? "" : "s"}`,
  );
  if (commit) for (const r of results) r.commit = commit;
  return results;
}

/** Lists secrets from clear-text keys and metadata: no private key, no decryption. */
export async function listSecrets(session: StoreSession, options: ListSecretsOptions = {}): Promise<SecretInfo[]> {
  const store = new SecretStore(session.config);
  let infos: SecretInfo[];
  if (options.scope === "shared") infos = await store.listScope("shared");
  else if (options.scope === "user") {
    const user = (await session.activeUserWithoutKeys())?.user;
    if (user === undefined) {
      throw new HushError("NO_ACTIVE_USER", "--scope user needs the active user", { hint: "pass --as NAME or set HUSH_USER (list reads no private key)" });
    }
    infos = await store.listScope("user", user);
  } else infos = await store.list();
  const filter = options.filter?.toLowerCase();
  if (filter) infos = infos.filter((s) => s.name.toLowerCase().includes(filter));
  return sortInfos(infos, options.sortBy ?? "name", options.desc ?? false);
}

function sortInfos(infos: SecretInfo[], by: "name" | "scope" | "updated", desc: boolean): SecretInfo[] {
  const key = (s: SecretInfo): string =>
    by === "scope" ? `${s.scope}\0${s.user ?? ""}\0${s.name}` : by === "updated" ? `${s.lastModified}\0${s.name}` : `${s.name}\0${s.scope}\0${s.user ?? ""}`;
  const keyed = infos.map((s) => [key(s), s] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const sorted = keyed.map(([, s]) => s);
  return desc ? sorted.reverse() : sorted;
}

function targetOf(info: SecretInfo): SecretTarget {
  return info.user === undefined ? { name: info.name, scope: info.scope } : { name: info.name, scope: info.scope, user: info.user };
}

async function withCommit(session: StoreSession, commit: boolean | undefined, r: ChangeResult, verb: string): Promise<ChangeResult> {
  const where = r.scope === "shared" ? "shared" : `user ${r.user}`;
  const hash = await maybeCommit(session, commit, [r.file], `hush: ${verb} secret ${r.name} (${where})`);
  if (hash) r.commit = hash;
  return r;
}
