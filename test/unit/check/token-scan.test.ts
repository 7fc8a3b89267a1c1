// secretlint's rules over many files at once: each finding mapped back to its own file and line.
import { describe, expect, it } from "vitest";
import { findTokens } from "../../../src/check/token-scan.js";

const GITHUB = "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
const SLACK = "xoxb-123456789012-1234567890123-abcdefghijABCDEFGHIJabcd";

describe("findTokens", () => {
  it("maps findings in a joined batch back to each file's line, never printing the value", async () => {
    const problems = await findTokens([
      { file: "a.txt", text: "one\ntwo\n", firstLine: 1 },
      { file: "b.env", text: `x=1\ny=2\nTOKEN=${GITHUB}\n`, firstLine: 1 },
      { file: "c.yaml", text: `slack: ${SLACK}`, firstLine: 1 },
      { file: "d.txt", text: "nothing here", firstLine: 1 },
      { file: "tail.log", text: `z\n${GITHUB}\n`, firstLine: async () => 1000 },
      { file: "package.json", text: `{"token": "${GITHUB}"}`, firstLine: 1 },
    ]);
    expect(problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`).sort()).toEqual([
      "b.env:3:7 contains what looks like a credential (GITHUB_TOKEN, secretlint rule github)",
      "c.yaml:1:8 contains what looks like a credential (SLACK_TOKEN, secretlint rule slack)",
      "package.json:1:12 contains what looks like a credential (GITHUB_TOKEN, secretlint rule github)",
      "tail.log:1001:1 contains what looks like a credential (GITHUB_TOKEN, secretlint rule github)",
    ]);
    expect(JSON.stringify(problems)).not.toMatch(/a1B2c3D4|abcdefghij/);
  });

  it("loads nothing and finds nothing for no input", async () => {
    expect(await findTokens([])).toEqual([]);
  });
});
