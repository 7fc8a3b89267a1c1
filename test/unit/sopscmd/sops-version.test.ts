// The version edit writes, compared as sops compares (version/version.go
// AIsNewerThanB: a leading "v" trimmed, strict semver, "1." always older).
import { describe, expect, it } from "vitest";
import { isNewerVersion, versionAfterEdit } from "../../../src/sopscmd/sops-version.js";
import { isHushError } from "../../../src/errors.js";

describe("isNewerVersion", () => {
  it("orders by major, minor, patch as numbers", () => {
    expect(isNewerVersion("3.13.2", "3.9.0")).toBe(true);
    expect(isNewerVersion("3.13.2", "3.13.2")).toBe(false);
    expect(isNewerVersion("3.13.2", "3.13.10")).toBe(false);
    expect(isNewerVersion("3.13.2", "4.0.0")).toBe(false);
    expect(isNewerVersion("v3.13.2", "v3.7.3")).toBe(true);
  });

  it("a pre-release is older than its release; build metadata does not count", () => {
    expect(isNewerVersion("3.13.2", "3.13.2-rc.1")).toBe(true);
    expect(isNewerVersion("3.13.2-rc.2", "3.13.2-rc.10")).toBe(false);
    expect(isNewerVersion("3.13.2-rc.a", "3.13.2-rc.1")).toBe(true);
    expect(isNewerVersion("3.13.2", "3.13.2+build.5")).toBe(false);
  });

  it("a sops 1.x file is always older", () => {
    expect(isNewerVersion("3.13.2", "1.15")).toBe(true);
  });

  it("a version that is not semver cannot be compared (sops exit 202)", () => {
    let code: string | undefined;
    try {
      isNewerVersion("3.13.2", "3.13");
    } catch (e) {
      if (isHushError(e)) code = e.code;
    }
    expect(code).toBe("VERSION_COMPARE_FAILED");
  });
});

describe("versionAfterEdit", () => {
  it("takes the running version when it is newer, else keeps the file's", () => {
    expect(versionAfterEdit("3.7.3", "3.13.2")).toBe("3.13.2");
    expect(versionAfterEdit("3.13.2", "3.13.2")).toBe("3.13.2");
    expect(versionAfterEdit("3.14.0", "3.13.2")).toBe("3.14.0");
  });
});
