import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { iniFormat } from "../../../src/formats/ini.js";
import { Branch, Comment } from "../../../src/sops/tree.js";
import { requireSopsReal } from "../../helpers/fixtures.js";

const text = (b: Uint8Array) => Buffer.from(b).toString();

describe("INI format (spec §1.6, §10.4)", () => {
  it("makes one branch per section, DEFAULT first, comments placed as sops places them", () => {
    const { document } = iniFormat.parse(Buffer.from('k0 = v0\n; about s\n[s]\n# before a\na = 1 ; trailing\nb : "  spaced  "\n'));
    const root = document[0]!;
    expect(root.keys()).toEqual(["DEFAULT", "s"]);
    expect((root.get("DEFAULT") as Branch).get("k0")).toBe("v0");
    const s = root.get("s") as Branch;
    expect(s.items).toEqual([new Comment("about s"), { key: "a", value: "1" }, new Comment("before a"), { key: "b", value: "  spaced  " }]);
  });

  it("reads [sops] with \\n escapes and with 3.13.0/3.13.1 triple-quoted values", () => {
    const root = requireSopsReal();
    for (const name of ["format.enc.ini", "format-2.enc.ini"]) {
      const { metadata } = iniFormat.parse(readFileSync(join(root, name)));
      const enc = (metadata!.age as { enc: string }[])[0]!.enc;
      expect(enc.startsWith("-----BEGIN AGE ENCRYPTED FILE-----\n")).toBe(true);
      expect(enc.endsWith("-----END AGE ENCRYPTED FILE-----\n")).toBe(true);
    }
  });

  it("re-emits a 3.13.2 file byte for byte", () => {
    const bytes = readFileSync(join(requireSopsReal(), "format.enc.ini"));
    const { document, metadata } = iniFormat.parse(bytes);
    expect(text(iniFormat.emit(document, metadata))).toBe(bytes.toString());
  });

  it("aligns =, quotes values as go-ini does, omits an empty DEFAULT", () => {
    const doc = new Branch([
      { key: "DEFAULT", value: new Branch() },
      { key: "s", value: new Branch([new Comment("head"), { key: "a", value: "x;y" }, { key: "long", value: " pad" }, { key: "m", value: "l1\nl2" }]) },
    ]);
    expect(text(iniFormat.emit([doc], undefined))).toBe('; head\n[s]\na    = `x;y`\nlong = " pad"\nm    = """l1\nl2"""\n');
  });
});
