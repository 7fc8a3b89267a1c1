// An independent decoder, the npm `sops-age` package, reads the files hush
// writes (YAML and JSON) to the same values.
import { describe, expect, it } from "vitest";
import { decryptSops } from "sops-age";
import { encryptFile } from "../../src/sopsfile/index.js";
import { getFormat } from "../../src/formats/index.js";
import type { FormatName } from "../../src/formats/format.js";
import { ALICE, BOB } from "../helpers/keys.js";

const cases: [FormatName, string, unknown][] = [
  [
    "yaml",
    "db:\n    user: admin\n    password: \"p@ss: w0rd <&>\"\n    port: 5432\n    ratio: 0.5\n    enabled: true\ntags:\n    - alpha\n    - beta\nnote_unencrypted: visible\nunicode: héllo wörld ✓\n",
    {
      db: { user: "admin", password: "p@ss: w0rd <&>", port: 5432, ratio: 0.5, enabled: true },
      tags: ["alpha", "beta"],
      note_unencrypted: "visible",
      unicode: "héllo wörld ✓",
    },
  ],
  [
    "json",
    '{"a": "x <y> & z", "n": 42, "f": 2.5, "b": false, "nested": {"list": ["p", {"q": "r"}]}, "empty": ""}',
    { a: "x <y> & z", n: 42, f: 2.5, b: false, nested: { list: ["p", { q: "r" }] }, empty: "" },
  ],
];

describe("sops-age reads hush's files", () => {
  for (const [format, source, expected] of cases) {
    it(`${format}`, async () => {
      const { document } = (await getFormat(format)).parse(Buffer.from(source));
      const bytes = await encryptFile(document, { format, recipients: [BOB.recipient, ALICE.recipient] });
      const result = await decryptSops(Buffer.from(bytes).toString(), { secretKey: ALICE.identity, fileType: format as "yaml" | "json" });
      expect(result).toEqual(expected);
    });
  }
});
