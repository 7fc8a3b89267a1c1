import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readPlainYaml } from "../../../src/formats/yaml/subset-reader.js";
import { readStackForRun, readStackWithLibrary } from "../../../src/run/stack-load.js";
import { configYaml, structuredConfigYaml } from "../../helpers/config-yaml.js";

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

describe("readStackForRun's fast path", () => {
  it("gives the library's result on every stack-shaped file", () => {
    for (const text of [configYaml, structuredConfigYaml]) {
      fc.assert(
        fc.property(text, (src) => {
          expect(readStackForRun("s.yaml", src)).toEqual(readStackWithLibrary("s.yaml", src));
        }),
        { numRuns: Number(process.env.HUSH_PROPERTY_RUNS ?? 300) * 3 },
      );
    }
  });

  it("reads the example stack without the library, with the library's places", () => {
    const text = readFileSync(join(import.meta.dirname, "../../../.secrets.example/stacks/default.yaml"), "utf8");
    expect(readPlainYaml(text)).toBeDefined();
    const fast = readStackForRun("stacks/default.yaml", text);
    expect(fast.uses.length).toBeGreaterThan(3);
    expect(fast).toEqual(readStackWithLibrary("stacks/default.yaml", text));
  });
});
