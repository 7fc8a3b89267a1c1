import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { refuseSymlinks } from "../../../src/sys/symlinks.js";
import { tempDir } from "../../helpers/tmp.js";

describe("refuseSymlinks", () => {
  it("passes regular and missing paths", async () => {
    const root = tempDir();
    mkdirSync(join(root, "secrets/shared"), { recursive: true });
    await expect(refuseSymlinks(root, join(root, "secrets/shared/new.yaml"))).resolves.toBeUndefined();
  });

  it("refuses a linked file and a linked directory on the way", async () => {
    const root = tempDir();
    const outside = tempDir();
    writeFileSync(join(outside, "x.yaml"), "x");
    mkdirSync(join(root, "secrets/users"), { recursive: true });
    symlinkSync(outside, join(root, "secrets/users/bob"));
    await expect(refuseSymlinks(root, join(root, "secrets/users/bob/x.yaml"))).rejects.toMatchObject({ code: "SYMLINK_REFUSED", file: "secrets/users/bob" });
    mkdirSync(join(root, "secrets/shared"));
    symlinkSync(join(outside, "x.yaml"), join(root, "secrets/shared/db.yaml"));
    await expect(refuseSymlinks(root, join(root, "secrets/shared/db.yaml"))).rejects.toMatchObject({ code: "SYMLINK_REFUSED" });
  });
});
