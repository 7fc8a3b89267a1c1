/**
 * `hush secret rename OLD NEW` (ZenML's `secret rename`): the file moves within
 * its scope, byte for byte. Names are not part of what sops encrypts or
 * authenticates (the MAC covers values; the data key is wrapped per file), so
 * the same bytes under a new name are the same secret, and git sees an exact
 * rename (which `hush log` reports as one).
 */
import { linkSync, unlinkSync } from "node:fs";
import { HushError } from "../errors.js";
import type { Scope } from "../config/hush-config.js";
import { withLock } from "../sys/lock.js";
import { relativeSecretPath, secretPath, validateName } from "./paths.js";
import { findSecret, type ChangeResult } from "./secret-api.js";
import { maybeCommit, type StoreSession } from "./session.js";
import { refuseSymlinks } from "../sys/symlinks.js";

export interface RenameSecretOptions {
  from: string;
  to: string;
  scope?: Scope;
  commit?: boolean;
}

export interface RenamedSecret extends ChangeResult {
  /** The file before, relative to the root. */
  from: string;
}

/** @throws HushError SECRET_NOT_FOUND, SECRET_EXISTS, NAME_INVALID, SYMLINK_REFUSED, LOCK_TIMEOUT, GIT_FAILED */
export async function renameSecret(session: StoreSession, options: RenameSecretOptions): Promise<RenamedSecret> {
  validateName("secret", options.to);
  const { info } = await findSecret(session, options.from, options.scope);
  const { config } = session;
  const oldPath = secretPath(config, info.scope, info.name, info.user);
  const newPath = secretPath(config, info.scope, options.to, info.user);
  const file = relativeSecretPath(config, info.scope, options.to, info.user);
  await refuseSymlinks(config.root, oldPath);
  await refuseSymlinks(config.root, newPath);
  // Both files' locks (old first: a writer of OLD finishes before it moves); the link fails at once if NEW exists.
  await withLock(oldPath, () =>
    withLock(newPath, async () => {
      try {
        linkSync(oldPath, newPath);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") {
          throw new HushError("SECRET_EXISTS", `secret "${options.to}" already exists (${file})`, { hint: "choose another name, or delete that secret first" });
        }
        throw new HushError("FILE_WRITE_FAILED", `cannot rename ${info.file} to ${file}`, { file: info.file, cause: error });
      }
      unlinkSync(oldPath);
    }),
  );
  const result: RenamedSecret = { name: options.to, scope: info.scope, ...(info.user !== undefined ? { user: info.user } : {}), file, from: info.file };
  const where = info.scope === "shared" ? "shared" : `user ${info.user}`;
  const hash = await maybeCommit(session, options.commit, [info.file, file], `hush: rename secret ${info.name} to ${options.to} (${where})`);
  if (hash) result.commit = hash;
  return result;
}
