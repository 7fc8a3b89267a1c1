/**
 * The DECRYPTABLE validation level's question, for `hush stack validate` and
 * `hush check` alike: does this store file open with the loaded identities
 * (MAC checked)? The only part of reference validation that reads a private
 * key, loaded only when this level is asked for.
 */
import type { IdentitySet } from "../keys/identities.js";
import { formatProblem, isHushError } from "../errors.js";
import { openSecret } from "./repository.js";
import type { SecretInfo } from "./types.js";

/** Undefined when the secret's file opens, else why not (never a value). */
export type Decrypter = (info: SecretInfo) => Promise<string | undefined>;

const REASONS: Partial<Record<string, string>> = {
  NO_MATCHING_IDENTITY: "none of the loaded identities is a recipient",
  NO_IDENTITY: "no age identity found",
  MAC_MISMATCH: "the MAC does not match (tampered or corrupted)",
};

/**
 * A decrypter for validateReferences. `read` gives a store file's bytes (the
 * work tree's, or the git index's for a staged check); `identities` loads the
 * age identities, called once, on the first file.
 */
export function makeDecrypter(read: (info: SecretInfo) => Promise<Uint8Array>, identities: () => Promise<IdentitySet>): Decrypter {
  let loading: Promise<IdentitySet | string> | undefined;
  const load = (): Promise<IdentitySet | string> =>
    (loading ??= identities().catch((error: unknown) => {
      // A bad key file line is named by file and line (never its content), as the CLI would name it.
      if (!isHushError(error)) return "the age identities could not be loaded";
      return error.file ? formatProblem({ file: error.file, ...(error.line !== undefined ? { line: error.line } : {}), message: error.message }) : error.message;
    }));
  return async (info) => {
    const loaded = await load();
    if (typeof loaded === "string") return loaded;
    if (!loaded.identities.length) return "no age identity found (set SOPS_AGE_KEY_FILE or create ~/.config/sops/age/keys.txt)";
    try {
      await openSecret(info, await read(info), loaded);
      return undefined;
    } catch (error) {
      if (!isHushError(error)) throw error;
      return REASONS[error.code] ?? error.message;
    }
  };
}
