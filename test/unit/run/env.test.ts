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

describe("buildChildEnv and startup variables", () => {
  const secret = (name: string, values: Record<string, string>) => secretExports([{ name, scope: "user", values }]);

  it("refuses a name made from a secret's key that sets a startup variable, naming source and variable, never the value", () => {
    for (const [name, key, variable] of [
      ["node", "options", "NODE_OPTIONS"],
      ["ld", "preload", "LD_PRELOAD"],
      ["ld-library", "path", "LD_LIBRARY_PATH"],
      ["dyld", "insertLibraries", "DYLD_INSERT_LIBRARIES"],
      ["bash", "env", "BASH_ENV"],
      ["git", "ssh_command", "GIT_SSH_COMMAND"],
      ["java_tool", "options", "JAVA_TOOL_OPTIONS"],
      ["sops-age", "key_cmd", "SOPS_AGE_KEY_CMD"],
      ["hush-stack", "config", "HUSH_STACK_CONFIG"],
      ["glibc", "tunables", "GLIBC_TUNABLES"],
    ] as const) {
      let caught: unknown;
      try {
        buildChildEnv({}, secret(name, { [key]: "evil-value-123" }));
      } catch (error) {
        caught = error;
      }
      expect(isHushError(caught, "ENV_NAME_REFUSED"), variable).toBe(true);
      const e = caught as Error & { hint?: string };
      expect(e.message).toContain(`--with-secrets ${name} (key ${key}) would set ${variable}`);
      expect(e.hint).toContain(`${variable}={{${name}.${key}}}`);
      expect(e.hint).toContain(`--allow-env ${variable}`);
      expect(`${e.message} ${e.hint}`).not.toContain("evil-value-123");
    }
  });

  it("lets ordinary names through, and a startup variable named in allowEnv", () => {
    expect(buildChildEnv({}, secret("db", { password: "p", pathPrefix: "q" })).env).toEqual({ DB_PASSWORD: "p", DB_PATH_PREFIX: "q" });
    expect(buildChildEnv({}, secret("node", { options: "--x" }), { allowEnv: ["NODE_OPTIONS"] }).env).toEqual({ NODE_OPTIONS: "--x" });
  });

  it("warns about an --allow-env name hush never refuses (a typo allows nothing)", () => {
    const { warnings } = buildChildEnv({}, secret("node", { options: "--x" }), { allowEnv: ["NODE_OPTIONS", "NODE_OPTION"] });
    expect(warnings).toEqual(["--allow-env NODE_OPTION: hush never refuses NODE_OPTION, so there is nothing to allow"]);
  });

  it("lets the user's own lines set them, and a key export of the variable the user also wrote", () => {
    const written = { variable: "NODE_OPTIONS", value: "--x", source: ".env:1" };
    expect(buildChildEnv({}, [written]).env).toEqual({ NODE_OPTIONS: "--x" });
    expect(buildChildEnv({}, [written, ...secret("node", { options: "--x" })]).env).toEqual({ NODE_OPTIONS: "--x" });
  });
});
