import { describe, expect, it } from "vitest";
import { dotenvFormat } from "../../../src/formats/dotenv.js";
import { Branch, Comment } from "../../../src/sops/tree.js";
import { isHushError } from "../../../src/errors.js";

describe("dotenv format (spec §1.5, §10.3)", () => {
  it("splits at the first =, keeps keys and values verbatim, decodes \\n, drops empty lines", () => {
    const { document, metadata } = dotenvFormat.parse(Buffer.from('#top\nfoo = bar\n\nA="q"\nB=x=y\nC=l1\\nl2\nexport D=1\r\n'));
    const b = document[0]!;
    expect(b.items[0]).toEqual(new Comment("top"));
    expect(b.keys()).toEqual(["foo ", "A", "B", "C", "export D"]);
    expect(b.get("foo ")).toBe(" bar");
    expect(b.get("A")).toBe('"q"');
    expect(b.get("B")).toBe("x=y");
    expect(b.get("C")).toBe("l1\nl2");
    expect(b.get("export D")).toBe("1\r");
    expect(metadata).toBeUndefined();
  });

  it("reads sops_ lines as flattened metadata", () => {
    const { document, metadata } = dotenvFormat.parse(Buffer.from("A=1\nsops_age__list_0__map_enc=x\\ny\nsops_version=3.13.2\n"));
    expect(document[0]!.keys()).toEqual(["A"]);
    expect(metadata).toEqual({ age: [{ enc: "x\ny" }], version: "3.13.2" });
  });

  it("writes KEY=VALUE, comments, escaped newlines, then sops_ lines", () => {
    const out = dotenvFormat.emit([new Branch([new Comment("c"), { key: "A", value: "l1\nl2" }, { key: "B", value: true }, { key: "N", value: 5n }])], {
      age: [{ enc: "e\n", recipient: "r" }],
      version: "3.13.2",
    });
    expect(Buffer.from(out).toString()).toBe(
      "#c\nA=l1\\nl2\nB=true\nN=5\nsops_age__list_0__map_enc=e\\n\nsops_age__list_0__map_recipient=r\nsops_version=3.13.2\n",
    );
  });

  it("refuses a line without = (with its line number) and nested values", () => {
    let error: unknown;
    try {
      dotenvFormat.parse(Buffer.from("A=1\nnoequals\n"));
    } catch (e) {
      error = e;
    }
    expect(isHushError(error, "PARSE_ERROR")).toBe(true);
    expect((error as { line: number }).line).toBe(2);
    expect(() => dotenvFormat.emit([new Branch([{ key: "A", value: new Branch() }])], undefined)).toThrow(/nested/);
  });
});
