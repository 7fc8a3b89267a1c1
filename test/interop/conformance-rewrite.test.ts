// Re-encrypting a real sops file with nothing changed gives its bytes back;
// changing one value changes only that value, lastmodified and mac.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { requireSopsReal } from "../helpers/fixtures.js";
import { decryptFile, encryptFile } from "../../src/sopsfile/index.js";
import { identitiesFromText } from "../../src/keys/identities.js";
import type { FormatName } from "../../src/formats/format.js";
import type { Branch } from "../../src/sops/tree.js";
import { FILE_OWN_SELECTION } from "../../src/sops/selection-policy.js";

const ROOT = requireSopsReal();
const identities = async () => identitiesFromText(readFileSync(join(ROOT, "age-test-key.txt"), "utf8"), "age-test-key.txt");

const files: [string, FormatName, (b: Branch) => void][] = [
  ["format.enc.json", "json", (b) => b.set("foo", "changed")],
  ["format.enc.yaml", "yaml", (b) => b.set("foo", "changed")],
  ["format.enc.env", "dotenv", (b) => b.set("foo ", "changed")],
  ["format.enc.ini", "ini", (b) => (b.get("foo") as Branch).set("bar", "changed")],
];

describe("rewriting real sops files", () => {
  for (const [file, format, change] of files) {
    it(`${file}: unchanged -> same bytes; one change -> three lines`, async () => {
      const original = readFileSync(join(ROOT, file));
      const opened = await decryptFile(original, { policy: FILE_OWN_SELECTION, format, identities: await identities(), file });
      const same = await encryptFile(opened.document, { format, reuse: opened });
      expect(Buffer.from(same).toString()).toBe(original.toString());
      change(opened.document[0]!);
      const after = Buffer.from(await encryptFile(opened.document, { format, reuse: opened }))
        .toString()
        .split("\n");
      const before = original.toString().split("\n");
      expect(after.length).toBe(before.length);
      const differing = before.filter((l, i) => l !== after[i]);
      expect(differing.length).toBe(3);
      expect(differing.filter((l) => /lastmodified|mac/.test(l)).length).toBe(2);
    });
  }
});
