import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { yamlFormat } from "../../../../src/formats/yaml.js";
import { Branch } from "../../../../src/sops/tree.js";
import { isHushError } from "../../../../src/errors.js";
import { requireSopsReal } from "../../../helpers/fixtures.js";

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString("utf8");

describe("files written in go-yaml v2's layout (sops before 3.7)", () => {
  const file = readFileSync(join(requireSopsReal(), "comments.enc.yaml"));

  it("keep that layout when written back, also after a value changes", () => {
    const { document, metadata } = yamlFormat.parse(file, "comments.enc.yaml");
    (document[0] as Branch).set("dolor", "ENC[AES256_GCM,data:changed,type:str]");
    const out = text(yamlFormat.emit(document, metadata));
    expect(out).toContain("dolor: ENC[AES256_GCM,data:changed,type:str]\n");
    expect(out).toContain("    age:\n    -   recipient: age1");
    expect(out).toContain("    lastmodified: '2020-10-07T15:49:13Z'\n");
  });

  it("a new document gets go-yaml v3's layout, as sops 3.13 writes", () => {
    const { document, metadata } = yamlFormat.parse(file, "comments.enc.yaml");
    const fresh = document.map((b) => new Branch([...b.items]));
    const out = text(yamlFormat.emit(fresh, metadata));
    expect(out).toContain("    age:\n        - recipient: age1");
    expect(out).toContain('    lastmodified: "2020-10-07T15:49:13Z"\n');
    expect(yamlFormat.parse(new TextEncoder().encode(out)).metadata).toEqual(metadata);
  });
});

describe("input details", () => {
  it("reads CRLF line endings and writes LF", () => {
    const { document } = yamlFormat.parse(new TextEncoder().encode("# c\r\na: 1\r\nb: |\r\n    x\r\n"), "crlf.yaml");
    expect(text(yamlFormat.emit(document, undefined))).toBe("# c\na: 1\nb: |\n    x\n");
  });

  it("bytes that are not UTF-8 are PARSE_ERROR", () => {
    expect(() => yamlFormat.parse(new Uint8Array([0x61, 0x3a, 0x20, 0xff, 0x0a]), "bad.yaml")).toThrow(
      expect.objectContaining({ code: "PARSE_ERROR", file: "bad.yaml" }),
    );
  });

  it("flow collections are read and written in block style", () => {
    const { document } = yamlFormat.parse(new TextEncoder().encode("a: {x: 1, z: [p, 'q']}\nb: []\n"));
    expect(text(yamlFormat.emit(document, undefined))).toBe("a:\n    x: 1\n    z:\n        - p\n        - q\nb: []\n");
  });

  it("a recursive alias is refused, not looped on", () => {
    let error: unknown;
    try {
      yamlFormat.parse(new TextEncoder().encode("a: &x\n    b: *x\n"), "loop.yaml");
    } catch (e) {
      error = e;
    }
    expect(isHushError(error)).toBe(true);
  });
});
