import { describe, expect, it } from "vitest";
import { formatGoFloat } from "../../../src/sops/go-float.js";
import { leafFromBytes, leafToBytes } from "../../../src/sops/leaf.js";
import { Comment, Timestamp } from "../../../src/sops/tree.js";
import { isHushError } from "../../../src/errors.js";

const text = (v: Parameters<typeof leafToBytes>[0]) => {
  const { type, bytes } = leafToBytes(v);
  return `${type}:${Buffer.from(bytes).toString()}`;
};

describe("Go 'f' -1 float formatting (spec §1.2)", () => {
  it.each([
    [0.5, "0.5"],
    [1234.56789, "1234.56789"],
    [1, "1"],
    [1e6, "1000000"],
    [1e-7, "0.0000001"],
    [1.5e-7, "0.00000015"],
    [1e21, "1000000000000000000000"],
    [-2.5e22, "-25000000000000000000000"],
    [-0, "-0"],
    [Infinity, "+Inf"],
    [-Infinity, "-Inf"],
    [NaN, "NaN"],
  ])("%s -> %s", (value, expected) => {
    expect(formatGoFloat(value)).toBe(expected);
  });
});

describe("leaf stringification", () => {
  it("gives each type its sops name and bytes", () => {
    expect(text("héllo")).toBe("str:héllo");
    expect(text(5432n)).toBe("int:5432");
    expect(text(-9223372036854775808n)).toBe("int:-9223372036854775808");
    expect(text(0.5)).toBe("float:0.5");
    expect(text(true)).toBe("bool:True");
    expect(text(false)).toBe("bool:False");
    expect(text(new Timestamp("2024-01-15T10:00:00Z"))).toBe("time:2024-01-15T10:00:00Z");
    expect(text(new Comment(" hi"))).toBe("comment: hi");
    expect(leafToBytes(new Uint8Array([0xff, 0])).bytes).toEqual(new Uint8Array([0xff, 0]));
  });

  it("restores each type", () => {
    const b = (s: string) => Buffer.from(s);
    expect(leafFromBytes("int", b("5432"), "x")).toBe(5432n);
    expect(leafFromBytes("float", b("1000000"), "x")).toBe(1e6);
    expect(leafFromBytes("bool", b("True"), "x")).toBe(true);
    expect(leafFromBytes("bool", b("f"), "x")).toBe(false);
    expect(leafFromBytes("comment", b(" c"), "x")).toEqual(new Comment(" c"));
    expect(leafFromBytes("time", b("2024-01-15T00:00:00Z"), "x")).toEqual(new Timestamp("2024-01-15T00:00:00Z"));
    expect(leafFromBytes("str", new Uint8Array([0xff]), "x")).toEqual(new Uint8Array([0xff]));
    expect(leafFromBytes("bytes", b("ab"), "x")).toEqual(new Uint8Array(b("ab")));
  });

  it("refuses text that is not of its type, naming the path only", () => {
    let error: unknown;
    try {
      leafFromBytes("int", Buffer.from("s3cr3t"), "db.port");
    } catch (e) {
      error = e;
    }
    expect(isHushError(error, "VALUE_FORMAT_INVALID")).toBe(true);
    expect((error as Error).message).toContain("db.port");
    expect((error as Error).message).not.toContain("s3cr3t");
  });
});
