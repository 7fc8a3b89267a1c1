/**
 * Who can read what, from recipients alone (no private key, no decryption):
 * a user reads a file when one of their recipients is among its age
 * recipients. Compared with what .hush.yaml says the file should be
 * encrypted to, that also shows stale recipients and missing readers.
 */
import type { HushConfig } from "../config/hush-config.js";
import type { SecretInfo } from "./types.js";
import { RecipientSet } from "../age/recipient-key.js";
import { expectedRecipients, readersOf, recipientOwners } from "../config/recipients.js";

export { recipientOwners };

export interface SecretAccess {
  name: string;
  scope: SecretInfo["scope"];
  /** Owner of a user-scoped secret. */
  user?: string;
  file: string;
  /** Users who can decrypt the file now (one of their recipients is on it), config order. */
  readers: string[];
  /** Users .hush.yaml says should read it. */
  expectedReaders: string[];
  /** Expected readers with at least one recipient missing from the file. */
  missingUsers: string[];
  /** Readers .hush.yaml no longer lists for this file (a removed reader, a changed scope). */
  unexpectedReaders: string[];
  /** Recipients on the file that belong to no user and are not escrow. */
  staleRecipients: string[];
  /** Escrow recipients on the file. */
  escrow: string[];
}

export interface AccessMatrix {
  users: string[];
  secrets: SecretAccess[];
  /** Totals, for the summary line. */
  counts: { secrets: number; withStaleRecipients: number; withMissingUsers: number; withUnexpectedReaders: number };
}

/** The access matrix of `secrets` under `config`. Linear in the number of recipients on all files. */
export function computeAccess(config: HushConfig, secrets: readonly SecretInfo[]): AccessMatrix {
  const owners = recipientOwners(config);
  const users = Object.keys(config.users);
  const order = new Map(users.map((u, i) => [u, i]));
  const escrow = new RecipientSet(config.escrow);
  // Shared files all expect the same set: compute it once, not 10,000 times.
  const expectedCache = new Map<string, { readers: string[]; recipients: string[] }>();
  const expectedFor = (info: SecretInfo): { readers: string[]; recipients: string[] } => {
    const cacheKey = info.scope === "shared" ? "shared" : `user:${info.user ?? ""}`;
    let hit = expectedCache.get(cacheKey);
    if (!hit) {
      hit = { readers: readersOf(config, info.scope, info.user), recipients: expectedRecipients(config, info.scope, info.user) };
      expectedCache.set(cacheKey, hit);
    }
    return hit;
  };

  const rows = secrets.map((info): SecretAccess => {
    const onFile = new RecipientSet(info.recipients);
    const readerSet = new Set<string>();
    const stale: string[] = [];
    const escrowOnFile: string[] = [];
    for (const r of info.recipients) {
      const who = owners.get(r);
      if (who) who.forEach((u) => readerSet.add(u));
      else if (escrow.has(r)) escrowOnFile.push(r);
      else stale.push(r);
    }
    const readers = [...readerSet].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    const expected = expectedFor(info);
    const expectedSet = new Set(expected.readers);
    const missingUsers = expected.readers.filter((u) => (config.users[u]?.recipients ?? []).some((r) => !onFile.has(r)));
    const row: SecretAccess = {
      name: info.name,
      scope: info.scope,
      file: info.file,
      readers,
      expectedReaders: expected.readers,
      missingUsers,
      unexpectedReaders: readers.filter((u) => !expectedSet.has(u)),
      staleRecipients: stale,
      escrow: escrowOnFile,
    };
    if (info.user !== undefined) row.user = info.user;
    return row;
  });
  return {
    users,
    secrets: rows,
    counts: {
      secrets: rows.length,
      withStaleRecipients: rows.filter((r) => r.staleRecipients.length).length,
      withMissingUsers: rows.filter((r) => r.missingUsers.length).length,
      withUnexpectedReaders: rows.filter((r) => r.unexpectedReaders.length).length,
    },
  };
}

export interface UserExposure {
  user: string;
  /** The recipients looked for. */
  recipients: string[];
  /** Every secret the user can decrypt now: what their departure exposes. */
  readable: Array<Pick<SecretAccess, "name" | "scope" | "file"> & { user?: string }>;
}

/** What `who` (a user name, or an age recipient of someone already removed) can read. */
export function exposureOf(secrets: readonly SecretInfo[], who: string, recipients: string[]): UserExposure {
  const mine = new RecipientSet(recipients);
  const readable = secrets
    .filter((s) => s.recipients.some((r) => mine.has(r)))
    .map((s) => ({ name: s.name, scope: s.scope, file: s.file, ...(s.user !== undefined ? { user: s.user } : {}) }));
  return { user: who, recipients, readable };
}
