import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encryptTree } from "../../../src/sops/encrypt-tree.js";
import { decryptTree } from "../../../src/sops/decrypt-tree.js";
import { Branch, Comment } from "../../../src/sops/tree.js";
import type { Document } from "../../../src/sops/tree.js";
import { DEFAULT_SELECTION } from "../../../src/sops/metadata.js";

const KEY = Buffer.alloc(32, 7);
const vectorDoc = (): Document => [
  new Branch([
    new Comment(" top secret comment"),
    {
      key: "db",
      value: new Branch([
        { key: "user", value: "admin" },
        { key: "password", value: "s3cr3t" },
        { key: "port", value: 5432n },
        { key: "ratio", value: 0.5 },
        { key: "enabled", value: true },
      ]),
    },
    { key: "tags", value: ["alpha", "beta"] },
    { key: "note_unencrypted", value: "visible" },
    { key: "empty", value: "" },
  ]),
];

const sha512 = (s: string) => createHash("sha512").update(s).digest("hex").toUpperCase();

describe("MAC (spec §4)", () => {
  it("matches the §12.2 vector: clear values count, comments and empty strings add nothing", () => {
    const { mac } = encryptTree(vectorDoc(), { dataKey: KEY, selection: DEFAULT_SELECTION, macOnlyEncrypted: false });
    expect(mac).toBe("404496DBD2CE274D0E9392E4082BC4E30ECDBB0CA0A3444A55CEC37DE6176B03B52FAD95C62EE729544A312967CAD835333D43FF69761AD235961D48B745E27B");
  });

  it("mac_only_encrypted seeds with SHA-256('sops') and skips clear values", () => {
    const { mac } = encryptTree(vectorDoc(), { dataKey: KEY, selection: DEFAULT_SELECTION, macOnlyEncrypted: true });
    const seed = createHash("sha256").update("sops").digest();
    const expected = createHash("sha512").update(seed).update("admins3cr3t54320.5Truealphabeta").digest("hex").toUpperCase();
    expect(mac).toBe(expected);
  });

  it("skips nulls and is recomputed identically on decrypt", () => {
    const doc: Document = [
      new Branch([
        { key: "a", value: null },
        { key: "b", value: "x" },
        { key: "c", value: [new Comment(" in list"), "y"] },
      ]),
    ];
    const enc = encryptTree(doc, { dataKey: KEY, selection: DEFAULT_SELECTION, macOnlyEncrypted: false });
    expect(enc.mac).toBe(sha512("xy"));
    const dec = decryptTree(enc.document, { dataKey: KEY, selection: DEFAULT_SELECTION, macOnlyEncrypted: false });
    expect(dec.mac).toBe(enc.mac);
  });

  it("a sequence comment stored as an ENC element is not fed on decrypt", () => {
    const doc: Document = [new Branch([{ key: "c", value: [new Comment(" note"), "y"] }])];
    const enc = encryptTree(doc, { dataKey: KEY, selection: DEFAULT_SELECTION, macOnlyEncrypted: false });
    // Encrypted, the comment is an ordinary string element (spec §1.9).
    const list = enc.document[0]!.get("c") as unknown[];
    expect(typeof list[0]).toBe("string");
    expect(String(list[0])).toMatch(/^ENC\[.*type:comment\]$/);
    const dec = decryptTree(enc.document, { dataKey: KEY, selection: DEFAULT_SELECTION, macOnlyEncrypted: false });
    expect(dec.mac).toBe(sha512("y"));
    expect((dec.document[0]!.get("c") as unknown[])[0]).toEqual(new Comment(" note"));
  });
});
