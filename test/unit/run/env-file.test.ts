import { describe, expect, it } from "vitest";
import { parseEnvFile } from "../../../src/run/env-file.js";

describe("parseEnvFile", () => {
  it("reads VAR=value lines the way dotenv does", () => {
    const text = [
      "# a comment",
      "",
      "DB_URL={{db.url}}",
      "export TOKEN = {{api.token}}",
      'QUOTED="a {{db.password}} b"',
      "SINGLE='kept \\n as is'",
      'ESCAPED="line1\\nline2 \\"q\\""',
      "INLINE=value # comment",
      "HASH=a#b",
      "EMPTY=",
      "   INDENTED=yes",
    ].join("\n");
    const { entries, problems } = parseEnvFile(text, ".env.hush");
    expect(problems).toEqual([]);
    expect(Object.fromEntries(entries.map((e) => [e.variable, e.value]))).toEqual({
      DB_URL: "{{db.url}}",
      TOKEN: "{{api.token}}",
      QUOTED: "a {{db.password}} b",
      SINGLE: "kept \\n as is",
      ESCAPED: 'line1\nline2 "q"',
      INLINE: "value",
      HASH: "a#b",
      EMPTY: "",
      INDENTED: "yes",
    });
    expect(entries[0]).toMatchObject({ line: 3, col: 1 });
    expect(entries[1]).toMatchObject({ line: 4, col: 8 });
  });

  it("collects every bad line with its position", () => {
    const { problems } = parseEnvFile('GOOD=1\nnot a line\n1BAD=x\nOPEN="never closed\n', "f.env");
    expect(problems.map((p) => [p.line, p.code])).toEqual([
      [2, "PARSE_ERROR"],
      [3, "PARSE_ERROR"],
      [4, "PARSE_ERROR"],
    ]);
    expect(problems[2]?.message).toContain("OPEN");
  });

  it("accepts CRLF line ends", () => {
    expect(parseEnvFile("A=1\r\nB=2\r\n", "f").entries.map((e) => e.value)).toEqual(["1", "2"]);
  });
});
