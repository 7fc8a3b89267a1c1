/**
 * Two users of `.hush.yaml` listing the same recipient: a user's scope is
 * nothing but the recipients its files are encrypted to, so each would read
 * the other's user-scope secrets, and removing one would take the key off no
 * file. `user add` warns; `user sync` and `check` refuse a hand-edited file
 * that does it.
 */
import { HushError, type Problem } from "../errors.js";
import type { HushConfig } from "../config/hush-config.js";
import { shortRecipient } from "../age/recipient-key.js";
import { recipientOwners } from "../config/recipients.js";

/** A recipient and the users (two or more, in file order) who list it. */
export interface SharedRecipient {
  recipient: string;
  users: string[];
}

/** Every recipient listed by more than one user, in file order (an SSH key with or without its comment counts as one). */
export function sharedRecipients(config: Pick<HushConfig, "users">): SharedRecipient[] {
  const out: SharedRecipient[] = [];
  // recipientOwners is keyed by the key itself (an SSH recipient without its comment).
  for (const [recipient, owners] of recipientOwners(config)) {
    const users = [...new Set(owners)];
    if (users.length > 1) out.push({ recipient, users });
  }
  return out;
}

/** The one-line message: both users (or all of them) and the shortened recipient. */
export function sharedRecipientMessage(s: SharedRecipient): string {
  const names = s.users.map((u) => `"${u}"`);
  const who = names.length === 2 ? `${names[0]} and ${names[1]}` : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return `users ${who} share the recipient ${shortRecipient(s.recipient)}: each would read the other's user-scope secrets`;
}

const HINT = "give each user a key of their own (`hush keygen` or `age-keygen`) in .hush.yaml, then run `hush user sync`";

/** Problems for `hush check`, at the line of the recipient's last listing in `text` (the .hush.yaml as read). */
export function sharedRecipientProblems(config: Pick<HushConfig, "users">, text: string, file: string): Problem[] {
  const lines = text.split("\n");
  return sharedRecipients(config).map((s) => {
    let at = -1;
    lines.forEach((l, i) => {
      if (l.includes(s.recipient)) at = i;
    });
    return { file, line: at >= 0 ? at + 1 : 1, col: 1, message: sharedRecipientMessage(s), hint: HINT, code: "RECIPIENT_SHARED" as const };
  });
}

/** @throws HushError RECIPIENT_SHARED when two users of `config` share a recipient (the first such recipient). */
export function refuseSharedRecipients(config: Pick<HushConfig, "users">, file: string): void {
  const [first, ...rest] = sharedRecipients(config);
  if (!first) return;
  const more = rest.length ? ` (and ${rest.length} more shared recipient${rest.length === 1 ? "" : "s"})` : "";
  throw new HushError("RECIPIENT_SHARED", sharedRecipientMessage(first) + more, { file, hint: `${HINT}; nothing was written` });
}
