// An alias to no anchor is not a YAML syntax error to the yaml library: it
// throws only when the data is read. Every reader of hand-written YAML must
// turn it into a placed problem, not an internal error.
import { describe, expect, it } from "vitest";
import { parseHushConfig } from "../../../src/config/hush-config.js";
import { parseSopsConfig } from "../../../src/config/sops-yaml.js";
import { isHushError } from "../../../src/errors.js";
import { parseStackFile } from "../../../src/refs/stack-file.js";

const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
};

describe("an alias to no anchor", () => {
  it("is a problem at the alias in a stack's env", () => {
    expect(parseStackFile("s", "s.yaml", "env:\n  A: *nope\n").problems).toEqual([
      { file: "s.yaml", line: 2, col: 6, message: expect.stringMatching(/^not valid YAML: Unresolved alias.*nope/), code: "PARSE_ERROR" },
    ]);
  });

  it("is a problem at the alias in a stack's components", () => {
    expect(parseStackFile("s", "s.yaml", "components:\n  t: *gone\n").problems).toEqual([
      { file: "s.yaml", line: 2, col: 6, message: expect.stringMatching(/^not valid YAML: Unresolved alias.*gone/), code: "PARSE_ERROR" },
    ]);
  });

  it("is a CONFIG_INVALID problem in .hush.yaml", () => {
    const error = thrown(() => parseHushConfig("version: 1\nusers: *x\n", "/r/.hush.yaml"));
    expect(isHushError(error, "CONFIG_INVALID")).toBe(true);
    expect((error as { problems: unknown }).problems).toEqual([expect.objectContaining({ line: 2, col: 8, message: expect.stringMatching(/Unresolved alias/) })]);
  });

  it("is a CONFIG_INVALID error with its line in .sops.yaml", () => {
    const error = thrown(() => parseSopsConfig("creation_rules:\n  - age: *k\n", "/r/.sops.yaml"));
    expect(isHushError(error, "CONFIG_INVALID")).toBe(true);
    expect(error).toMatchObject({ line: 2, message: expect.stringMatching(/Unresolved alias/) });
  });
});
