import { describe, expect, it } from "vitest";
import { binaryFormat } from "../../../src/formats/binary.js";
import { Branch } from "../../../src/sops/tree.js";

describe("binary format (spec §1.7)", () => {
  it("holds the whole input under data, bytes when not UTF-8", () => {
    expect(binaryFormat.parse(Buffer.from("hello\n")).document[0]!.get("data")).toBe("hello\n");
    expect(binaryFormat.parse(new Uint8Array([0xff, 0, 1])).document[0]!.get("data")).toEqual(new Uint8Array([0xff, 0, 1]));
    // JSON without a sops block is still just data
    expect(binaryFormat.parse(Buffer.from('{"a": 1}')).document[0]!.get("data")).toBe('{"a": 1}');
  });

  it("reads the encrypted JSON envelope and writes plaintext back raw", () => {
    const { document, metadata } = binaryFormat.parse(Buffer.from('{\n\t"data": "ENC[x]",\n\t"sops": {"version": "3.13.2"}\n}\n'));
    expect(metadata).toEqual({ version: "3.13.2" });
    expect(document[0]!.get("data")).toBe("ENC[x]");
    expect(Buffer.from(binaryFormat.emit([new Branch([{ key: "data", value: "raw" }])], undefined)).toString()).toBe("raw");
    expect(Buffer.from(binaryFormat.emit(document, { version: "3.13.2" })).toString()).toBe(
      '{\n\t"data": "ENC[x]",\n\t"sops": {\n\t\t"version": "3.13.2"\n\t}\n}\n',
    );
  });
});
