/**
 * Who may read what: a user-scoped file is encrypted to its owner's
 * recipients (+ escrow), a shared file to every reader's (+ escrow).
 */
import type { HushConfig, Scope } from "../config/hush-config.js";
import { RecipientMap } from "../age/recipient-key.js";
import { parseSshRecipient } from "../age/ssh-public-key.js";

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

/**
 * Whether `recipient` is an age X25519 recipient (`age1` + bech32 data with a
 * valid checksum: a typo fails the checksum) or an SSH public key age and
 * sops accept (`ssh-ed25519 AAAA... [comment]`, `ssh-rsa AAAA... [comment]`
 * of 2048 bits or more; the key's wire bytes must parse, and the comment
 * holds no comma, since sops splits `.sops.yaml` entries on commas). SSH keys
 * have no checksum: a typo in the key bytes is caught only when it breaks
 * their structure (or, for Ed25519, when wrapping finds no curve point).
 * Plugin and post-quantum recipients are not recognised.
 */
export function isAgeRecipient(recipient: string): boolean {
  if (recipient.startsWith("ssh-")) return !recipient.includes(",") && !("problem" in parseSshRecipient(recipient));
  if (!/^age1[02-9ac-hj-np-z]{58}$/.test(recipient)) return false;
  const values = [...recipient.slice(4)].map((c) => BECH32_CHARSET.indexOf(c));
  return bech32Polymod([...hrpExpand("age"), ...values]) === 1;
}

const BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

// BIP 173's checksum (https://github.com/bitcoin/bips/blob/master/bip-0173.mediawiki#checksum).
function bech32Polymod(values: number[]): number {
  const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ gen[i]!) >>> 0;
  }
  return chk;
}

function hrpExpand(hrp: string): number[] {
  const codes = [...hrp].map((c) => c.charCodeAt(0));
  return [...codes.map((c) => c >> 5), 0, ...codes.map((c) => c & 31)];
}
