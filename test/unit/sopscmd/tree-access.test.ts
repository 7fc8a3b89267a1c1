// set/unset/extract on plaintext trees.
import { describe, expect, it } from "vitest";
import { Branch, Comment } from "../../../src/sops/tree.js";
import { sameValue, setValueAt, unsetValueAt, valueAt } from "../../../src/sopscmd/tree-access.js";

function tree(): Branch {
  return new Branch([new Comment(" top"), { key: "db", value: new Branch([{ key: "user", value: "u" }, { key: "port", value: 5432n }]) }, { key: "list", value: ["a", "b"] }]);
}

describe("tree access", () => {
  it("reads values at paths, undefined when missing", () => {
    const t = tree();
    expect(valueAt(t, ["db", "port"])).toBe(5432n);
    expect(valueAt(t, ["list", 1])).toBe("b");
    expect(valueAt(t, ["db", "nope"])).toBeUndefined();
    expect(valueAt(t, ["list", 5])).toBeUndefined();
    expect(valueAt(t, ["db", 0])).toBeUndefined();
  });

  it("sets, creating maps and appending past the end of a list", () => {
    const t = tree();
    setValueAt(t, ["db", "user"], "v");
    setValueAt(t, ["new", "deep"], 1n);
    setValueAt(t, ["list", 9], "c");
    setValueAt(t, ["list", 0], "A");
    expect(valueAt(t, ["db", "user"])).toBe("v");
    expect(valueAt(t, ["new", "deep"])).toBe(1n);
    expect(valueAt(t, ["list"])).toEqual(["A", "b", "c"]);
    expect(t.items[0]).toBeInstanceOf(Comment);
  });

  it("unsets keys and list elements; false when missing", () => {
    const t = tree();
    expect(unsetValueAt(t, ["db", "user"])).toBe(true);
    expect(unsetValueAt(t, ["db", "user"])).toBe(false);
    expect(unsetValueAt(t, ["list", 0])).toBe(true);
    expect(valueAt(t, ["list"])).toEqual(["b"]);
    expect(unsetValueAt(t, ["list", 3])).toBe(false);
  });

  it("compares with types: 1 (int) is not 1.0 (float) nor \"1\"", () => {
    expect(sameValue(1n, 1n)).toBe(true);
    expect(sameValue(1n, 1)).toBe(false);
    expect(sameValue("1", 1n)).toBe(false);
    expect(sameValue(tree(), tree())).toBe(true);
    const other = tree();
    setValueAt(other, ["db", "port"], 5433n);
    expect(sameValue(tree(), other)).toBe(false);
  });
});
