// Which entries of a decrypted file exec-env exports (sops 3.9/3.10's rule), on trees the real parsers make.
import { describe, expect, it } from "vitest";
import { isHushError } from "../../../src/errors.js";
import { environmentOf } from "../../../src/sopscmd/exec-env.js";
import { binaryFormat } from "../../../src/formats/binary.js";
import { getFormat } from "../../../src/formats/index.js";
import { Branch, Comment, Timestamp, type Document } from "../../../src/sops/tree.js";

const SECRET = "s3cr3t-canary";

async function parsed(format: "yaml" | "json" | "dotenv" | "ini", text: string): Promise<Document> {
  return (await getFormat(format)).parse(new TextEncoder().encode(text), `x.${format}`).document;
}

function refusal(document: Document): { message: string; code: string } {
  try {
    environmentOf(document, "x.yaml");
  } catch (error) {
    if (isHushError(error)) return { message: error.message, code: error.code };
    throw error;
  }
  throw new Error("not refused");
}

describe("environmentOf", () => {
  it("takes every top-level string as it is and skips comments", async () => {
    const doc = await parsed("yaml", `# comment\nA: with spaces\nB: "two\\nlines\\n"\nC: 'it''s "q" $X \`y\`'\nD: ""\n`);
    expect(environmentOf(doc)).toEqual({ A: "with spaces", B: "two\nlines\n", C: `it's "q" $X \`y\``, D: "" });
  });

  it("takes only the first YAML document", async () => {
    expect(environmentOf(await parsed("yaml", "A: one\n---\nB: two\n"))).toEqual({ A: "one" });
  });

  it("works for dotenv, JSON and the binary store's data", async () => {
    expect(environmentOf(await parsed("dotenv", "K=v=w\n#c\nL=\\n\n"))).toEqual({ K: "v=w", L: "\n" });
    expect(environmentOf(await parsed("json", '{"K": "v"}'))).toEqual({ K: "v" });
    expect(environmentOf(binaryFormat.parse(Buffer.from("raw\n")).document)).toEqual({ data: "raw\n" });
  });

  it("refuses maps, lists and every non-string type in one error naming each key, never a value", async () => {
    const doc = await parsed("yaml", `ok: fine\nmap:\n  k: ${SECRET}\nlist: [${SECRET}]\nint: 1\nfloat: 1.5\nbool: true\nnil: null\nwhen: 2024-01-02T03:04:05Z\n`);
    const { message, code } = refusal(doc);
    expect(code).toBe("ENV_UNSUPPORTED");
    expect(message).toBe('cannot put "map" (a map), "list" (a list), "int" (an integer), "float" (a float), "bool" (a boolean), "nil" (null), "when" (a timestamp) in the environment: exec-env exports top-level string values only');
    expect(message).not.toContain(SECRET);
  });

  it("refuses a key with '=', a NUL byte, and bytes that are not UTF-8", () => {
    const doc: Document = [
      new Branch([
        new Comment(" fine"),
        { key: "A=B", value: SECRET },
        { key: "NUL", value: `${SECRET}\0` },
        { key: "BYTES", value: new Uint8Array([0xff, 0xfe]) },
        { key: "T", value: new Timestamp("2024-01-02T03:04:05Z") },
      ]),
    ];
    const { message } = refusal(doc);
    expect(message).toContain(`"A=B" (the key holds '=')`);
    expect(message).toContain('"NUL" (the value holds a NUL byte)');
    expect(message).toContain('"BYTES" (bytes that are not UTF-8 text)');
    expect(message).not.toContain(SECRET);
  });

  it("an empty file exports nothing", () => {
    expect(environmentOf([])).toEqual({});
    expect(environmentOf([new Branch()])).toEqual({});
  });
});
