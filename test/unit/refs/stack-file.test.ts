import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readPlainYaml } from "../../../src/formats/yaml/subset-reader.js";
import { parseStackFile, parseStackFileWithLibrary } from "../../../src/refs/stack-file.js";
import { configYaml, structuredConfigYaml } from "../../helpers/config-yaml.js";

const STACK = `components:
  tracker:
    flavor: mlflow
    tracking_uri: https://mlflow.example.com
    auth:
      username: "{{mlflow.username}}"
      password: '{{mlflow.password}}'
    hosts: [ "{{a.b}}", x ]
env:
  DB_URL: postgres://{{db.user}}:{{db.password}}@host/db
  BAD: "{{db}} and {{.k}}"
`;

describe("parseStackFile", () => {
  it("places every reference at its line and column", () => {
    const s = parseStackFile("prod", "stacks/prod.yaml", STACK);
    expect(s.problems.filter((p) => p.code !== "REFERENCE_INVALID")).toEqual([]);
    const at = s.refs.map((r) => `${r.name}.${r.key}@${r.line}:${r.col} ${r.path.join(".")}`);
    expect(at).toEqual([
      "mlflow.username@6:18 components.tracker.auth.username",
      "mlflow.password@7:18 components.tracker.auth.password",
      "a.b@8:15 components.tracker.hosts.0",
      "db.user@10:22 env.DB_URL",
      "db.password@10:34 env.DB_URL",
    ]);
  });

  it("reports malformed references with their own columns", () => {
    const s = parseStackFile("prod", "stacks/prod.yaml", STACK);
    const bad = s.problems.filter((p) => p.code === "REFERENCE_INVALID").map((p) => `${p.line}:${p.col}`);
    expect(bad).toEqual(["11:9", "11:20"]);
  });

  it("reports schema problems with file:line:col, all at once", () => {
    const s = parseStackFile("x", "stacks/x.yaml", "components:\n  a: 3\nenv:\n  OK: fine\n  N: 5\n  bad-name: x\nextra: 1\n");
    const lines = s.problems.map((p) => `${p.line}:${p.col} ${p.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^2:6 components\.a must be a map/),
        expect.stringMatching(/^5:6 env\.N must be a string/),
        expect.stringMatching(/^7:1 unknown field "extra"/),
        expect.stringMatching(/^6:3 env: "bad-name" is not a valid environment variable name/),
      ]),
    );
    expect(s.problems).toHaveLength(4);
    expect(s.problems.every((p) => p.file === "stacks/x.yaml")).toBe(true);
  });

  it("reports YAML syntax errors with a position instead of throwing", () => {
    const s = parseStackFile("x", "stacks/x.yaml", "env:\n  A: [unclosed\n");
    expect(s.problems[0]).toMatchObject({ file: "stacks/x.yaml", code: "PARSE_ERROR" });
    expect(s.problems[0]!.line).toBeGreaterThan(0);
  });

  it("accepts an empty file", () => {
    expect(parseStackFile("x", "stacks/x.yaml", "").problems).toEqual([]);
  });
});

// hush run, stack validate and check read stacks with parseStackFile; its fast path must not change a result.
describe("parseStackFile's fast path (no yaml library)", () => {
  it("gives the library's result on every stack-shaped file", () => {
    for (const text of [configYaml, structuredConfigYaml]) {
      fc.assert(
        fc.property(text, (src) => {
          expect(parseStackFile("s", "s.yaml", src)).toEqual(parseStackFileWithLibrary("s", "s.yaml", src));
        }),
        { numRuns: Number(process.env.HUSH_PROPERTY_RUNS ?? 300) * 3 },
      );
    }
  });

  it("reads the example stack without the library, with the library's places", () => {
    const text = readFileSync(join(import.meta.dirname, "../../../.secrets.example/stacks/default.yaml"), "utf8");
    expect(readPlainYaml(text)).toBeDefined();
    const fast = parseStackFile("default", "stacks/default.yaml", text);
    expect(fast.refs.length).toBeGreaterThan(3);
    expect(fast).toEqual(parseStackFileWithLibrary("default", "stacks/default.yaml", text));
  });

  it("places references in quoted, repeated and flow-sequence values as the library does", () => {
    const text = [
      "components:",
      "  t:",
      '    a: "x {{s.k}} {{s.k}}"',
      "    b: 'y{{s.j}}'",
      "    c: [\"{{s.m}}\", 'x{{s.n}}']",
      "env:",
      "  A: pre{{s.k}}{{s.k}} # {{s.k}}",
    ].join("\n");
    expect(readPlainYaml(text)).toBeDefined();
    const fast = parseStackFile("p", "p.yaml", text);
    expect(fast.refs.map((r) => `${r.line}:${r.col}`)).toEqual(["3:11", "3:19", "4:10", "5:10", "5:22", "7:9", "7:16"]);
    expect(fast).toEqual(parseStackFileWithLibrary("p", "p.yaml", text));
  });
});
