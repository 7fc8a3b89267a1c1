import { describe, expect, it } from "vitest";
import { yamlFormat } from "../../../../src/formats/yaml.js";
import { type Branch, Timestamp } from "../../../../src/sops/tree.js";
import type { Value } from "../../../../src/sops/tree.js";
import { isHushError } from "../../../../src/errors.js";

const enc = new TextEncoder();

/** The value of `v` in the one-line document `v: <text>`. */
function scalarValue(text: string): Value | undefined {
  return (yamlFormat.parse(enc.encode(`v: ${text}\n`), "t.yaml").document[0] as Branch).get("v");
}

describe("go-yaml v3 scalar resolution", () => {
  it.each([
    ["true", true],
    ["True", true],
    ["TRUE", true],
    ["false", false],
    ["False", false],
    ["FALSE", false],
  ])("%s is a bool", (text, expected) => expect(scalarValue(text)).toBe(expected));

  it.each(["yes", "no", "on", "off", "y", "n", "Yes", "OFF", "tRue"])("%s stays a string (YAML 1.1 bools are not bools in v3)", (text) => {
    expect(scalarValue(text)).toBe(text);
  });

  it.each(["~", "null", "Null", "NULL", ""])("%j is null", (text) => expect(scalarValue(text)).toBeNull());

  it.each([
    ["0", 0n],
    ["42", 42n],
    ["-7", -7n],
    ["+5", 5n],
    ["0777", 511n],
    ["0o17", 15n],
    ["0x1F", 31n],
    ["0b101", 5n],
    ["1_000", 1000n],
    ["-0x10", -16n],
    ["9223372036854775807", 9223372036854775807n],
    ["-9223372036854775808", -9223372036854775808n],
  ])("%s is the int %s", (text, expected) => expect(scalarValue(text)).toBe(expected));

  it.each([
    ["1.5", 1.5],
    [".5", 0.5],
    ["1e3", 1000],
    ["-2.5e-3", -0.0025],
    ["1.", 1],
    ["+.5", 0.5],
    ["08", 8],
    ["1_000.5", 1000.5],
    [".inf", Infinity],
    ["-.inf", -Infinity],
    ["+.Inf", Infinity],
  ])("%s is the float %s", (text, expected) => expect(scalarValue(text)).toBe(expected));

  it(".nan is NaN", () => expect(scalarValue(".NaN")).toBeNaN());

  it.each(["0x", "1.2.3", "1e", "0xZZ", "-x", "+", "1:20", "12abc", ".", "1e400"])("%s stays a string", (text) => {
    expect(scalarValue(text)).toBe(text);
  });

  it.each([
    ["2024-01-15", "2024-01-15T00:00:00Z"],
    ["2024-1-5", "2024-01-05T00:00:00Z"],
    ["2024-01-15T10:00:00Z", "2024-01-15T10:00:00Z"],
    ["2024-01-15t10:00:00Z", "2024-01-15T10:00:00Z"],
    ["2001-12-14 21:59:43.10", "2001-12-14T21:59:43.1Z"],
    ["2024-01-15T10:00:00.123456789+02:00", "2024-01-15T10:00:00.123456789+02:00"],
    ["2024-01-15T10:00:00.500-00:00", "2024-01-15T10:00:00.5Z"],
  ])("unquoted %s is a timestamp printed as %s", (text, expected) => {
    expect(scalarValue(text)).toEqual(new Timestamp(expected));
  });

  it.each(["2024-02-30", "2024-13-01", "24-01-01", "2024-01-15T25:00:00Z", "2024-01-15T10:00:00", "2024-01-15 10:00:00Z"])("%s is not a timestamp", (text) =>
    expect(scalarValue(text)).toBe(text),
  );

  it.each(['"true"', "'0777'", '"2024-01-15"', "'~'", '""', "!!str 12"])("quoted or !!str %s is a string", (text) => {
    expect(typeof scalarValue(text)).toBe("string");
  });

  it("!!binary is decoded: UTF-8 to a string, other bytes to a Uint8Array", () => {
    expect(scalarValue("!!binary aGVsbG8=")).toBe("hello");
    expect(scalarValue("!!binary //79")).toEqual(new Uint8Array([0xff, 0xfe, 0xfd]));
  });

  it("an integer beyond int64 is UNSUPPORTED_VALUE with its position", () => {
    try {
      yamlFormat.parse(enc.encode("a: 1\nbig: 9223372036854775808\n"), "big.yaml");
      expect.unreachable();
    } catch (e) {
      expect(isHushError(e, "UNSUPPORTED_VALUE")).toBe(true);
      expect(e).toMatchObject({ file: "big.yaml", line: 2, col: 6 });
      expect(String((e as Error).message)).not.toContain("9223372036854775808");
    }
  });

  it("beyond uint64 go falls back to a float", () => expect(scalarValue("99999999999999999999999")).toBe(1e23));

  it("anchors and aliases are expanded; << stays an ordinary key", () => {
    const branch = yamlFormat.parse(enc.encode("base: &b\n    x: 1\ncopy:\n    <<: *b\n    y: 2\nref: *b\n"), "a.yaml").document[0] as Branch;
    const copy = branch.get("copy") as Branch;
    expect(copy.keys()).toEqual(["<<", "y"]);
    expect((copy.get("<<") as Branch).get("x")).toBe(1n);
    expect((branch.get("ref") as Branch).get("x")).toBe(1n);
  });
});
