import { describe, expect, it } from "vitest";
import { resolveLevel } from "../../../src/refs/levels.js";
import { didYouMean } from "../../../src/refs/did-you-mean.js";
import { editDistance } from "../../../src/sys/edit-distance.js";
import { isHushError } from "../../../src/errors.js";

describe("resolveLevel", () => {
  it("defaults to SECRET_AND_KEY_EXISTS", () => {
    expect(resolveLevel(undefined, {})).toBe("SECRET_AND_KEY_EXISTS");
  });
  it("takes the option over the environment, case-insensitively", () => {
    expect(resolveLevel("decryptable", { HUSH_SECRET_VALIDATION_LEVEL: "NONE" })).toBe("DECRYPTABLE");
    expect(resolveLevel(undefined, { HUSH_SECRET_VALIDATION_LEVEL: "secret-exists" })).toBe("SECRET_EXISTS");
  });
  it("refuses an unknown level, listing the valid ones", () => {
    let caught: unknown;
    try {
      resolveLevel(undefined, { HUSH_SECRET_VALIDATION_LEVEL: "ALL" });
    } catch (e) {
      caught = e;
    }
    expect(isHushError(caught, "VALIDATION_LEVEL_INVALID")).toBe(true);
    const e = caught as Error & { hint: string };
    expect(e.message).toContain("HUSH_SECRET_VALIDATION_LEVEL");
    expect(e.hint).toBe("use one of NONE, SECRET_EXISTS, SECRET_AND_KEY_EXISTS, DECRYPTABLE");
  });
});

describe("didYouMean", () => {
  it("counts a transposition as one edit", () => {
    expect(editDistance("pasword", "password")).toBe(1);
    expect(editDistance("passowrd", "password")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
  });
  it("suggests the near miss and nothing for a far one", () => {
    expect(didYouMean("pasword", ["username", "password"])).toBe("password");
    expect(didYouMean("mlfow", ["mlflow", "db"])).toBe("mlflow");
    expect(didYouMean("token", ["username", "password"])).toBeUndefined();
    expect(didYouMean("DB", ["db"])).toBe("db");
  });
});
