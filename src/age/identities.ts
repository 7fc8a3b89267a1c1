/**
 * CONTRACT (owned by the age helper; signatures are fixed, bodies to be written).
 * Identities found exactly as sops finds them (spec §6.3): SOPS_AGE_KEY,
 * SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD (run once per process), then the default
 * key file. Each identity is parsed once per process.
 */
export interface AgeIdentity {
  /** The public key (age1...) of this identity. */
  readonly recipient: string;
  /** Where it came from, for messages: "SOPS_AGE_KEY_FILE (/path/keys.txt)". Never the key itself. */
  readonly source: string;
}

export interface IdentitySet {
  readonly identities: readonly AgeIdentity[];
  /** Non-fatal findings: a key file readable by others, a source that failed to parse... */
  readonly warnings: readonly string[];
}

/** @throws HushError IDENTITY_INVALID (file + line), KEY_COMMAND_FAILED */
export declare function loadIdentities(env?: NodeJS.ProcessEnv): Promise<IdentitySet>;

/** Identities from key-file text (tests, SOPS_AGE_KEY). @throws HushError IDENTITY_INVALID */
export declare function identitiesFromText(text: string, source: string): Promise<IdentitySet>;
