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
