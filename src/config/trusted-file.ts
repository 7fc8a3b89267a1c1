/**
 * Whether a configuration file hush found by walking up the directory tree
 * (`.sops.yaml`, `.hush.yaml`) may be trusted. The danger is a file planted in
 * a shared parent directory (`/tmp`, a shared mount): sops would use its
 * creation rules and encrypt to the planter's key.
 *
 * - Above the git work tree hush runs in (or with none): ssh's rule for its
 *   config files — owned by the current user or root, writable by no one
 *   else. Group-writable is accepted only for the user's private group (the
 *   Debian/Ubuntu default, where umask 002 makes files 0664): the file's
 *   group is the user's primary group and no other account belongs to it.
 * - Inside that work tree, when its top directory only its owner can write:
 *   the file is part of the checkout the user chose to work in, whoever owns
 *   it (a CI container running as root on a checkout owned by the runner's
 *   uid); only writable-by-every-user is refused. A `.git` planted in a shared
 *   directory (`/tmp/.git`) does not make that directory such a work tree.
 *
 * Not checked on Windows (no POSIX owners).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";

/**
 * Why `file` is not trusted ("owned by uid 65534 ..."), or undefined when it
 * is (or cannot be judged). `startDir`: where the walk up began.
 */
export function untrustedReason(file: string, startDir: string): string | undefined {
  if (typeof process.getuid !== "function" || typeof process.getgid !== "function") return undefined;
  let st: { uid: number; gid: number; mode: number };
  try {
    st = statSync(file);
  } catch {
    return undefined; // gone or unreadable: reading it fails with its own error
  }
  if (st.mode & 0o002) return "writable by every user";
  if (insideOwnersWorkTree(dirname(resolve(file)), startDir)) return undefined;
  if (st.uid !== process.getuid() && st.uid !== 0) return `owned by uid ${st.uid}, not by you or root`;
  if (groupWritable(st)) return `writable by group ${st.gid}`;
  return undefined;
}

/** True when `dir` is at or below the top of the git work tree holding `startDir`, and that top only its owner can write. */
function insideOwnersWorkTree(dir: string, startDir: string): boolean {
  for (let top = resolve(startDir); ; top = dirname(top)) {
    if (existsSync(join(top, ".git"))) {
      const inside = dir === top || dir.startsWith(top.endsWith(sep) ? top : top + sep);
      if (!inside) return false;
      const st = statSync(top);
      return !(st.mode & 0o002) && !groupWritable(st);
    }
    if (dirname(top) === top) return false;
  }
}

/** Group-writable, by a group that is not the user's own. */
function groupWritable(st: { gid: number; mode: number }): boolean {
  return (st.mode & 0o020) !== 0 && !isPrivateGroup(st.gid, process.getuid!(), process.getgid!());
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
    return readFileSync(file, "utf8")
      .split("\n")
      .map((l) => l.split(":"));
  } catch {
    return [];
  }
}
