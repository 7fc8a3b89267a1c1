import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { quoteShellWord, splitCommandLine } from "../../../src/sys/shell-words.js";
import { requireFixture } from "../../helpers/fixtures.js";

/*
 * Vendored from github.com/google/shlex, commit e7afc7fbc51079733e9468cdfd1efcd7d196cd1d
 * (the version sops pins: v0.0.0-20191202100458-e7afc7fbc510), shlex_test.go,
 * Copyright 2012 Google Inc., Apache License 2.0: `testString` and the words
 * TestSplit (and TestLexer) expect of it.
 */
const SHLEX_TEST_STRING = "one two \"three four\" \"five \\\"six\\\"\" seven#eight # nine # ten\n eleven 'twelve\\' thirteen=13 fourteen/14";
const SHLEX_TEST_SPLIT = ["one", "two", "three four", 'five "six"', "seven#eight", "eleven", "twelve\\", "thirteen=13", "fourteen/14"];

describe("splitCommandLine (sops's splitter: google/shlex)", () => {
  it("shlex's own TestSplit", () => {
    expect(splitCommandLine(SHLEX_TEST_STRING)).toEqual(SHLEX_TEST_SPLIT);
  });

  // Each case follows one transition of shlex.go's state machine (named in the comment).
  it.each([
    // startState skips spaceRunes; inWordState ends a word at one
    ["cat keys.txt", ["cat", "keys.txt"]],
    ["  op  read   'op://vault/age key'  ", ["op", "read", "op://vault/age key"]],
    ["a\tb\rc\nd", ["a", "b", "c", "d"]],
    // only those four: a vertical tab, a form feed, a no-break space are word characters
    ["a\vb\fc\u00a0d", ["a\vb\fc\u00a0d"]],
    // quotingEscapingState: a backslash takes ANY next rune (a POSIX shell keeps `\n`, `\x` as they are)
    ['pass show "age/my key"', ["pass", "show", "age/my key"]],
    ['echo "a \\"b\\" \\$HOME \\n \\x \\\\"', ["echo", 'a "b" $HOME n x \\']],
    // quotingState: nothing is special inside '...'
    ["echo 'a \\ \" # b'", ["echo", 'a \\ " # b']],
    // escapingState: outside quotes too; a backslash-newline is a newline in the word (no line continuation)
    ["echo a\\ b \\'c \\#d a\\\nb", ["echo", "a b", "'c", "#d", "a\nb"]],
    // quotes join the parts of one word; empty quotes make an empty word
    ["echo a'b'\"c\"d '' \"\"", ["echo", "abcd", "", ""]],
    // commentState: `#` starting a word comments to the end of the line, the next line goes on
    ["vim # my editor", ["vim"]],
    ["# only a comment", []],
    ["code --wait #x\n--new-window", ["code", "--wait", "--new-window"]],
    // ...but a `#` inside a word, or after a closed quote, is literal
    ["a#b ''#c", ["a#b", "#c"]],
    // no expansion of any kind, no operators
    ["echo $HOME `id` ~ * ;|&", ["echo", "$HOME", "`id`", "~", "*", ";|&"]],
    ["", []],
    [" \t\n ", []],
  ])("%j", (line, words) => {
    expect(splitCommandLine(line)).toEqual(words);
  });

  it("answers as google/shlex itself does on 400 generated lines (test/fixtures/shlex)", () => {
    const vectors = JSON.parse(readFileSync(requireFixture("shlex/split-vectors.json"), "utf8")) as Array<{ in: string; words?: string[]; error?: true }>;
    expect(vectors).toHaveLength(400);
    for (const v of vectors) expect(splitCommandLine(v.in), JSON.stringify(v.in)).toEqual(v.error ? undefined : v.words);
  });

  it("fails where shlex fails: an unterminated quote, a backslash at the end (also inside double quotes)", () => {
    for (const line of ["echo 'a", 'echo "a', "echo a\\", 'echo "a\\', "'", '"']) expect(splitCommandLine(line), line).toBeUndefined();
    // An unterminated quote inside a comment is no error: the comment is dropped.
    expect(splitCommandLine("vim # don't")).toEqual(["vim"]);
  });
});

/** The words /bin/sh makes of `line`'s printf arguments (NUL-separated, so any text survives). */
const shWords = (line: string): string[] => execFileSync("/bin/sh", ["-c", `printf '%s\\0' ${line}`]).toString("utf8").split("\0").slice(0, -1);

describe("quoteShellWord (POSIX sh)", () => {
  it("leaves plainly safe words bare, quotes the rest", () => {
    expect(quoteShellWord("/usr/bin/node")).toBe("/usr/bin/node");
    expect(quoteShellWord("a=b")).toBe("a=b");
    expect(quoteShellWord("=b")).toBe("'=b'");
    expect(quoteShellWord("")).toBe("''");
    expect(quoteShellWord("it's")).toBe("'it'\\''s'");
  });

  it("sh sees each word exactly as it was", () => {
    const words = ["plain", "a b", "it's", "'", "''", "$HOME", "`id`", "$(id)", "a\\b", '"', "*", "~", "~/x", "a;b", "x\ny", "é", "", "-n", "=x", "%1", "a{b,c}"];
    expect(shWords(words.map(quoteShellWord).join(" "))).toEqual(words);
  });
});
