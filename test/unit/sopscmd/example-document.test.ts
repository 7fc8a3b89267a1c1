// The example a new file starts from, laid out per the store (sops's
// EmitExample writes through the store with its stores indent).
import { describe, expect, it } from "vitest";
import { exampleDocument } from "../../../src/sopscmd/example-document.js";

const text = async (...args: Parameters<typeof exampleDocument>) => Buffer.from(await exampleDocument(...args)).toString("utf8");

describe("exampleDocument", () => {
  it("re-emitting at the default indent gives sops's example byte for byte", async () => {
    expect(await text("yaml", { indent: 4 })).toBe(await text("yaml"));
    expect(await text("json", { indent: 1 })).not.toBe(await text("json"));
    expect((await text("json")).startsWith('{\n\t"hello": "Welcome to SOPS!')).toBe(true);
  });

  it("YAML and JSON take the indent; the other formats have no layout", async () => {
    expect(await text("yaml", { indent: 2 })).toContain("\nexample_array:\n  - example_value1\n");
    expect(await text("json", { indent: 2 })).toContain('\n  "example_array": [\n    "example_value1",\n');
    expect(await text("dotenv", { indent: 2 })).toBe(await text("dotenv"));
    expect(await text("binary", { indent: 2 })).toBe("Welcome to SOPS! Edit this file as you please!\n");
  });
});
