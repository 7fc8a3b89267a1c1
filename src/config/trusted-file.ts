/**
 * Whether a configuration file hush found by walking up the directory tree
 * (`.sops.yaml`, `.hush.yaml`) may be trusted, by the rule ssh applies to its
 * own config files: owned by the current user or root, and writable by no one
 * else. The danger is a file planted in a shared parent directory (`/tmp`,
 * a shared mount): sops would use its creation rules and encrypt to the
 * planter's key. A file in the user's own work tree, owned by them, passes.
 *
 * Group-writable is accepted only for the user's private group (the
 * Debian/Ubuntu default, where umask 002 makes every checked-out file 0664):
 * the file's group is the user's primary group and no other account belongs
 * to it. Not checked on Windows (no POSIX owners).
 */
import { readFileSync, statSync } from "node:fs";

/** Why `file` is not trusted ("owned by uid 65534 ..."), or undefined when it is (or cannot be judged). */
export function untrustedReason(file: string): string | undefined {
  if (typeof process.getuid !== "function" || typeof process.getgid !== "function") return undefined;
  let st: { uid: number; gid: number; mode: number };
  try {
    st = statSync(file);
  } catch {
    return undefined; // gone or unreadable: reading it fails with its own error
  }
  const uid = process.getuid();
  if (st.uid !== uid && st.uid !== 0) return `owned by uid ${st.uid}, not by you or root`;
  if (st.mode & 0o002) return "writable by every user";
  if (st.mode & 0o020 && !isPrivateGroup(st.gid, uid, process.getgid())) return `writable by group ${st.gid}`;
  return undefined;
}

/** True when `gid` is the user's own group: their primary group, with no other account in it. */
function isPrivateGroup(gid: number, uid: number, primaryGid: number): boolean {
  if (gid !== primaryGid) return false;
  const othersWithPrimary = lines("/etc/passwd").some((f) => f[3] === String(gid) && f[2] !== String(uid));
  const entry = lines("/etc/group").find((f) => f[2] === String(gid));
  const me = lines("/etc/passwd").find((f) => f[2] === String(uid))?.[0];
  const otherMembers = (entry?.[3] ?? "").split(",").filter((m) => m !== "" && m !== me);
  return !othersWithPrimary && otherMembers.length === 0;
}

/** The colon-separated fields of each line of a system database; nothing when it cannot be read. */
function lines(file: string): string[][] {
  try {
    return readFileSync(file, "utf8").split("\n").map((l) => l.split(":"));
  } catch {
    return [];
  }
}
