/**
 * Symlinks under secrets/ are refused: a link could make hush read or
 * overwrite a file outside the repository, or one scope's file as another's.
 */
import { lstatSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { HushError } from "../errors.js";

/**
 * Checks every existing component of `path` from `root` down (root itself is
 * trusted). Missing components are fine (the file is about to be created).
 * @throws HushError SYMLINK_REFUSED
 */
export async function refuseSymlinks(root: string, path: string): Promise<void> {
  const parts = relative(root, path).split(sep).filter(Boolean);
  let current = root;
  for (const part of parts) {
    current = join(current, part);
    let isLink: boolean;
    try {
      isLink = lstatSync(current).isSymbolicLink();
    } catch {
      return;
    }
    if (isLink) {
      throw new HushError("SYMLINK_REFUSED", "a symbolic link; hush refuses symlinks under the secrets directory", {
        file: relative(root, current).split(sep).join("/"),
        hint: "replace the link with a regular file or directory",
      });
    }
  }
}
