import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { attributesLine, defaultHushCommand, driverConfig, setupGitDrivers, withAttributesLine } from "../../../src/git/setup.js";
import { git, gitRepo } from "../../helpers/git.js";
import { tempDir } from "../../helpers/tmp.js";
import { isHushError } from "../../../src/errors.js";

describe("hush git setup", () => {
  it("adds the attributes line once, keeping what is there", () => {
    const line = attributesLine("secrets/");
    expect(line).toBe("secrets/**/*.yaml merge=hush diff=hush");
    expect(withAttributesLine("", line)).toBe(line + "\n");
    expect(withAttributesLine("*.png binary", line)).toBe(`*.png binary\n${line}\n`);
    expect(withAttributesLine(`a\n${line}\n`, line)).toBeUndefined();
  });

  it("never enables the textconv cache (it would store plaintext in git objects)", () => {
    expect(driverConfig("hush")["diff.hush.cachetextconv"]).toBe("false");
    expect(driverConfig("hush")["merge.hush.driver"]).toBe("hush git merge-driver %O %A %B %P");
  });

  it("the default command is this node and bin/hush.js, absolute", () => {
    const cmd = defaultHushCommand();
    expect(cmd).toContain(process.execPath);
    expect(cmd).toMatch(/bin\/hush\.js'?$/);
  });

  it("writes .gitattributes and the local git config, idempotently, in a real repository", async () => {
    const dir = gitRepo({ ".gitattributes": "*.bin binary\n" });
    const first = await setupGitDrivers(dir, "secrets", { hushCommand: "hush" });
    const second = await setupGitDrivers(dir, "secrets", { hushCommand: "hush" });
    expect(first.attributesAdded).toBe(true);
    expect(second.attributesAdded).toBe(false);
    expect(readFileSync(join(dir, ".gitattributes"), "utf8")).toBe("*.bin binary\nsecrets/**/*.yaml merge=hush diff=hush\n");
    expect(git(dir, "config", "--local", "merge.hush.driver").trim()).toBe("hush git merge-driver %O %A %B %P");
    expect(git(dir, "config", "--local", "--get-all", "diff.hush.textconv").trim()).toBe("hush git textconv");
    writeFileSync(join(dir, "secrets.txt"), "");
    expect(git(dir, "check-attr", "merge", "diff", "--", "secrets/shared/db.yaml")).toBe(
      "secrets/shared/db.yaml: merge: hush\nsecrets/shared/db.yaml: diff: hush\n",
    );
    expect(git(dir, "check-attr", "merge", "--", "stacks/db.yaml")).toBe("stacks/db.yaml: merge: unspecified\n");
  });

  it("refuses a directory that is not a git repository", async () => {
    const dir = tempDir();
    await expect(setupGitDrivers(dir, "secrets")).rejects.toSatisfy((e: unknown) => isHushError(e, "NOT_A_GIT_REPO"));
  });
});
