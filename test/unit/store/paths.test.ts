import { describe, expect, it } from "vitest";
import { relativeSecretPath, secretPath, validateName } from "../../../src/store/paths.js";
import { isHushError } from "../../../src/errors.js";
import type { HushConfig } from "../../../src/config/hush-config.js";

const config = { root: "/repo", secretsDir: "secrets" } as HushConfig;

describe("names", () => {
  it.each(["db", "DB_1", "a-b", "0x", "mlflow-tracking_2"])("accepts %j", (name) => {
    expect(() => validateName("secret", name)).not.toThrow();
  });

  it.each(["", "../x", "a/b", "a\\b", ".", "..", ".hidden", "a.b", "-x", "_x", "a b", "é", "a\n", "x/../../etc"])("refuses %j with NAME_INVALID", (name) => {
    let error: unknown;
    try {
      validateName("secret", name);
    } catch (e) {
      error = e;
    }
    expect(isHushError(error, "NAME_INVALID")).toBe(true);
    expect((error as Error).message).toMatch(/^invalid secret name/);
  });
});

describe("secret paths", () => {
  it("places shared and user-scoped files", () => {
    expect(relativeSecretPath(config, "shared", "db")).toBe("secrets/shared/db.yaml");
    expect(relativeSecretPath(config, "user", "db", "alice")).toBe("secrets/users/alice/db.yaml");
    expect(secretPath(config, "user", "db", "alice")).toBe("/repo/secrets/users/alice/db.yaml");
  });

  it("refuses a bad user name as well as a bad secret name", () => {
    expect(() => relativeSecretPath(config, "user", "db", "../bob")).toThrow(/invalid user name/);
    expect(() => relativeSecretPath(config, "shared", "../db")).toThrow(/invalid secret name/);
  });
});
