// printable() is the one gate between names from files and the terminal.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasControlCharacters, printable, printableLine, printableLines, terminalSafeJson } from "../../../src/cli/printable.js";

const runs = Number(process.env.HUSH_PROPERTY_RUNS ?? 500);
const RAW = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe("printable", () => {
  it("escapes OSC, CSI (7- and 8-bit), DEL, separators and bidi overrides; leaves other text alone", () => {
    expect(printable("t\u001b]0;pwned\u0007")).toBe("t\\x1b]0;pwned\\x07");
    expect(printable("\u009b31m\u007f")).toBe("\\x9b31m\\x7f");
    expect(printable("a\u202eb\u2028c")).toBe("a\\u202eb\\u2028c");
    expect(printable("naïve — ok: 日本 \\x1b")).toBe("naïve — ok: 日本 \\x1b");
    expect(printable("a\tb\nc")).toBe("a\\x09b\\x0ac");
  });

  it("keeps a human view's tabs and newlines as layout, nothing else", () => {
    expect(printableLine("a\tb\u001b")).toBe("a\tb\\x1b");
    expect(printableLines("k:\n  \u001b[2J\tx\n")).toBe("k:\n  \\x1b[2J\tx\n");
  });

  it("never lets a control character through, for any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(printable(s)).not.toMatch(RAW);
        expect(hasControlCharacters(s)).toBe(RAW.test(s));
      }),
      { numRuns: runs },
    );
  });

  it("terminalSafeJson keeps the JSON value and leaves nothing raw", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: "binary" }), (value, key) => {
        const data = { [key]: value, key };
        const json = terminalSafeJson(JSON.stringify(data, null, 2));
        expect(json.replace(/\n/g, "")).not.toMatch(RAW);
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(data)));
      }),
      { numRuns: runs },
    );
  });
});
