import { mkdirSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FileContent } from "../../../src/sys/file-content.js";
import { listWorkingFiles, openStaged } from "../../../src/git/staged.js";
import { git, gitRepo } from "../../helpers/git.js";
import { tempDir } from "../../helpers/tmp.js";

/** A read's text: a file's bytes, or `link -> target`. */
const text = (c: FileContent): string => (c.kind === "file" ? c.head.toString() : c.kind === "link" ? `link -> ${c.target}` : "other");

describe("openStaged", () => {
  it("lists staged paths (ACMR, not deletions) and reads index content, not the working tree", async () => {
    const dir = gitRepo({ "a.txt": "one\n", "gone.txt": "x\n", "secrets/shared/s.yaml": "k: v\n" });
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "init");
    writeFileSync(join(dir, "a.txt"), "staged\n");
    git(dir, "add", "a.txt");
    writeFileSync(join(dir, "a.txt"), "working tree\n");
    git(dir, "rm", "-q", "gone.txt");
    writeFileSync(join(dir, "new file.txt"), "new\n");
    git(dir, "add", "new file.txt");
    const view = await openStaged(dir, ["secrets/"]);
    expect(view.changed.sort()).toEqual(["a.txt", "new file.txt"]);
    expect(view.tracked).toEqual(["secrets/shared/s.yaml"]);
    expect(text(await view.read("a.txt"))).toBe("staged\n");
    expect(text(await view.read("secrets/shared/s.yaml"))).toBe("k: v\n");
  });

  it("works before the first commit, and relative to a subdirectory", async () => {
    const dir = gitRepo({ "app/secrets/x.yaml": "a: b\n", "top.txt": "t\n" });
    git(dir, "add", "-A");
    const view = await openStaged(join(dir, "app"), ["secrets/"]);
    expect(view.changed).toEqual(["secrets/x.yaml"]);
    expect(text(await view.read("secrets/x.yaml"))).toBe("a: b\n");
  });

  it("lists type changes (a link replaced by a file, and back) and reads a link as its target, never through it", async () => {
    const dir = gitRepo({ "was-file": "x\n" });
    symlinkSync("/dev/zero", join(dir, "was-link"));
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "init");
    unlinkSync(join(dir, "was-link"));
    writeFileSync(join(dir, "was-link"), "now a file\n");
    unlinkSync(join(dir, "was-file"));
    symlinkSync("/dev/zero", join(dir, "was-file"));
    git(dir, "add", "-A");
    const view = await openStaged(dir, []);
    expect(view.changed.sort()).toEqual(["was-file", "was-link"]);
    expect(text(await view.read("was-link"))).toBe("now a file\n");
    expect(text(await view.read("was-file"))).toBe("link -> /dev/zero");
    expect(view.links).toEqual(new Set(["was-file"]));
  });

  it("refuses outside git", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "d"));
    await expect(openStaged(join(dir, "d"), [])).rejects.toMatchObject({ code: "NOT_A_GIT_REPO" });
    expect(await listWorkingFiles(join(dir, "d"))).toBeUndefined();
  });
});
