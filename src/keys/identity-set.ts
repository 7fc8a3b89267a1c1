/**
 * What loading identities gives: each identity's public face (its recipient
 * and where it came from; the secret stays in identity.ts), the warnings,
 * and the encrypted default SSH keys set aside. Types only, shared by the
 * sources (identities.ts, ssh-identities.ts) and identity.ts.
 */

export interface AgeIdentity {
  /** The public key of this identity: `age1...`, or `ssh-ed25519 AAAA...` / `ssh-rsa AAAA...` (no comment). */
  readonly recipient: string;
  /** Where it came from, for messages: "SOPS_AGE_KEY_FILE (/path/keys.txt)". Never the key itself. */
  readonly source: string;
}

/** A default SSH key (~/.ssh/id_ed25519, ~/.ssh/id_rsa) that is passphrase-protected: not an identity, named when a file needs it. */
export interface LockedSshKey {
  readonly file: string;
  readonly source: string;
  /** Its public key (`ssh-ed25519 AAAA...`), when the file or the `.pub` beside it shows it. */
  readonly recipient?: string;
}

export interface IdentitySet {
  readonly identities: readonly AgeIdentity[];
  /** Non-fatal findings: a key file readable by others, a source that failed to parse... */
  readonly warnings: readonly string[];
  /** Encrypted default SSH keys hush cannot use; absent when there are none. */
  readonly locked?: readonly LockedSshKey[];
}
