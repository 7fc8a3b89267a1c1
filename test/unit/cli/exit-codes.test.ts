import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { exitStatusFor, exitStatusForSignal } from "../../../src/cli/exit-codes.js";

const SRC = join(import.meta.dirname, "../../../src");
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));

describe("hush's exit statuses (DESIGN \"Exit statuses\")", () => {
  it("hush's commands: 1 error, 2 usage, 3 a check or validation found problems", () => {
    expect(exitStatusFor("INTERNAL", "hush")).toBe(1);
    expect(exitStatusFor("SECRET_NOT_FOUND", "hush")).toBe(1);
    expect(exitStatusFor("USAGE", "hush")).toBe(2);
    expect(exitStatusFor("CHECK_FAILED", "hush")).toBe(3);
    expect(exitStatusFor("VALIDATION_FAILED", "hush")).toBe(3);
  });

  it("hush run: 125 when hush fails before the child, 126 not executable, 127 not found", () => {
    expect(exitStatusFor("INTERNAL", "run")).toBe(125);
    expect(exitStatusFor("USAGE", "run")).toBe(125);
    expect(exitStatusFor("NO_IDENTITY", "run")).toBe(125);
    expect(exitStatusFor("COMMAND_NOT_EXECUTABLE", "run")).toBe(126);
    expect(exitStatusFor("COMMAND_NOT_FOUND", "run")).toBe(127);
  });

  it("the sops-compatible commands: sops's own numbers", () => {
    expect(exitStatusFor("MAC_MISMATCH", "sops")).toBe(51);
    expect(exitStatusFor("NO_MATCHING_IDENTITY", "sops")).toBe(128);
    expect(exitStatusFor("FILE_UNCHANGED", "sops")).toBe(200);
    expect(exitStatusFor("INTERNAL", "sops")).toBe(1);
  });

  it("a command cut short by signal N: 128+N", () => {
    expect(exitStatusForSignal("SIGHUP")).toBe(129);
    expect(exitStatusForSignal("SIGINT")).toBe(130);
    expect(exitStatusForSignal("SIGTERM")).toBe(143);
  });

  it("is decided in src/cli/exit-codes.ts only: no library module imports it, none adds 128 to a signal itself", () => {
    const files = sources(SRC).map((f) => ({ file: relative(SRC, f), text: readFileSync(f, "utf8") }));
    expect(files.length).toBeGreaterThan(100);
    const importers = files.filter((f) => !f.file.startsWith("cli/") && /["'](?:\.\.?\/)+(?:cli\/)?exit-codes\.js["']/.test(f.text)).map((f) => f.file);
    expect(importers).toEqual([]);
    const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    const signalArithmetic = files.filter((f) => f.file !== "sys/exit-status.ts" && /\b128\s*\+|constants\.signals\b/.test(code(f.text))).map((f) => f.file);
    expect(signalArithmetic).toEqual([]);
  });
});
