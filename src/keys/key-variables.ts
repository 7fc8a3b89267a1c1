/**
 * hush's own key material in the environment: the variables that hold, name
 * or produce the private keys hush decrypts with. A child of `hush run`,
 * `exec-env` or `exec-file` does not get them unless asked (`--pass-keys`,
 * for a child that runs sops or hush itself): a child that prints its
 * environment (a CI debug step, a crash report) must not print the key that
 * opens every secret of its user. sops passes its whole environment on;
 * hush deliberately does not.
 *
 * SOPS_AGE_RECIPIENTS stays: it holds public keys only.
 */

/** The variables removed from a child's environment by default. */
export const KEY_VARIABLES: readonly string[] = [
  "SOPS_AGE_KEY", // the identities themselves
  "SOPS_AGE_KEY_FILE",
  "SOPS_AGE_KEY_CMD",
  "SOPS_AGE_SSH_PRIVATE_KEY_FILE",
  "SOPS_AGE_SSH_PRIVATE_KEY_CMD",
];

/** `env` without the key variables (a copy; `env` is not changed). */
export function withoutKeyVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  for (const name of KEY_VARIABLES) delete out[name];
  return out;
}
