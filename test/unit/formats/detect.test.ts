import { describe, expect, it } from "vitest";
import { detectFormat } from "../../../src/formats/detect.js";
import { getFormat } from "../../../src/formats/index.js";

describe("format detection (spec §9)", () => {
  it.each([
    ["a.yaml", "yaml"],
    ["a.YML", "binary"], // sops compares suffixes as they are: strings.HasSuffix(path, ".yml")
    ["a.Json", "binary"],
    ["x/secrets.json", "json"],
    [".env", "dotenv"],
    ["prod.env", "dotenv"],
    ["a.ini", "ini"],
    ["a.txt", "binary"],
    ["a.env.bak", "binary"],
  ])("%s -> %s", (path, format) => {
    expect(detectFormat(path)).toBe(format);
  });
  it("--input-type wins; an unknown one falls back to the path", () => {
    expect(detectFormat("a.txt", "json")).toBe("json");
    expect(detectFormat("a.json", "toml")).toBe("json");
    expect(detectFormat(undefined)).toBe("binary");
  });
  it("loads every format lazily by name", async () => {
    for (const name of ["json", "dotenv", "ini", "binary", "yaml"] as const) expect((await getFormat(name)).name).toBe(name);
  });
});
