import { readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { writeStackConfig } from "../../../src/run/stack-config.js";
import { tempDir } from "../../helpers/tmp.js";

describe("writeStackConfig", () => {
  it("writes the components as JSON, 0600, into the given dir", () => {
    const path = writeStackConfig({ stack: "default", components: { tracker: { tracking_uri: "http://x" } } }, tempDir());
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ stack: "default", components: { tracker: { tracking_uri: "http://x" } } });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("refuses to reuse a file already there", () => {
    const dir = tempDir();
    writeStackConfig({ stack: "s", components: {} }, dir);
    expect(() => writeStackConfig({ stack: "s", components: {} }, dir)).toThrow(/EEXIST/);
  });
});
