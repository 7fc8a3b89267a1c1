import { describe, expect, it } from "vitest";
import { jsonFormat, goJsonQuote } from "../../../src/formats/json.js";
import { Branch } from "../../../src/sops/tree.js";
import { isHushError } from "../../../src/errors.js";

const parse = (s: string) => jsonFormat.parse(Buffer.from(s));
const emit = (doc: Branch, meta?: Parameters<typeof jsonFormat.emit>[1], indent?: number) =>
  Buffer.from(jsonFormat.emit([doc], meta, indent === undefined ? {} : { indent })).toString();

describe("JSON format (spec §1.4, §10.2)", () => {
  it("keeps key order, duplicates, ints apart from floats and int64 precision", () => {
    const { document } = parse('{"b": 1, "a": 1.0, "b": 2, "big": 9223372036854775807, "huge": 9223372036854775808, "e": 1e3, "z": -0}');
    const branch = document[0]!;
    expect(branch.keys()).toEqual(["b", "a", "b", "big", "huge", "e", "z"]);
    // biome-ignore lint/correctness/noPrecisionLoss: the float sops reads 2^63 as
    expect(branch.items.map((i) => ("value" in i ? i.value : null))).toEqual([1n, 1, 2n, 9223372036854775807n, 9223372036854775808, 1000, 0n]);
  });

  it("takes the sops block out as wire data", () => {
    const { document, metadata } = parse('{"a": "x", "sops": {"shamir_threshold": 2, "age": [{"recipient": "r"}], "mac_only_encrypted": true}}');
    expect(document[0]!.keys()).toEqual(["a"]);
    expect(metadata).toEqual({ shamir_threshold: 2, age: [{ recipient: "r" }], mac_only_encrypted: true });
  });

  it("writes Go's layout: TAB indent, compact empties, final newline, sops last", () => {
    const doc = new Branch([
      { key: "a", value: "x" },
      { key: "l", value: [1n, 0.5, true, null] },
      { key: "e", value: new Branch() },
      { key: "f", value: [] },
    ]);
    expect(emit(doc, { version: "3.13.2" })).toBe(
      '{\n\t"a": "x",\n\t"l": [\n\t\t1,\n\t\t0.5,\n\t\ttrue,\n\t\tnull\n\t],\n\t"e": {},\n\t"f": [],\n\t"sops": {\n\t\t"version": "3.13.2"\n\t}\n}\n',
    );
    expect(emit(new Branch([{ key: "a", value: [1n] }]), undefined, 2)).toBe('{\n  "a": [\n    1\n  ]\n}\n');
    expect(emit(new Branch([{ key: "a", value: 1n }]), undefined, 0)).toBe('{\n"a": 1\n}\n');
  });

  it("escapes like Go's encoding/json", () => {
    expect(goJsonQuote("<a href='x'>&</a>")).toBe("\"\\u003ca href='x'\\u003e\\u0026\\u003c/a\\u003e\"");
    expect(goJsonQuote('\u2028\u2029\u0001\n\t"\\')).toBe('"\\u2028\\u2029\\u0001\\n\\t\\"\\\\"');
    expect(goJsonQuote("\ud800x")).toBe('"\ufffdx"');
  });

  it("prints floats as Go does", () => {
    const doc = new Branch([{ key: "a", value: [1e21, 1e-7, 1.5, 1, -0] }]);
    expect(emit(doc, undefined, 0)).toBe('{\n"a": [\n1e+21,\n1e-7,\n1.5,\n1,\n-0\n]\n}\n');
  });

  it("round-trips the real fixture bytes", async () => {
    const { readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { requireSopsReal } = await import("../../helpers/fixtures.js");
    for (const name of ["format.enc.json", "example.json"]) {
      const bytes = readFileSync(join(requireSopsReal(), name));
      const { document, metadata } = jsonFormat.parse(bytes);
      const out = Buffer.from(jsonFormat.emit(document, metadata)).toString();
      if (name === "format.enc.json") expect(out).toBe(bytes.toString());
      else expect(JSON.parse(out)).toEqual(JSON.parse(bytes.toString()));
    }
  });

  it.each(["[1]", '{"a": }', '{"a": 1', '{"a": "\\x"}', '{"a": 1} x'])("refuses %s with a position", (text) => {
    let error: unknown;
    try {
      parse(text);
    } catch (e) {
      error = e;
    }
    expect(isHushError(error, "PARSE_ERROR")).toBe(true);
    expect((error as { line?: number }).line).toBe(1);
  });
});
