// Every real sops fixture decrypts to its expected plaintext with a valid MAC;
// every tampered copy is refused with the right code and no plaintext.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { requireSopsReal } from "../helpers/fixtures.js";
import { decryptFile } from "../../src/sopsfile/index.js";
import { identitiesFromText } from "../../src/keys/identities.js";
import { Branch, Comment, Timestamp } from "../../src/sops/tree.js";
import type { Value } from "../../src/sops/tree.js";
import type { FormatName } from "../../src/formats/format.js";
import { isHushError } from "../../src/errors.js";
import { FILE_OWN_SELECTION } from "../../src/sops/selection-policy.js";

const ROOT = requireSopsReal();
interface Fixture {
  file: string;
  format: FormatName;
  expected: string;
  expected_comments: string | null;
}
const manifest = JSON.parse(readFileSync(join(ROOT, "manifest.json"), "utf8")) as { identity: string; fixtures: Fixture[]; tampered: { file: string }[] };

async function identities() {
  return identitiesFromText(readFileSync(join(ROOT, manifest.identity), "utf8"), "age-test-key.txt");
}

/** Plain JSON of a decrypted tree, as the EXPECTED files hold it (last duplicate wins, like Python's json). */
function plain(value: Value): unknown {
  if (value instanceof Branch) {
    const out: Record<string, unknown> = {};
    for (const e of value.entries()) out[e.key] = plain(e.value);
    return out;
  }
  if (Array.isArray(value)) return value.filter((v) => !(v instanceof Comment)).map(plain);
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Timestamp) return value.text;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return value;
}

function comments(value: Value, path: string[], out: { path: string[]; text: string }[]): typeof out {
  if (value instanceof Branch) {
    for (const item of value.items) {
      if (item instanceof Comment) out.push({ path, text: item.text });
      else comments(item.value, [...path, item.key], out);
    }
  } else if (Array.isArray(value)) {
    for (const v of value) {
      if (v instanceof Comment) out.push({ path, text: v.text });
      else comments(v, path, out);
    }
  }
  return out;
}

const formatOfFile: Record<string, FormatName> = { yaml: "yaml", json: "json", env: "dotenv", ini: "ini" };

describe("real sops fixtures decrypt", () => {
  for (const fixture of manifest.fixtures) {
    it(`${fixture.file} (${fixture.format})`, async () => {
      const opened = await decryptFile(readFileSync(join(ROOT, fixture.file)), {
        policy: FILE_OWN_SELECTION,
        format: fixture.format,
        identities: await identities(),
        file: fixture.file,
      });
      const expected = JSON.parse(readFileSync(join(ROOT, fixture.expected), "utf8")) as unknown;
      const branch = opened.document[0]!;
      expect(plain(branch)).toEqual(expected);
      if (fixture.expected_comments) {
        const want = JSON.parse(readFileSync(join(ROOT, fixture.expected_comments), "utf8")) as unknown;
        // Texts and paths must match; EXPECTED lists a run of foot comments of example.yaml in another order than the file holds them.
        const key = (c: { path: string[]; text: string }) => JSON.stringify([c.path, c.text]);
        const got = opened.document.flatMap((b) => comments(b, [], []));
        expect(got.map(key).sort()).toEqual((want as { path: string[]; text: string }[]).map(key).sort());
      }
      expect(opened.dataKey).toHaveLength(32);
      // Only the old file with clear-text comments keeps comments that did not decrypt.
      expect((opened.warnings ?? []).length > 0).toBe(fixture.file === "comments_unencrypted_comments.yaml");
    });
  }
});

const expectedCode: Record<string, string> = {
  "value-altered": "VALUE_DECRYPT_FAILED",
  "values-swapped": "VALUE_DECRYPT_FAILED",
  "key-renamed": "VALUE_DECRYPT_FAILED",
  "list-reordered": "MAC_MISMATCH",
  "unencrypted-edited": "MAC_MISMATCH",
  "value-removed": "MAC_MISMATCH",
  "mac-altered": "MAC_MISMATCH",
  "mac-removed": "MAC_MISMATCH",
  "lastmodified-altered": "MAC_MISMATCH",
  no_mac: "MAC_MISMATCH",
  "wrong-age-key": "NO_MATCHING_IDENTITY",
};

describe("tampered sops files are refused", () => {
  it("the manifest lists every tampered case we know", () => {
    const stems = manifest.tampered.map((t) => t.file.replace(/^tampered\//, "").split(".")[0]!);
    expect(new Set(stems)).toEqual(new Set(Object.keys(expectedCode)));
  });
  for (const { file } of manifest.tampered) {
    const stem = file.replace(/^tampered\//, "").split(".")[0]!;
    const suffix = file.split(".").pop()!;
    it(`${file} -> ${expectedCode[stem]}`, async () => {
      const format = formatOfFile[suffix]!;
      let error: unknown;
      let result: unknown;
      try {
        result = await decryptFile(readFileSync(join(ROOT, file)), { policy: FILE_OWN_SELECTION, format, identities: await identities(), file });
      } catch (e) {
        error = e;
      }
      expect(result).toBeUndefined();
      expect(isHushError(error)).toBe(true);
      expect((error as { code: string }).code).toBe(expectedCode[stem]);
      // No plaintext in the message: none of example.yaml's secret values.
      expect(String((error as Error).message)).not.toMatch(/secretuser|secretpassword|John|Smith/);
    });
  }
});
