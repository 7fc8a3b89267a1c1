import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeStackConfig } from "../../../src/run/stack-config.js";
import { tempDir } from "../../helpers/tmp.js";

describe("writeStackConfig", () => {
  it("writes the components as JSON, 0600, in a private 0700 directory", () => {
    const file = writeStackConfig({ stack: "default", components: { tracker: { tracking_uri: "http://x" } } }, tempDir());
    expect(JSON.parse(readFileSync(file.path, "utf8"))).toEqual({ stack: "default", components: { tracker: { tracking_uri: "http://x" } } });
    expect(statSync(file.path).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(file.path)).mode & 0o777).toBe(0o700);
    file.remove();
  });

  it("removes the file and its directory, and removing twice is harmless", () => {
    const file = writeStackConfig({ stack: "s", components: {} }, tempDir());
    file.remove();
    file.remove();
    expect(existsSync(file.path)).toBe(false);
    expect(existsSync(dirname(file.path))).toBe(false);
  });

  it("removes the directory also when the child left files beside the config", () => {
    const file = writeStackConfig({ stack: "s", components: {} }, tempDir());
    writeFileSync(join(dirname(file.path), "left-by-child.txt"), "x");
    file.remove();
    expect(existsSync(dirname(file.path))).toBe(false);
  });

  it("does not keep an exit handler after removal", () => {
    const before = process.listenerCount("exit");
    const file = writeStackConfig({ stack: "s", components: {} }, tempDir());
    expect(process.listenerCount("exit")).toBe(before + 1);
    file.remove();
    expect(process.listenerCount("exit")).toBe(before);
  });
});
