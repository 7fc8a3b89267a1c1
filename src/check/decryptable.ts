/**
 * The DECRYPTABLE level: open a secret with the loaded identities and check
 * its MAC. The only part of the check that reads a private key, loaded only
 * when this level is asked for.
 */
import { formatProblem, isHushError } from "../errors.js";
import type { SecretInfo } from "../store/types.js";

/** A decrypter for validateReferences: undefined when the file opens, else why not (no value in it). */
export async function makeDecrypter(read: (file: string) => Promise<Uint8Array>, env: NodeJS.ProcessEnv): Promise<(info: SecretInfo) => Promise<string | undefined>> {
  const { loadIdentities } = await import("../keys/identities.js");
  const { decryptFile } = await import("../sopsfile/index.js");
  const { STORE_POLICY } = await import("../sops/selection-policy.js");
  let identities: Awaited<ReturnType<typeof loadIdentities>> | undefined;
  let loadFailure: string | undefined;
  try {
    identities = await loadIdentities(env);
  } catch (error) {
    // A bad key file line is named by file and line (never its content), as the CLI would name it.
    loadFailure = isHushError(error) ? formatProblem({ file: error.file ?? "", ...(error.line !== undefined ? { line: error.line } : {}), message: error.message }) : "the age identities could not be loaded";
  }
  return async (info) => {
    if (!identities) return loadFailure;
    if (!identities.identities.length) return "no age identity found (set SOPS_AGE_KEY_FILE or create ~/.config/sops/age/keys.txt)";
    try {
      await decryptFile(await read(info.file), { format: "yaml", identities, file: info.file, policy: STORE_POLICY });
      return undefined;
    } catch (error) {
      if (!isHushError(error)) throw error;
      const reasons: Partial<Record<string, string>> = {
        NO_MATCHING_IDENTITY: "none of the loaded identities is a recipient",
        NO_IDENTITY: "no age identity found",
        MAC_MISMATCH: "the MAC does not match (tampered or corrupted)",
        SELECTION_REFUSED: error.message,
      };
      return reasons[error.code] ?? error.message;
    }
  };
}
