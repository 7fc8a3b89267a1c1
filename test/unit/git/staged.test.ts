import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listWorkingFiles, openStaged } from "../../../src/git/staged.js";
import { git, gitRepo } from "../../helpers/git.js";
import { tempDir } from "../../helpers/tmp.js";

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
    expect((await view.read("a.txt")).toString()).toBe("staged\n");
    expect((await view.read("secrets/shared/s.yaml")).toString()).toBe("k: v\n");
  });

  it("works before the first commit, and relative to a subdirectory", async () => {
    const dir = gitRepo({ "app/secrets/x.yaml": "a: b\n", "top.txt": "t\n" });
    git(dir, "add", "-A");
    const view = await openStaged(join(dir, "app"), ["secrets/"]);
    expect(view.changed).toEqual(["secrets/x.yaml"]);
    expect((await view.read("secrets/x.yaml")).toString()).toBe("a: b\n");
  });

  it("refuses outside git", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "d"));
    await expect(openStaged(join(dir, "d"), [])).rejects.toMatchObject({ code: "NOT_A_GIT_REPO" });
    expect(await listWorkingFiles(join(dir, "d"))).toBeUndefined();
  });
});
