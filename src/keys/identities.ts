/**
 * Identities found exactly as sops finds them (spec §6.3): the union of
 * SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD (run once per process),
 * the default key file, and the SSH keys of SOPS_AGE_SSH_PRIVATE_KEY_FILE,
 * SOPS_AGE_SSH_PRIVATE_KEY_CMD, ~/.ssh/id_ed25519 and ~/.ssh/id_rsa
 * (ssh-identities.ts, loaded only when one of them is there). sops reads the
 * SSH sources first; the order changes no result (every identity is tried),
 * and here age keys come first so that `hush init` picks an age key when
 * there is one. Each identity is parsed once per process; its secret never
 * sits on these objects (see identity.ts).
 */
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { HushError, isHushError } from "../errors.js";
import type { AgeIdentity, IdentitySet } from "./identity-set.js";
import { parseIdentity, publicIdentity } from "./identity.js";
import { defaultKeyFile, defaultSshKeyFiles, isEncryptedKeyFile, isPemPrivateKey, keyFileLines, readKeyFile } from "./key-file.js";

export type { AgeIdentity, IdentitySet, LockedSshKey } from "./identity-set.js";
export { defaultKeyFile } from "./key-file.js";

/**
 * Every identity from every source (the age sources in sops's order, then
 * the SSH ones), each recipient once (the first source wins); encrypted
 * default SSH keys in `locked`. No source at all is not an error: the set is empty.
 * @throws HushError IDENTITY_INVALID (file + line for a key file; a named SSH key that is malformed, unsupported or passphrase-protected),
 *   KEY_COMMAND_FAILED, FILE_NOT_FOUND (SOPS_AGE_KEY_FILE or SOPS_AGE_SSH_PRIVATE_KEY_FILE names no file), FILE_READ_FAILED
 */
export async function loadIdentities(env: NodeJS.ProcessEnv = process.env): Promise<IdentitySet> {
  const parts: IdentitySet[] = [];
  if (env.SOPS_AGE_KEY) parts.push(await identitiesFromText(env.SOPS_AGE_KEY, "SOPS_AGE_KEY"));
  if (env.SOPS_AGE_KEY_FILE) parts.push(await identitiesFromFile(env.SOPS_AGE_KEY_FILE, "SOPS_AGE_KEY_FILE"));
  if (env.SOPS_AGE_KEY_CMD) {
    const source = `SOPS_AGE_KEY_CMD (${env.SOPS_AGE_KEY_CMD})`;
    const { keyCommandOutput } = await import("./key-command.js"); // child_process only when a command is set
    parts.push(await identitiesFromText(await keyCommandOutput(env.SOPS_AGE_KEY_CMD, env), `the output of ${source}`, source));
  }
  const fallback = defaultKeyFile(env);
  if (existsSync(fallback)) parts.push(await identitiesFromFile(fallback, "default key file"));
  if (env.SOPS_AGE_SSH_PRIVATE_KEY_FILE || env.SOPS_AGE_SSH_PRIVATE_KEY_CMD || defaultSshKeyFiles(env).some((f) => existsSync(f))) {
    const { loadSshIdentities } = await import("./ssh-identities.js"); // SSH parsing only when there is an SSH key
    parts.push(await loadSshIdentities(env));
  }
  return union(parts);
}

/**
 * Identities from key-file text (tests, SOPS_AGE_KEY): one or more per line,
 * blank and `#` lines skipped.
 * @throws HushError IDENTITY_INVALID (the message names `source` and the line, never the line's text)
 */
export async function identitiesFromText(text: string, source: string, label = source): Promise<IdentitySet> {
  return parseText(text, label, (line) => ({ where: `${source}, line ${line}: `, facts: {} }));
}

/**
 * Identities from a key file, with a warning when others may read it.
 * @throws HushError IDENTITY_INVALID (file + line), FILE_NOT_FOUND, FILE_READ_FAILED
 */
export async function identitiesFromFile(file: string, what = "key file"): Promise<IdentitySet> {
  const { text, warning } = await readKeyFile(file);
  const set = await parseText(text, `${what} (${file})`, (line) => ({ where: "", facts: { file, line } }), basename(file));
  return warning ? { identities: set.identities, warnings: [...set.warnings, warning] } : set;
}

type Locate = (line: number) => { where: string; facts: { file?: string; line?: number } };

async function parseText(text: string, source: string, locate: Locate, name = source): Promise<IdentitySet> {
  if (isEncryptedKeyFile(text)) {
    const { where, facts } = locate(1);
    throw new HushError("IDENTITY_INVALID", `${where}${name} is a passphrase-protected age file; hush cannot read encrypted key files`, { ...facts, hint: "decrypt it with `age -d` into a 0600 file, or use SOPS_AGE_KEY_CMD" });
  }
  if (isPemPrivateKey(text)) {
    const { where, facts } = locate(1);
    throw new HushError("IDENTITY_INVALID", `${where}${name} holds a PEM private key (an SSH key?), not age identities`, { ...facts, hint: "name SSH keys with SOPS_AGE_SSH_PRIVATE_KEY_FILE" });
  }
  const identities: AgeIdentity[] = [];
  for (const { text: token, line } of keyFileLines(text)) {
    try {
      identities.push(publicIdentity(await parseIdentity(token), source, token));
    } catch (error) {
      if (!isHushError(error, "IDENTITY_INVALID")) throw error;
      const { where, facts } = locate(line);
      throw new HushError("IDENTITY_INVALID", `${where}${error.message}`, facts);
    }
  }
  return union([{ identities, warnings: [] }]);
}

function union(parts: readonly IdentitySet[]): IdentitySet {
  const seen = new Set<string>();
  const identities: AgeIdentity[] = [];
  for (const part of parts) {
    for (const identity of part.identities) {
      if (seen.has(identity.recipient)) continue;
      seen.add(identity.recipient);
      identities.push(identity);
    }
  }
  const set = { identities, warnings: parts.flatMap((p) => p.warnings) };
  // An encrypted key whose plain twin is loaded (SOPS_AGE_SSH_PRIVATE_KEY_FILE) is nothing to report.
  const locked = parts.flatMap((p) => p.locked ?? []).filter((k) => k.recipient === undefined || !seen.has(k.recipient));
  return locked.length ? { ...set, locked } : set;
}
