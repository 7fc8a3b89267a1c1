import { describe, expect, it } from "vitest";
import { keyCommandOutput } from "../../../src/keys/key-command.js";
import { quoteShellWord } from "../../../src/sys/shell-words.js";

const PRINT_ARGS = `${quoteShellWord(process.execPath)} -e "process.stdout.write(JSON.stringify(process.argv.slice(1)))"`;

describe("SOPS_AGE_KEY_CMD is split as sops splits it (google/shlex), no shell", () => {
  it('quotes, "\\x" is x, a # word is a comment, # inside a word is not', async () => {
    const out = await keyCommandOutput(`${PRINT_ARGS} "a\\b" 'c d' e#f $HOME # the team's vault`, { PATH: process.env.PATH ?? "" }, "SOPS_AGE_KEY_CMD");
    expect(JSON.parse(out)).toEqual(["ab", "c d", "e#f", "$HOME"]);
  });

  it("an unterminated quote: KEY_COMMAND_FAILED naming the variable", async () => {
    await expect(keyCommandOutput(`${PRINT_ARGS} "open`, {}, "SOPS_AGE_SSH_PRIVATE_KEY_CMD")).rejects.toMatchObject({
      code: "KEY_COMMAND_FAILED",
      message: expect.stringMatching(/^SOPS_AGE_SSH_PRIVATE_KEY_CMD `.*` has an unterminated quote or a trailing backslash$/),
    });
  });
});
