import { describe, expect, it } from "vitest";
import { isHushError } from "../../../src/errors.js";
import { buildChildEnv, exportName, secretExports } from "../../../src/run/env.js";

describe("exportName", () => {
  it("is NAME_KEY in upper snake case", () => {
    expect(exportName("db", "password")).toBe("DB_PASSWORD");
    expect(exportName("api-token", "readOnly")).toBe("API_TOKEN_READ_ONLY");
    expect(exportName("mlflow", "tracking.uri")).toBe("MLFLOW_TRACKING_URI");
    expect(exportName("s3", "AWS_KEY")).toBe("S3_AWS_KEY");
  });
});

describe("secretExports", () => {
  it("exports every key of every secret", () => {
    const e = secretExports([{ name: "db", scope: "shared", values: { user: "u1", password: "p1" } }]);
    expect(e.map((x) => [x.variable, x.value])).toEqual([
      ["DB_USER", "u1"],
      ["DB_PASSWORD", "p1"],
    ]);
  });
});

describe("buildChildEnv", () => {
  const parent = { PATH: "/bin", HOME: "/home/x", TOKEN: "parent-value-1" };

  it("adds the exports to the parent environment", () => {
    const { env, warnings } = buildChildEnv(parent, [{ variable: "DB_URL", value: "postgres://", source: "s" }]);
    expect(env).toEqual({ ...parent, DB_URL: "postgres://" });
    expect(warnings).toEqual([]);
  });

  it("rejects two exports of one variable, naming both sources and no value", () => {
    let error: unknown;
    try {
      buildChildEnv(parent, [
        { variable: "DB_X_Y", value: "secret-one", source: "--with-secrets db-x (key y)" },
        { variable: "DB_X_Y", value: "secret-two", source: "--with-secrets db (key x_y)" },
      ]);
    } catch (e) {
      error = e;
    }
    expect(isHushError(error, "ENV_CLASH")).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain("--with-secrets db-x (key y)");
    expect(message).toContain("--with-secrets db (key x_y)");
    expect(message).not.toContain("secret-one");
    expect(message).not.toContain("secret-two");
  });

  it("accepts one variable exported twice with the same value", () => {
    const { env } = buildChildEnv(parent, [
      { variable: "MLFLOW_TOKEN", value: "same-1234", source: "stacks/default.yaml env MLFLOW_TOKEN" },
      { variable: "MLFLOW_TOKEN", value: "same-1234", source: "--with-secrets mlflow (key token)" },
    ]);
    expect(env.MLFLOW_TOKEN).toBe("same-1234");
  });

  it("lets a secret replace a parent variable, with a warning naming the variable only", () => {
    const { env, warnings } = buildChildEnv(parent, [{ variable: "TOKEN", value: "from-secret-9", source: ".env.hush:2" }]);
    expect(env.TOKEN).toBe("from-secret-9");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("TOKEN");
    expect(warnings[0]).not.toContain("parent-value-1");
    expect(warnings[0]).not.toContain("from-secret-9");
  });

  it("keeps the parent's value with keepEnv", () => {
    const { env, warnings } = buildChildEnv(parent, [{ variable: "TOKEN", value: "from-secret-9", source: "s" }], { keepEnv: true });
    expect(env.TOKEN).toBe("parent-value-1");
    expect(warnings[0]).toContain("--keep-env");
  });
});

describe("buildChildEnv and NUL bytes", () => {
  it("refuses a value with a NUL byte, naming the variable, not the value", () => {
    let error: unknown;
    try {
      buildChildEnv({}, [{ variable: "BIN", value: "abc\0secret-tail", source: "--with-secrets blob (key bin)" }]);
    } catch (e) {
      error = e;
    }
    expect(isHushError(error, "UNSUPPORTED_VALUE")).toBe(true);
    expect((error as Error).message).toContain("BIN");
    expect((error as Error).message).not.toContain("secret-tail");
  });
});
