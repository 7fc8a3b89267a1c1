/**
 * Which key a recipient string names. An `age1...` recipient is its own
 * name; an SSH recipient is named by its type and base64, its comment being
 * a label (`ssh-ed25519 AAAA... alice@laptop` and the identity loaded from
 * alice's key file, `ssh-ed25519 AAAA...`, are the same key).
 */

/** The recipient without an SSH comment (whitespace-trimmed); other recipients as they are. @throws never */
export function recipientKey(recipient: string): string {
  if (!recipient.startsWith("ssh-")) return recipient;
  const [type, base64] = recipient.trim().split(/[ \t]+/);
  return base64 === undefined ? recipient : `${type} ${base64}`;
}

/** Whether two recipient strings name the same key. @throws never */
export function sameRecipient(a: string, b: string): boolean {
  return a === b || recipientKey(a) === recipientKey(b);
}

/** A map keyed by recipients that takes an SSH recipient with or without its comment as the same key. */
export class RecipientMap<V> extends Map<string, V> {
  override get(recipient: string): V | undefined {
    return super.get(recipientKey(recipient));
  }

  override has(recipient: string): boolean {
    return super.has(recipientKey(recipient));
  }

  override set(recipient: string, value: V): this {
    return super.set(recipientKey(recipient), value);
  }

  override delete(recipient: string): boolean {
    return super.delete(recipientKey(recipient));
  }
}

/** A set of recipients that takes an SSH recipient with or without its comment as the same member. */
export class RecipientSet extends Set<string> {
  override has(recipient: string): boolean {
    return super.has(recipientKey(recipient));
  }

  override add(recipient: string): this {
    return super.add(recipientKey(recipient));
  }

  override delete(recipient: string): boolean {
    return super.delete(recipientKey(recipient));
  }
}

/** Enough of a recipient to tell it apart in a message (`age1a5975xez…7akg`); never the whole of a long key. @throws never */
export function shortRecipient(recipient: string): string {
  return recipient.length > 16 ? `${recipient.slice(0, 12)}…${recipient.slice(-4)}` : recipient;
}
