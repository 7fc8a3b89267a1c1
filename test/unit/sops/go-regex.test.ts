import { describe, expect, it } from "vitest";
import { compileGoRegex } from "../../../src/sops/go-regex.js";
import { makeSelector } from "../../../src/sops/selection.js";
import { HushError } from "../../../src/errors.js";

const matches = (pattern: string, text: string) => compileGoRegex(pattern).test(text);

describe("Go regexes (RE2 semantics, as sops has them)", () => {
  it("is an unanchored search, as Go's MatchString", () => {
    expect(matches("pass", "db_password")).toBe(true);
    expect(matches("^pass$", "password")).toBe(false);
  });

  it("reads Go-only syntax as Go does: \\- escapes, (?i) anywhere, \\pL, POSIX classes, \\z, (?P<name>)", () => {
    expect(matches("secrets\\-user\\.yaml$", "a/secrets-user.yaml")).toBe(true);
    expect(matches("(?i)^password$", "PASSWORD")).toBe(true);
    expect(matches("^pass(?i)WORD$", "password")).toBe(true);
    expect(matches("^pass(?i)WORD$", "PASSword")).toBe(false);
    expect(matches("^\\pL+$", "Straße")).toBe(true);
    expect(matches("^\\pL+$", "a1")).toBe(false);
    expect(matches("^[[:alpha:]]+$", "abc")).toBe(true);
    expect(matches("a\\z", "a")).toBe(true);
    expect(matches("^(?P<k>data)$", "data")).toBe(true);
    // `.` does not match a newline unless (?s), as in Go.
    expect(matches("^a.b$", "a\nb")).toBe(false);
    expect(matches("(?s)^a.b$", "a\nb")).toBe(true);
  });

  it("runs in linear time: the classic ReDoS pattern answers on a long key", () => {
    expect(matches("^(a|a)+$", `${"a".repeat(5000)}b`)).toBe(false);
    expect(makeSelector({ kind: "encrypted_regex", value: "^(a|a)+$|password" })([`${"a".repeat(40)}b`], [])).toBe(false);
  });

  it.each([
    ["a backreference", "(a)\\1", /invalid escape sequence/],
    ["a lookahead", "a(?=b)", /invalid or unsupported Perl syntax/],
    ["a possessive quantifier", "a*+", /invalid nested repetition operator/],
  ])("refuses %s in one line naming the field and the file", (_name, pattern, reason) => {
    let error: unknown;
    try {
      compileGoRegex(pattern, { field: "encrypted_regex", file: "app.yaml" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HushError);
    expect(error).toMatchObject({ code: "METADATA_INVALID", file: "app.yaml" });
    const message = (error as HushError).message;
    expect(message).toMatch(
      new RegExp(`^encrypted_regex ${JSON.stringify(pattern).replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")} is not a valid RE2 regular expression \\(`),
    );
    expect(message).toMatch(reason);
    expect(message).not.toContain("\n");
  });

  it("names path_regex as a config problem", () => {
    expect(() => compileGoRegex("(?<=a)b", { field: "path_regex" })).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
  });
});
