/** The age identities a file operation uses: given by the caller, else found as sops finds them. */
import type { IdentitySet } from "../keys/identities.js";
import type { FileContext } from "./io.js";

/** Options of every operation that decrypts. */
export interface IdentityOptions {
  /** Default: loaded from SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD and the default key file of `env`, then SSH keys (SOPS_AGE_SSH_PRIVATE_KEY_FILE, SOPS_AGE_SSH_PRIVATE_KEY_CMD, ~/.ssh/id_ed25519, ~/.ssh/id_rsa). */
  identities?: IdentitySet;
}

/** @throws HushError IDENTITY_INVALID, KEY_COMMAND_FAILED */
export async function identitiesFor(options: IdentityOptions, ctx: FileContext): Promise<IdentitySet> {
  const set = options.identities ?? (await (await (await import("../sopsfile/codec-port.js")).codec()).loadIdentities(ctx.env ?? process.env));
  for (const w of set.warnings) ctx.onWarning?.(w);
  if (ctx.onVerbose) {
    if (set.identities.length === 0) ctx.onVerbose("identities: none found (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, default key file, SOPS_AGE_SSH_PRIVATE_KEY_FILE, SOPS_AGE_SSH_PRIVATE_KEY_CMD, ~/.ssh/id_ed25519, ~/.ssh/id_rsa)");
    for (const id of set.identities) ctx.onVerbose(`identity: ${id.recipient} from ${id.source}`);
  }
  return set;
}

/**
 * The identities, loaded now without reporting them (identitiesFor reports when
 * given the result): a writer loads them before taking a file's lock, since a
 * key command may prompt, and a lock must not wait on a person.
 * @throws HushError IDENTITY_INVALID, KEY_COMMAND_FAILED
 */
export async function loadedIdentities(options: IdentityOptions, ctx: FileContext): Promise<IdentitySet> {
  return options.identities ?? (await (await (await import("../sopsfile/codec-port.js")).codec()).loadIdentities(ctx.env ?? process.env));
}
