// Finding .sops.yaml: --config / SOPS_CONFIG, else upward from the target file's directory.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findSopsConfig, loadSopsConfig } from "../../../src/config/sops-yaml.js";
import { tempDir, writeTree } from "../../helpers/tmp.js";

describe("findSopsConfig", () => {
  it("takes the nearest .sops.yaml upward; .sops.yml on the way is ignored with a warning", () => {
    const root = tempDir();
    writeTree(root, { ".sops.yaml": "creation_rules: []\n", "a/.sops.yml": "x: 1\n", "a/b/c/.keep": "", "d/.sops.yaml": "creation_rules: []\n" });
    const found = findSopsConfig(join(root, "a/b/c"));
    expect(found.file).toBe(join(root, ".sops.yaml"));
    expect(found.warnings).toEqual([`ignoring ${join(root, "a/.sops.yml")}: sops reads only .sops.yaml`]);
    expect(findSopsConfig(join(root, "d")).file).toBe(join(root, "d/.sops.yaml"));
  });

  it("--config, else SOPS_CONFIG, relative to cwd; a named file that is missing is FILE_NOT_FOUND", () => {
    const root = tempDir();
    writeTree(root, { "x.yaml": "creation_rules: []\n", "y.yaml": "creation_rules: []\n", ".sops.yaml": "" });
    expect(findSopsConfig(root, { explicit: "x.yaml", env: { SOPS_CONFIG: "y.yaml" }, cwd: root }).file).toBe(join(root, "x.yaml"));
    expect(findSopsConfig(root, { env: { SOPS_CONFIG: "y.yaml" }, cwd: root }).file).toBe(join(root, "y.yaml"));
    expect(() => findSopsConfig(root, { explicit: "nope.yaml", cwd: root })).toThrowError(expect.objectContaining({ code: "FILE_NOT_FOUND" }) as Error);
  });

  it("none anywhere: file undefined", () => {
    expect(findSopsConfig("/").file).toBeUndefined();
  });

  it("loads an empty file as no rules", () => {
    const root = tempDir();
    writeTree(root, { ".sops.yaml": "" });
    expect(loadSopsConfig(join(root, ".sops.yaml")).rules).toEqual([]);
  });
});
