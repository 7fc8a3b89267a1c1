import { describe, expect, it } from "vitest";
import { yamlFormat } from "../../../../src/formats/yaml.js";
import { Branch } from "../../../../src/sops/tree.js";
import { HushError } from "../../../../src/errors.js";

const enc = new TextEncoder();
const parse = (text: string) => yamlFormat.parse(enc.encode(text), "f.yaml");

function failure(text: string): HushError {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof HushError) return e;
    throw e;
  }
  throw new Error("expected a HushError");
}

describe("multi-document streams", () => {
  it("give one branch per document, metadata from the first, sops keys removed from all", () => {
    const { document, metadata } = parse("a: 1\nsops:\n    version: 3.13.2\n---\nb: 2\nsops:\n    version: 0.0.1\n---\n");
    expect(document).toHaveLength(3);
    expect(document.map((b) => b.keys())).toEqual([["a"], ["b"], []]);
    expect(metadata).toEqual({ version: "3.13.2" });
  });

  it("an empty stream has no documents; a file without sops block has no metadata", () => {
    expect(parse("").document).toEqual([]);
    expect(parse("a: 1\n").metadata).toBeUndefined();
  });

  it("an empty or null document is an empty branch", () => {
    expect(parse("---\n~\n").document).toEqual([new Branch()]);
  });
});

describe("errors", () => {
  it("malformed YAML is PARSE_ERROR with file, line and column, without the text", () => {
    const e = failure("a: 1\nb: [unclosed secretvalue\nc: 3\n");
    expect(e.code).toBe("PARSE_ERROR");
    expect(e.file).toBe("f.yaml");
    expect(e.line).toBeGreaterThanOrEqual(2);
    expect(e.col).toBeGreaterThanOrEqual(1);
    expect(e.message).not.toContain("secretvalue");
  });

  it("a bad indentation points at its line", () => {
    const e = failure("a:\n    b: 1\n  c: 2\n");
    expect(e).toMatchObject({ code: "PARSE_ERROR", line: 3 });
  });

  it("duplicate keys in the first document are PARSE_ERROR naming the key and both lines", () => {
    const e = failure("a: 1\nb:\n    x: 1\n    x: 2\n");
    expect(e).toMatchObject({ code: "PARSE_ERROR", line: 4, col: 5 });
    expect(e.message).toContain('"x" already defined at line 3');
  });

  it("duplicate keys in later documents are kept, as sops keeps them", () => {
    expect(parse("a: 1\n---\nb: 1\nb: 2\n").document[1]?.items).toHaveLength(2);
  });

  it.each(["1: x\n", "true: x\n", "null: x\n", "~: x\n", "2024-01-01: x\n", "a:\n    1.5: x\n"])("non-string key %j is UNSUPPORTED_VALUE", (text) => {
    expect(failure(text).code).toBe("UNSUPPORTED_VALUE");
  });

  it("quoted keys that look like other types are strings", () => {
    expect(parse("\"1\": x\n'true': y\n").document[0]?.keys()).toEqual(["1", "true"]);
  });

  it.each(["- a\n- b\n", "just a scalar\n", "a: 1\n---\n- x\n"])("a document that is not a mapping is PARSE_ERROR: %j", (text) => {
    expect(failure(text).code).toBe("PARSE_ERROR");
  });
});

describe("aliases", () => {
  it("an alias bomb is refused instead of expanded", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++)
      levels.push(
        `l${i}: &l${i} [${Array(10)
          .fill(i === 1 ? "*a" : `*l${i - 1}`)
          .join(", ")}]`,
      );
    expect(failure(`${levels.join("\n")}\n`).code).toBe("UNSUPPORTED_VALUE");
  });
});
