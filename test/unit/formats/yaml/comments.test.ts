import { describe, expect, it } from "vitest";
import { yamlFormat } from "../../../../src/formats/yaml.js";
import { Branch, Comment } from "../../../../src/sops/tree.js";

const enc = new TextEncoder();
const parse = (text: string): Branch => yamlFormat.parse(enc.encode(text), "c.yaml").document[0] as Branch;
const emit = (branch: Branch): string => Buffer.from(yamlFormat.emit([branch], undefined)).toString("utf8");

describe("comments in mappings", () => {
  const text = [
    "# head of file",
    "a: 1",
    "# before b",
    "# second line",
    "b:",
    "    # first in b",
    "    c: 2 # line of c",
    "    d: 3",
    "    # foot of d",
    "# before e",
    "e: 4",
    "# foot of file",
    "",
  ].join("\n");

  it("become Comment items where sops puts them", () => {
    const branch = parse(text);
    expect(branch.items).toEqual([
      new Comment(" head of file"),
      { key: "a", value: 1n },
      new Comment(" before b"),
      new Comment(" second line"),
      { key: "b", value: expect.any(Branch) },
      new Comment(" before e"),
      { key: "e", value: 4n },
      new Comment(" foot of file"),
    ]);
    expect((branch.get("b") as Branch).items).toEqual([
      new Comment(" first in b"),
      new Comment(" line of c", true),
      { key: "c", value: 2n },
      { key: "d", value: 3n },
      new Comment(" foot of d"),
    ]);
  });

  it("are written back in place, the inline one after its value", () => {
    expect(emit(parse(text))).toBe(text);
  });

  it("a comment on a key whose value is a block is not inline", () => {
    const branch = parse("k: # about k\n    x: 1\n");
    expect(branch.items[0]).toEqual(new Comment(" about k"));
  });

  it("keep '#' inside quoted and block scalars as text", () => {
    const branch = parse("a: 'x # no'\nb: |\n    # not a comment\n");
    expect(branch.items).toEqual([
      { key: "a", value: "x # no" },
      { key: "b", value: "# not a comment\n" },
    ]);
  });

  it("an encrypted comment stays a comment item (#ENC[...])", () => {
    const branch = parse("#ENC[AES256_GCM,data:abc,type:comment]\na: ENC[AES256_GCM,data:x,type:str] #ENC[AES256_GCM,data:y,type:comment]\n");
    expect(branch.items).toEqual([
      new Comment("ENC[AES256_GCM,data:abc,type:comment]"),
      new Comment("ENC[AES256_GCM,data:y,type:comment]", true),
      { key: "a", value: "ENC[AES256_GCM,data:x,type:str]" },
    ]);
    expect(emit(branch)).toBe("#ENC[AES256_GCM,data:abc,type:comment]\na: ENC[AES256_GCM,data:x,type:str] #ENC[AES256_GCM,data:y,type:comment]\n");
  });
});

describe("comments in sequences", () => {
  const text = ["list:", "    # head of a", "    - a", "    - b # line of b", "    # foot of list", "next: 1", ""].join("\n");

  it("become Comment elements before, inline with, or after the elements", () => {
    expect(parse(text).get("list")).toEqual([new Comment(" head of a"), "a", new Comment(" line of b", true), "b", new Comment(" foot of list")]);
  });

  it("are written back in place", () => expect(emit(parse(text))).toBe(text));

  it("a line comment on a mapping that starts on the dash line goes into that mapping", () => {
    const list = parse("l:\n    - k: v # c\n      m: w\n").get("l") as Branch[];
    expect(list[0]?.items).toEqual([new Comment(" c", true), { key: "k", value: "v" }, { key: "m", value: "w" }]);
  });
});

describe("blank lines and markers", () => {
  it("are not kept (sops does not keep them)", () => {
    expect(emit(parse("---\na: 1\n\n\nb: 2\n"))).toBe("a: 1\nb: 2\n");
  });
});

describe("collections that hold only comments", () => {
  it("are written as {} / [] with their comments kept below, never dropped", () => {
    const branch = new Branch([
      { key: "m", value: new Branch([new Comment(" only in m")]) },
      { key: "l", value: [new Comment(" only in l")] },
    ]);
    const text = emit(branch);
    expect(text).toBe("m: {}\n    # only in m\nl: []\n    # only in l\n");
    const back = parse(text);
    expect(back.get("m")).toEqual(new Branch());
    expect(back.get("l")).toEqual([]);
    expect(back.items.filter((i) => i instanceof Comment)).toEqual([new Comment(" only in m"), new Comment(" only in l")]);
  });
});

describe("a scalar value's head comment", () => {
  it("goes before its key, as sops places it", () => {
    expect(parse("a: 1\nkey:\n    # about the value\n    value\nb: 2\n").items).toEqual([
      { key: "a", value: 1n },
      new Comment(" about the value"),
      { key: "key", value: "value" },
      { key: "b", value: 2n },
    ]);
  });
});
