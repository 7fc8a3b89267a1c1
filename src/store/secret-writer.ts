/**
 * Creating, updating and deleting secrets. Every change runs under the
 * secret's lock file (read, change, write), and every write is atomic.
 */
import { mkdir, readFile, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { HushError } from "../errors.js";
import { storeCodec } from "../sopsfile/codec-port.js";
import { parseHushConfig, type HushConfig, type Scope } from "../config/hush-config.js";
import type { IdentitySet } from "../keys/identities.js";
import { relativeSecretPath, secretPath, validateName } from "./paths.js";
import { expectedRecipients } from "../config/recipients.js";
import { refuseSymlinks } from "../sys/symlinks.js";
import { withLock, withMembershipLock } from "../sys/lock.js";
import { writeFileAtomic } from "../sys/atomic-write.js";
import { documentFromValues, secretFromDocument } from "./secret-document.js";
import { validateSecretKey, validateValues } from "./secret-keys.js";

/** Where one secret lives. */
export interface SecretTarget {
  name: string;
  scope: Scope;
  /** Owner, for the user scope. */
  user?: string;
}

/** What a change did: the file (relative to the root) it wrote or removed. */
export interface Written {
  file: string;
  scope: Scope;
  user?: string;
  /** The change left every key and value as they were: nothing was written. */
  unchanged?: true;
}

/**
 * Encrypts `values` to the scope's recipients and writes the new file.
 * @throws HushError NAME_INVALID, USAGE (bad key), SYMLINK_REFUSED, SECRET_EXISTS (unless force), NO_RECIPIENTS, LOCK_TIMEOUT
 */
export async function writeNewSecret(config: HushConfig, target: SecretTarget, values: Record<string, string>, force = false): Promise<Written> {
  const path = checkedPath(config, target);
  validateValues(values, target.name);
  await refuseSymlinks(config.root, path);
  await mkdir(dirname(path), { recursive: true });
  // Under the membership lock, with .hush.yaml read again: the readers are those of now, not of when this process started (lock.ts).
  await withMembershipLock(config.file, async () => {
    const current = parseHushConfig(await readFile(config.file, "utf8"), config.file);
    const recipients = expectedRecipients(current, target.scope, target.user);
    if (!recipients.length) {
      throw new HushError("NO_RECIPIENTS", `nobody may read the ${describe(target)}: no recipients in .hush.yaml`, {
        hint: target.scope === "user" ? `add recipients for user "${target.user}"` : "add shared readers",
      });
    }
    await withLock(path, async () => {
      if (!force && (await exists(path))) {
        throw new HushError("SECRET_EXISTS", `secret "${target.name}" already exists (${relativeSecretPath(config, target.scope, target.name, target.user)})`, {
          hint: "use `hush secret update`, or --force to replace it",
        });
      }
      const { encryptFile } = await storeCodec();
      const bytes = await encryptFile(documentFromValues(values), encryptOptions(recipients, path));
      await writeFileAtomic(path, bytes);
    });
  });
  return written(config, target);
}

/**
 * Changes keys of an existing secret: `values` are set (added or replaced), `removeKeys` removed.
 * Re-encrypts with the file's own data key and recipients (unchanged values keep their ciphertext).
 * @throws HushError NAME_INVALID, SECRET_NOT_FOUND, KEY_NOT_FOUND, NO_MATCHING_IDENTITY, MAC_MISMATCH, LOCK_TIMEOUT
 */
export async function changeSecret(
  config: HushConfig,
  target: SecretTarget,
  change: { values?: Record<string, string>; removeKeys?: string[] },
  identities: IdentitySet,
): Promise<Written> {
  const path = checkedPath(config, target);
  for (const key of Object.keys(change.values ?? {})) validateSecretKey(key, target.name);
  await refuseSymlinks(config.root, path);
  let unchanged = false;
  await withLock(path, async () => {
    const bytes = await readExisting(path, target);
    const file = relativeSecretPath(config, target.scope, target.name, target.user);
    const { decryptFile, encryptFile } = await storeCodec();
    const opened = await decryptFile(bytes, { format: "yaml", identities, file });
    const values = secretFromDocument(opened.document, file);
    const before = JSON.stringify(Object.entries(values));
    for (const key of change.removeKeys ?? []) {
      if (!(key in values)) {
        throw new HushError("KEY_NOT_FOUND", `secret "${target.name}" has no key "${key}"`, { hint: `keys: ${Object.keys(values).join(", ")}` });
      }
      delete values[key];
    }
    Object.assign(values, change.values ?? {});
    validateValues(values, target.name);
    // Same keys, same order, same values: no new lastmodified, MAC or commit for a change that is none.
    if (JSON.stringify(Object.entries(values)) === before) {
      unchanged = true;
      return;
    }
    const out = await encryptFile(documentFromValues(values), { ...encryptOptions(undefined, path), reuse: opened });
    await writeFileAtomic(path, out);
  });
  return unchanged ? { ...written(config, target), unchanged: true } : written(config, target);
}

/** Removes a secret's file. @throws HushError NAME_INVALID, SECRET_NOT_FOUND, SYMLINK_REFUSED, LOCK_TIMEOUT */
export async function removeSecret(config: HushConfig, target: SecretTarget): Promise<Written> {
  const path = checkedPath(config, target);
  await refuseSymlinks(config.root, path);
  await withLock(path, async () => {
    await readExisting(path, target);
    await rm(path);
  });
  return written(config, target);
}

function checkedPath(config: HushConfig, target: SecretTarget): string {
  validateName("secret", target.name);
  if (target.scope === "user") {
    if (target.user === undefined) throw new HushError("NO_ACTIVE_USER", "a user-scoped secret needs an active user", { hint: "pass --as NAME or set HUSH_USER" });
    validateName("user", target.user);
  }
  return secretPath(config, target.scope, target.name, target.user);
}

// `format` is passed for codecs that take it; the secret files are always YAML.
function encryptOptions(recipients: string[] | undefined, file: string): { recipients?: string[]; file: string; format: "yaml" } {
  return recipients ? { recipients, file, format: "yaml" } : { file, format: "yaml" };
}

async function readExisting(path: string, target: SecretTarget): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch {
    throw new HushError("SECRET_NOT_FOUND", `secret "${target.name}" not found in the ${describe(target)}`, { hint: "see `hush secret list`" });
  }
}

async function exists(path: string): Promise<boolean> {
  return readFile(path).then(
    () => true,
    () => false,
  );
}

function describe(target: SecretTarget): string {
  return target.scope === "shared" ? "shared scope" : `user scope of "${target.user}"`;
}

function written(config: HushConfig, target: SecretTarget): Written {
  const w: Written = { file: relativeSecretPath(config, target.scope, target.name, target.user), scope: target.scope };
  if (target.user !== undefined) w.user = target.user;
  return w;
}
