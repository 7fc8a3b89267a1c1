/** The syntax of the recipients age and sops accept, checked without any key work. */
import { bech32Decode } from "./bech32.js";
import { parseSshRecipient } from "./ssh-public-key.js";

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
  return /^age1[02-9ac-hj-np-z]{58}$/.test(recipient) && bech32Decode(recipient)?.bytes.length === 32;
}
