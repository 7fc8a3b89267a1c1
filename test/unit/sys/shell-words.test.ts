import { describe, expect, it } from "vitest";
import { splitShellWords as splitCommand } from "../../../src/sys/shell-words.js";

describe("splitShellWords (shell-style words, no shell)", () => {
  it.each([
    ["cat keys.txt", ["cat", "keys.txt"]],
    ["  op  read   'op://vault/age key'  ", ["op", "read", "op://vault/age key"]],
    ['pass show "age/my key"', ["pass", "show", "age/my key"]],
    ['echo "a \\"b\\" \\$HOME \\n"', ["echo", 'a "b" $HOME \\n']],
    ["echo a\\ b 'c'\"d\"e", ["echo", "a b", "cde"]],
    ["echo '' \"\"", ["echo", "", ""]],
    ["echo $HOME `id` ;|&", ["echo", "$HOME", "`id`", ";|&"]],
  ])("%s", (line, words) => {
    expect(splitCommand(line)).toEqual(words);
  });

  it("refuses unterminated quotes and a trailing backslash", () => {
    for (const line of ["echo 'a", 'echo "a', "echo a\\"]) expect(splitCommand(line), line).toBeUndefined();
  });
});
