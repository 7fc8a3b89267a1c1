// Each age entry hush writes is an armored age file that the real `age`
// binary opens, with the identity of its recipient, to the 32-byte data key.
import { execFileSync } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decryptFile, encryptFile, inspectFile } from "../../src/codec/index.js";
import { identitiesFromText } from "../../src/age/identities.js";
import { getFormat } from "../../src/formats/index.js";
import type { FormatName } from "../../src/formats/format.js";
import { tempDir } from "../helpers/tmp.js";
import { ALICE, BOB, CI } from "../helpers/keys.js";

const KEYS = [ALICE, BOB, CI];

describe("the real age binary opens hush's age entries", () => {
  for (const [format, source] of [
    ["yaml", "a: b\n"],
    ["json", '{"a": "b"}'],
    ["dotenv", "A=b\n"],
    ["ini", "[s]\na = b\n"],
  ] as [FormatName, string][]) {
    it(format, async () => {
      const dir = tempDir();
      const { document } = (await getFormat(format)).parse(Buffer.from(source));
      const bytes = await encryptFile(document, { format, recipients: KEYS.map((k) => k.recipient) });
      const identities = await identitiesFromText(ALICE.identity, "test");
      const { dataKey } = await decryptFile(bytes, { format, identities });
      const entries = inspectFile(bytes, format).metadata.keyGroups[0]!.age;
      expect(entries.map((e) => e.recipient)).toEqual(KEYS.map((k) => k.recipient));
      for (const [i, entry] of entries.entries()) {
        expect(entry.enc.startsWith("-----BEGIN AGE ENCRYPTED FILE-----\n")).toBe(true);
        expect(entry.enc.endsWith("-----END AGE ENCRYPTED FILE-----\n")).toBe(true);
        const keyFile = join(dir, `key-${i}.txt`);
        writeFileSync(keyFile, KEYS[i]!.identity + "\n", { mode: 0o600 });
        chmodSync(keyFile, 0o600);
        const out = execFileSync("age", ["-d", "-i", keyFile], { input: entry.enc });
        expect(out.length).toBe(32);
        expect(Buffer.from(out).equals(Buffer.from(dataKey))).toBe(true);
      }
    });
  }
});
