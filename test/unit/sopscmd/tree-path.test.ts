// The --extract / set / unset path syntax: sops's ["key"]['key'][index].
import { describe, expect, it } from "vitest";
import { formatTreePath, parseTreePath } from "../../../src/sopscmd/tree-path.js";
import { isHushError } from "../../../src/errors.js";

describe("parseTreePath", () => {
  it("reads double- and single-quoted keys and indexes", () => {
    expect(parseTreePath(`["a"]['b'][0][12]`)).toEqual(["a", "b", 0, 12]);
    expect(parseTreePath("")).toEqual([]);
  });

  it("keys may hold brackets, quotes of the other kind and spaces", () => {
    expect(parseTreePath(`["a]b"]['x"y'][" sp ace "]["[k]"]`)).toEqual(["a]b", `x"y`, " sp ace ", "[k]"]);
    expect(parseTreePath(`[""]`)).toEqual([""]);
  });

  for (const bad of [`["a"`, `[a]`, `["a"]x`, `a`, `[-1]`, `[1.5]`, `[]`, `["a']`, `["a"]]`]) {
    it(`refuses ${bad}`, () => {
      let error: unknown;
      try {
        parseTreePath(bad);
      } catch (e) {
        error = e;
      }
      expect(isHushError(error, "EXTRACT_PATH_INVALID")).toBe(true);
    });
  }

  it("uses the code it is given (set/unset: SET_PATH_INVALID)", () => {
    expect(() => parseTreePath("[x]", "SET_PATH_INVALID")).toThrowError(expect.objectContaining({ code: "SET_PATH_INVALID" }) as Error);
  });

  it("formats back to the same syntax", () => {
    const path = ["a", 0, 'q"uote'];
    expect(parseTreePath(formatTreePath(path))).toEqual(path);
  });
});
