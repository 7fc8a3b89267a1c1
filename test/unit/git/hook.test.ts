import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HOOK_MARK, hookScript, installHook } from "../../../src/git/hook.js";
import { isHushError } from "../../../src/errors.js";
import { git, gitRepo } from "../../helpers/git.js";
import { tempDir } from "../../helpers/tmp.js";

describe("installHook", () => {
  it("writes an executable pre-commit hook in .git/hooks running `check --staged`", async () => {
    const dir = gitRepo();
    const r = await installHook(dir);
    expect(r.path).toBe(join(dir, ".git/hooks/pre-commit"));
    expect(r.replaced).toBe("none");
    const text = readFileSync(r.path, "utf8");
    expect(text).toContain(HOOK_MARK);
    expect(text).toContain("  exec hush check --staged\n");
    expect(text).toContain('for candidate in "$top"/node_modules/.bin/hush; do');
    expect(r.command).toBe("hush check --staged");
    expect(statSync(r.path).mode & 0o777).toBe(0o755);
  });

  it("honours core.hooksPath (relative to the top level), also from a subdirectory", async () => {
    const dir = gitRepo({ "sub/readme": "x" });
    git(dir, "config", "core.hooksPath", ".githooks");
    const r = await installHook(join(dir, "sub"));
    expect(r.path).toBe(join(dir, ".githooks/pre-commit"));
    expect(existsSync(join(dir, ".git/hooks/pre-commit"))).toBe(false);
  });

  it("replaces its own hook, refuses a foreign one without force", async () => {
    const dir = gitRepo();
    await installHook(dir);
    expect((await installHook(dir)).replaced).toBe("hush");
    const path = join(dir, ".git/hooks/pre-commit");
    writeFileSync(path, "#!/bin/sh\nnpm test\n");
    let caught: unknown;
    try {
      await installHook(dir);
    } catch (e) {
      caught = e;
    }
    expect(isHushError(caught, "HOOK_EXISTS")).toBe(true);
    expect(readFileSync(path, "utf8")).toBe("#!/bin/sh\nnpm test\n");
    expect((await installHook(dir, { force: true })).replaced).toBe("foreign");
    expect(readFileSync(path, "utf8")).toContain(HOOK_MARK);
  });

  it("refuses outside a git repository", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "x"));
    await expect(installHook(join(dir, "x"))).rejects.toMatchObject({ code: "NOT_A_GIT_REPO" });
  });

  it("a hush root in a subdirectory: -C names it, and its own node_modules/.bin is looked in first", () => {
    const text = hookScript("infra/my secrets");
    expect(text).toContain("  exec hush -C 'infra/my secrets' check --staged\n");
    expect(text).toContain(`for candidate in "$top"/'infra/my secrets'/node_modules/.bin/hush "$top"/node_modules/.bin/hush; do`);
  });
});
