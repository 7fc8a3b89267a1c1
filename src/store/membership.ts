/**
 * Membership changes (DESIGN "Commands"): adding a user re-wraps the data key
 * of every file they may now read (values untouched); removing a user
 * rotates the data key of every file they could read, without them.
 */
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { HushError } from "../errors.js";
import { storeCodec } from "../sopsfile/codec-port.js";
import { HUSH_CONFIG_FILE, parseHushConfig, type HushConfig, type UserConfig } from "../config/hush-config.js";
import { withUserAdded, withUserRecipients, withUserRemoved } from "../config/hush-config-edit.js";
import { prepareSopsYaml } from "../config/sops-yaml-writer.js";
import type { IdentitySet } from "../keys/identities.js";
import { RecipientSet } from "../age/recipient-key.js";
import { validateName } from "./paths.js";
import { isAgeRecipient } from "../age/recipient-syntax.js";
import { canRead, expectedRecipients } from "../config/recipients.js";
import { SecretStore } from "./repository.js";
import { refuseSharedRecipients } from "./shared-recipients.js";
import type { SecretInfo } from "./types.js";
import { withLock, withMembershipLock } from "../sys/lock.js";
import { writeFileAtomic } from "../sys/atomic-write.js";

export interface AddUserResult {
  /** Files written, relative to the root (.hush.yaml, .sops.yaml, re-wrapped secrets). */
  changed: string[];
  /** Secret files that got the user's recipients. */
  rewrapped: string[];
  warnings: string[];
  config: HushConfig;
}

export interface RemoveUserResult {
  changed: string[];
  /** Files rotated to a new data key (shared ones, and any other still encrypted to the user). */
  rotated: string[];
  /** The user's own files, deleted (nobody else could read them). */
  deleted: string[];
  /** Secrets whose values the removed user has seen: change them at their source. */
  seen: string[];
  config: HushConfig;
}

/**
 * Adds a user; recipients that are not valid age recipients are left out with a warning.
 * @throws HushError NAME_INVALID, USER_EXISTS, RECIPIENT_INVALID (none valid), NO_MATCHING_IDENTITY, LOCK_TIMEOUT
 */
export async function addUser(config: HushConfig, name: string, entry: UserConfig, identities: () => Promise<IdentitySet>): Promise<AddUserResult> {
  validateName("user", name);
  return withMembershipLock(config.file, async () => {
    const current = parseHushConfig(await readFile(config.file, "utf8"), config.file);
    if (name in current.users) throw new HushError("USER_EXISTS", `user "${name}" already exists in .hush.yaml`, { hint: "remove the user first to change their recipients" });
    const warnings: string[] = [];
    const recipients = [...new Set(entry.recipients)].filter((r) => {
      if (isAgeRecipient(r)) return true;
      warnings.push(`"${r}" is not a valid age recipient (age1..., or ssh-ed25519 / ssh-rsa AAAA...); left out for user "${name}"`);
      return false;
    });
    if (!recipients.length) throw new HushError("RECIPIENT_INVALID", `user "${name}" has no valid age recipient`, { hint: "pass the output of `age-keygen -y` or `hush keygen`" });
    // A shared key cannot be revoked from one of its holders: removing either user leaves it on every file.
    for (const r of recipients) {
      const holders = Object.entries(current.users).filter(([, u]) => u.recipients.includes(r)).map(([n]) => `user "${n}"`);
      if (current.escrow.includes(r)) holders.push("escrow");
      if (holders.length) warnings.push(`${r} is already the recipient of ${holders.join(", ")}; removing one of them will not take it off the files. give each user a key of their own`);
    }
    const text = withUserAdded(await readFile(config.file, "utf8"), name, { ...entry, recipients });
    const next = parseHushConfig(text, config.file);
    const sopsYaml = await prepareSopsYaml(next);
    const readable = (await new SecretStore(current).list()).filter((s) => canRead(next, name, s.scope, s.user));
    const { updateKeys } = await storeCodec();
    const ids = readable.length ? await identities() : undefined;
    const rewrapped = await rewriteEach(current, readable, async (bytes, info) => {
      const r = await updateKeys(bytes, { format: "yaml", identities: ids!, recipients: expectedRecipients(next, info.scope, info.user), file: info.file });
      return r.bytes;
    });
    await writeFileAtomic(config.file, text);
    const sopsWritten = await sopsYaml.write();
    return { changed: [...rewrapped, ".hush.yaml", ...(sopsWritten ? [sopsWritten] : [])], rewrapped, warnings, config: next };
  });
}

/**
 * Removes a user: every other file they could read (by .hush.yaml or by its
 * recipients) gets a fresh data key without their recipients; their own files are deleted.
 * @throws HushError NAME_INVALID, USER_NOT_FOUND, NO_MATCHING_IDENTITY, MAC_MISMATCH, NO_RECIPIENTS, LOCK_TIMEOUT
 */
export async function removeUser(config: HushConfig, name: string, identities: () => Promise<IdentitySet>): Promise<RemoveUserResult> {
  validateName("user", name);
  return withMembershipLock(config.file, async () => {
    const current = parseHushConfig(await readFile(config.file, "utf8"), config.file);
    if (!(name in current.users)) throw new HushError("USER_NOT_FOUND", `user "${name}" is not in .hush.yaml`, { hint: "see `hush user list`" });
    const text = withUserRemoved(await readFile(config.file, "utf8"), name);
    const next = parseHushConfig(text, config.file);
    const sopsYaml = await prepareSopsYaml(next);
    const all = await new SecretStore(current).list();
    // What they can read is what the files say, not only what .hush.yaml says: a file still encrypted to them (stale) is rotated too.
    const kept = new RecipientSet([...next.escrow, ...Object.values(next.users).flatMap((u) => u.recipients)]);
    const theirs = new RecipientSet(current.users[name]!.recipients.filter((r) => !kept.has(r)));
    const readable = all.filter((s) => canRead(current, name, s.scope, s.user) || s.recipients.some((r) => theirs.has(r)));
    const own = readable.filter((s) => s.scope === "user" && s.user === name);
    const others = readable.filter((s) => !(s.scope === "user" && s.user === name));
    const orphan = others.find((s) => !expectedRecipients(next, s.scope, s.user).length);
    if (orphan) {
      throw new HushError("NO_RECIPIENTS", `removing "${name}" would leave this file with no reader`, { file: orphan.file, hint: "add another user first (`hush user add`), or delete the secret" });
    }
    const { rotateFile } = await storeCodec();
    const ids = others.length ? await identities() : undefined;
    const rotated = await rewriteEach(current, others, (bytes, info) =>
      rotateFile(bytes, { format: "yaml", identities: ids!, recipients: expectedRecipients(next, info.scope, info.user), file: info.file }),
    );
    for (const info of own) await withLock(join(current.root, info.file), () => rm(join(current.root, info.file), { force: true }));
    await writeFileAtomic(config.file, text);
    const sopsWritten = await sopsYaml.write();
    const deleted = own.map((s) => s.file);
    const seen = readable.map((s) => (s.scope === "shared" ? `${s.name} (shared)` : `${s.name} (user ${s.user})`));
    return { changed: [...rotated, ...deleted, ".hush.yaml", ...(sopsWritten ? [sopsWritten] : [])], rotated, deleted, seen, config: next };
  });
}

export interface SyncResult {
  changed: string[];
  /** Files that got missing readers' recipients (same data key, values untouched). */
  rewrapped: string[];
  /** Files that had recipients .hush.yaml no longer lists: a fresh data key without them. */
  rotated: string[];
  /** Files of users no longer in .hush.yaml, left as they are (delete them, or add the user back). */
  orphaned: string[];
}

/**
 * Applies a hand-edited .hush.yaml: regenerates .sops.yaml, re-wraps every
 * file missing a reader, and rotates every file encrypted to someone who may
 * no longer read it (so they cannot read what changes next).
 * @throws HushError NO_MATCHING_IDENTITY, MAC_MISMATCH, NO_RECIPIENTS, LOCK_TIMEOUT
 */
export async function syncMembers(config: HushConfig, identities: () => Promise<IdentitySet>): Promise<SyncResult> {
  return withMembershipLock(config.file, async () => applyMembership(config, await readFile(config.file, "utf8"), identities));
}

/**
 * A user's new key (`hush user rekey`): their recipients in .hush.yaml become
 * `recipients`, every file they may read is re-keyed to them, and every file
 * an old key of theirs could open gets a new data key (that key may be lost or
 * leaked). The same work as a hand edit of .hush.yaml plus `user sync`, under
 * one membership lock, with .hush.yaml written last.
 * @throws HushError NAME_INVALID, USER_NOT_FOUND, RECIPIENT_INVALID, RECIPIENT_SHARED, NO_MATCHING_IDENTITY, MAC_MISMATCH, LOCK_TIMEOUT
 */
export async function rekeyUser(config: HushConfig, name: string, recipients: string[], identities: () => Promise<IdentitySet>): Promise<SyncResult> {
  validateName("user", name);
  return withMembershipLock(config.file, async () => {
    const text = await readFile(config.file, "utf8");
    const current = parseHushConfig(text, config.file);
    if (!Object.hasOwn(current.users, name)) throw new HushError("USER_NOT_FOUND", `user "${name}" is not in .hush.yaml`, { hint: "see `hush user list`" });
    const bad = recipients.find((r) => !isAgeRecipient(r));
    if (bad !== undefined || !recipients.length) {
      throw new HushError("RECIPIENT_INVALID", bad === undefined ? "no new recipient given" : `"${bad}" is not a valid age recipient`, { hint: "pass the output of `age-keygen -y` or `hush keygen`" });
    }
    return applyMembership(config, withUserRecipients(text, name, [...new Set(recipients)]), identities, true);
  });
}

/** The work of `user sync` for .hush.yaml `text` (written last when `write`), under the membership lock. */
async function applyMembership(config: HushConfig, text: string, identities: () => Promise<IdentitySet>, write = false): Promise<SyncResult> {
  const current = parseHushConfig(text, config.file);
  // Before anything is written: a shared recipient would make the synced files readable across users' scopes.
  refuseSharedRecipients(current, HUSH_CONFIG_FILE);
  const sopsYaml = await prepareSopsYaml(current);
  const all = await new SecretStore(current).list();
  const orphaned = all.filter((s) => s.scope === "user" && !(s.user !== undefined && s.user in current.users));
  const placed = all.filter((s) => !orphaned.includes(s));
  const expected = (s: SecretInfo): string[] => expectedRecipients(current, s.scope, s.user);
  const orphan = placed.find((s) => !expected(s).length);
  if (orphan) throw new HushError("NO_RECIPIENTS", ".hush.yaml leaves this file with no reader", { file: orphan.file, hint: "add a reader to .hush.yaml, or delete the secret" });
  // An SSH recipient is the same key with or without its comment: relabelling it in .hush.yaml rotates nothing.
  const extra = placed.filter((s) => {
    const want = new RecipientSet(expected(s));
    return s.recipients.some((r) => !want.has(r));
  });
  const missing = placed.filter((s) => {
    const have = new RecipientSet(s.recipients);
    return !extra.includes(s) && expected(s).some((r) => !have.has(r));
  });
  const { rotateFile, updateKeys } = await storeCodec();
  const ids = extra.length || missing.length ? await identities() : undefined;
  const rotated = await rewriteEach(current, extra, (bytes, info) => rotateFile(bytes, { format: "yaml", identities: ids!, recipients: expected(info), file: info.file }));
  const rewrapped = await rewriteEach(current, missing, async (bytes, info) => (await updateKeys(bytes, { format: "yaml", identities: ids!, recipients: expected(info), file: info.file })).bytes);
  if (write) await writeFileAtomic(config.file, text);
  const sopsWritten = await sopsYaml.write();
  return { changed: [...rotated, ...rewrapped, ...(write ? [HUSH_CONFIG_FILE] : []), ...(sopsWritten ? [sopsWritten] : [])], rewrapped, rotated, orphaned: orphaned.map((s) => s.file) };
}

/**
 * Computes every new file first (so a failure — a file nobody here can open —
 * changes nothing), then writes each under its lock, recomputing a file that
 * changed meanwhile. Returns the files whose bytes changed.
 */
async function rewriteEach(
  config: HushConfig,
  infos: SecretInfo[],
  transform: (bytes: Uint8Array, info: SecretInfo) => Promise<Uint8Array>,
): Promise<string[]> {
  const planned = await mapPool(infos, async (info) => {
    const before = await readFile(join(config.root, info.file));
    return { info, before, after: await transform(before, info) };
  });
  const changed = await mapPool(planned, async ({ info, before, after }) => {
    const path = join(config.root, info.file);
    return withLock(path, async () => {
      const now = await readFile(path);
      const bytes = Buffer.compare(now, before) === 0 ? after : await transform(now, info);
      if (Buffer.compare(Buffer.from(bytes), now) === 0) return undefined;
      await writeFileAtomic(path, bytes);
      return info.file;
    });
  });
  return changed.filter((f): f is string => f !== undefined);
}

/** Maps with a few operations in flight: age's WebCrypto work and fsync waits overlap. Results keep input order. */
async function mapPool<T, R>(items: readonly T[], fn: (item: T) => Promise<R>, width = 8): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}
