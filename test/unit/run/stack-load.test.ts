import { describe, expect, it } from "vitest";
import { readStackForRun } from "../../../src/run/stack-load.js";

describe("readStackForRun", () => {
  it("returns env, components and every reference with its place", () => {
    const text = [
      "description: demo {{not.used}}",
      "components:",
      "  tracker:",
      "    flavor: mlflow",
      '    tracking_token: "{{mlflow.token}}"',
      "    nested: [{ deep: '{{db.user}}' }]",
      "env:",
      '  DATABASE_URL: "postgresql://{{db.user}}:{{db.password}}@host/x"',
      "  PLAIN: value",
    ].join("\n");
    const s = readStackForRun("stacks/default.yaml", text);
    expect(s.problems).toEqual([]);
    expect(s.env).toEqual({ DATABASE_URL: "postgresql://{{db.user}}:{{db.password}}@host/x", PLAIN: "value" });
    expect(Object.keys(s.components)).toEqual(["tracker"]);
    expect(s.uses.map((u) => [u.ref.name, u.ref.key, u.line])).toEqual([
      ["db", "user", 8],
      ["db", "password", 8],
      ["mlflow", "token", 5],
      ["db", "user", 6],
    ]);
  });

  it("collects YAML, shape and reference problems with line:col", () => {
    expect(readStackForRun("s.yaml", "env: [unclosed").problems[0]).toMatchObject({ file: "s.yaml", line: 1, code: "PARSE_ERROR" });
    const bad = readStackForRun("s.yaml", "env:\n  1BAD: x\n  GOOD: '{{db}}'\ncomponents:\n  t: just-a-string\n");
    expect(bad.problems.map((p) => [p.line, p.code])).toEqual([
      [2, "CONFIG_INVALID"],
      [5, "CONFIG_INVALID"],
      [3, "REFERENCE_INVALID"],
    ]);
    expect(readStackForRun("s.yaml", "env:\n  A: [1]\n").problems[0]?.message).toContain("env must be a map");
  });

  it("accepts an empty stack", () => {
    expect(readStackForRun("s.yaml", "")).toMatchObject({ env: {}, components: {}, uses: [], problems: [] });
  });
});
