/**
 * Who may read what: a user-scoped file is encrypted to its owner's
 * recipients (+ escrow), a shared file to every reader's (+ escrow).
 */
import type { HushConfig, Scope } from "./hush-config.js";
import { RecipientMap } from "../age/recipient-key.js";

/** User names allowed to read a file of `scope` (the owner, or the shared readers), in config order. */
export function readersOf(config: HushConfig, scope: Scope, user?: string): string[] {
  if (scope === "user") return user !== undefined && user in config.users ? [user] : [];
  const all = Object.keys(config.users);
  if (config.sharedReaders.includes("*")) return all;
  return all.filter((name) => config.sharedReaders.includes(name));
}

/** The age recipients a file of `scope` must be encrypted to: readers' recipients then escrow, deduplicated, stable order. */
export function expectedRecipients(config: HushConfig, scope: Scope, user?: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (r: string): void => {
    if (!seen.has(r)) {
      seen.add(r);
      out.push(r);
    }
  };
  for (const name of readersOf(config, scope, user)) config.users[name]?.recipients.forEach(add);
  config.escrow.forEach(add);
  return out;
}

/** Recipient -> owning user names (a recipient may be shared by two users; an SSH recipient is found with or without its comment). */
export function recipientOwners(config: Pick<HushConfig, "users">): RecipientMap<string[]> {
  const owners = new RecipientMap<string[]>();
  for (const [user, u] of Object.entries(config.users)) {
    for (const r of u.recipients) owners.set(r, [...(owners.get(r) ?? []), user]);
  }
  return owners;
}

/** Whether `user` may read files of `scope` (owned by `owner` for the user scope). */
export function canRead(config: HushConfig, user: string, scope: Scope, owner?: string): boolean {
  return readersOf(config, scope, owner).includes(user);
}
