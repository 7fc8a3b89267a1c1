/**
 * `hush access [--user NAME]`: the access matrix of the whole repository,
 * from the store's listing (clear-text keys and metadata only).
 */
import type { HushSession } from "./session.js";
import { HushError } from "../errors.js";
import { computeAccess, exposureOf, type AccessMatrix, type UserExposure } from "./access-matrix.js";

/** Who reads what, stale recipients, missing users. Reads no private key. @throws HushError SYMLINK_REFUSED, METADATA_INVALID */
export async function accessMatrix(hush: HushSession): Promise<AccessMatrix> {
  return computeAccess(hush.config, await hush.store.list());
}

/**
 * What `who` can decrypt now: a user of .hush.yaml, or an age recipient (a
 * user already removed from .hush.yaml whose key may still sit on files).
 * @throws HushError USER_NOT_FOUND
 */
export async function userExposure(hush: HushSession, who: string): Promise<UserExposure> {
  const user = hush.config.users[who];
  let recipients: string[];
  if (user) recipients = user.recipients;
  else if (who.startsWith("age1") || who.startsWith("ssh-")) recipients = [who];
  else {
    throw new HushError("USER_NOT_FOUND", `no user "${who}" in .hush.yaml`, {
      file: ".hush.yaml",
      hint: "name a user of `hush user list`, or pass the age recipient (age1... or ssh-...) of someone already removed",
    });
  }
  return exposureOf(await hush.store.list(), who, recipients);
}
