import { Readable } from "node:stream";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectValues, parseSecretArgs } from "../../../src/cli/secret-args.js";
import { parseValuesText } from "../../../src/store/values-text.js";
import type { LineReader } from "../../../src/cli/prompt.js";
import { tempDir } from "../../helpers/tmp.js";

const stdin = (text: string | Buffer) => Readable.from([Buffer.from(text)]);
const noStdin = () => Readable.from([]);

describe("parseSecretArgs", () => {
  it("every unknown long option is a key; --as is the override", () => {
    const p = parseSecretArgs(["db", "--password=x", "--user=admin", "--as", "bob", "--url", "https://h/p?a=b"]);
    expect(p.name).toBe("db");
    expect(p.as).toBe("bob");
    expect(p.pairs).toEqual([
      { key: "password", source: "literal", text: "x" },
      { key: "user", source: "literal", text: "admin" },
      { key: "url", source: "literal", text: "https://h/p?a=b" },
    ]);
  });

  it("knows @file, @@literal, - and = inside values", () => {
    const p = parseSecretArgs(["--a=@f.txt", "--b=@@at", "--c=-", "--d=x=y", "--e=", "db"]);
    expect(p.name).toBe("db");
    expect(p.pairs.map((x) => [x.key, x.source, x.text])).toEqual([
      ["a", "file", "f.txt"],
      ["b", "literal", "@at"],
      ["c", "stdin", ""],
      ["d", "literal", "x=y"],
      ["e", "literal", ""],
    ]);
  });

  it("after -- everything is positional", () => {
    expect(parseSecretArgs(["--", "-x"]).name).toBe("-x");
  });

  it.each([
    [["db", "--password"], /--password needs a value/],
    [["db", "-p"], /unknown option "-p"/],
    [["db", "other"], /unexpected argument after the name "db"/],
    [["db", "--a=1", "--a=2"], /given twice/],
    [["db", "--sops=1"], /reserved/],
    [["db", "--x_unencrypted=1"], /reserved/],
    [["db", "--bad key=1"], /not allowed/],
    [["db", "--__proto__=1"], /not allowed/],
  ])("refuses %j", (tokens, message) => {
    expect(() => parseSecretArgs(tokens)).toThrow(message);
  });
});

describe("collectValues", () => {
  it("reads --values JSON and YAML, with pairs winning", async () => {
    const cwd = tempDir();
    const a = await collectValues(parseSecretArgs(["db", "--user=b"]), { cwd, stdin: noStdin(), values: '{"user":"a","port":5432}' });
    expect(a).toEqual({ user: "b", port: "5432" });
    writeFileSync(join(cwd, "v.yaml"), "user: a\nport: 05432\nflag: true\n");
    const b = await collectValues(parseSecretArgs(["db"]), { cwd, stdin: noStdin(), values: "@v.yaml" });
    expect(b).toEqual({ user: "a", port: "05432", flag: "true" });
  });

  it("reads a value from a file byte for byte, and one from stdin", async () => {
    const cwd = tempDir();
    const bytes = "\ufefflines\r\n  with spaces \n\n";
    writeFileSync(join(cwd, "cert.pem"), bytes);
    const v = await collectValues(parseSecretArgs(["db", "--cert=@cert.pem", "--token=-"]), { cwd, stdin: stdin("from stdin\n") });
    expect(v.cert).toBe(bytes);
    expect(v.token).toBe("from stdin\n");
  });

  it("refuses stdin twice, a missing file, non-UTF-8, and a nested --values", async () => {
    const cwd = tempDir();
    await expect(collectValues(parseSecretArgs(["db", "--a=-", "--b=-"]), { cwd, stdin: noStdin() })).rejects.toThrow(/stdin/);
    await expect(collectValues(parseSecretArgs(["db", "--a=@nope"]), { cwd, stdin: noStdin() })).rejects.toMatchObject({ code: "FILE_NOT_FOUND" });
    await expect(collectValues(parseSecretArgs(["db", "--a=-"]), { cwd, stdin: stdin(Buffer.from([0xff, 0xfe, 0x00])) })).rejects.toMatchObject({ code: "UNSUPPORTED_VALUE" });
    expect(() => parseValuesText("a: [1, 2]")).toThrow(/plain value/);
    expect(() => parseValuesText("[1, 2]")).toThrow(/map/);
  });

  it("-i asks key then hidden value until an empty key", async () => {
    const asked: Array<[string, boolean]> = [];
    const answers = ["user", "admin", "password", "s3cret", ""];
    const reader: LineReader = {
      ask: async (prompt, options) => {
        asked.push([prompt, options?.hidden ?? false]);
        return answers.shift();
      },
    };
    const v = await collectValues(parseSecretArgs(["db"]), { cwd: tempDir(), stdin: noStdin(), reader });
    expect(v).toEqual({ user: "admin", password: "s3cret" });
    expect(asked.filter(([, hidden]) => hidden)).toHaveLength(2);
  });
});
