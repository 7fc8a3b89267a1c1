/**
 * `getSecret(name)`: one call that works inside and outside `hush run` (the
 * Azure ML `Run.get_context().get_secret()` pattern). Inside a run it returns
 * what the run decrypted (the file HUSH_RUN_SECRETS_FILE names), with no age identity and no
 * .hush.yaml needed; outside, it opens the repository and decrypts.
 */
import type { Scope } from "./config/hush-config.js";
import type { Secret } from "./store/types.js";

export interface GetSecretOptions {
  /** Where to find .hush.yaml outside a run (default: process.cwd()). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Outside a run: look only in this scope. */
  scope?: Scope;
}

/**
 * The secret `name`: from the enclosing `hush run` when it passed it, else decrypted from the repository.
 * @throws HushError (outside a run, or for a secret the run did not pass) CONFIG_NOT_FOUND, SECRET_NOT_FOUND, NO_IDENTITY, NO_MATCHING_IDENTITY, MAC_MISMATCH
 */
export async function getSecret(name: string, options: GetSecretOptions = {}): Promise<Secret> {
  const env = options.env ?? process.env;
  const { secretFromRunEnv } = await import("./run/in-run.js");
  const fromRun = secretFromRunEnv(name, env);
  if (fromRun && (options.scope === undefined || options.scope === fromRun.scope)) return fromRun;
  const { Hush } = await import("./hush.js");
  const hush = await Hush.open({ env, ...(options.cwd !== undefined ? { cwd: options.cwd } : {}) });
  const { name: found, scope, values } = await hush.getSecret(name, options.scope !== undefined ? { scope: options.scope } : {});
  return { name: found, scope, values };
}
