// fast-check: random trees of every sops type survive encrypt -> decrypt in
// each format; updateKeys keeps every ciphertext; rotate changes them all.
// HUSH_PROPERTY_RUNS raises the number of runs (default 50).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decryptFile, encryptFile, rotateFile, updateKeys } from "../../src/sopsfile/index.js";
import { identitiesFromText } from "../../src/keys/identities.js";
import { Branch, Comment, Timestamp } from "../../src/sops/tree.js";
import type { Document, Item, Value } from "../../src/sops/tree.js";
import type { FormatName } from "../../src/formats/format.js";
import { ALICE, BOB } from "../helpers/keys.js";
import { FILE_OWN_SELECTION } from "../../src/sops/selection-policy.js";

const RUNS = Number(process.env.HUSH_PROPERTY_RUNS ?? 50);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const text = fc.string({ unit: "grapheme", maxLength: 12 });
const int = fc.oneof(fc.bigInt({ min: INT64_MIN, max: INT64_MAX }), fc.constantFrom(INT64_MIN, INT64_MAX, 0n, -1n));
const float = fc.double({ noNaN: true, noDefaultInfinity: true });
// Plain keys: never `sops`, never under the `_unencrypted` suffix (clear floats would re-read as ints, as in sops).
const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,10}$/).filter((k) => k !== "sops" && !k.endsWith("_unencrypted"));
const commentText = fc.string({ unit: "grapheme", maxLength: 12 }).map((t) => t.replace(/[\r\n]/g, " "));
const timestamp = fc
  .date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true })
  .map((d) => new Timestamp(d.toISOString().replace(/\.000Z$/, "Z")));

function tree(leaf: fc.Arbitrary<Value>, withComments: boolean): fc.Arbitrary<Branch> {
  const { branch } = fc.letrec<{ branch: Branch; value: Value }>((tie) => ({
    branch: fc
      .array(
        fc.oneof(
          { weight: 4, arbitrary: fc.record({ key, value: tie("value") }) as fc.Arbitrary<Item> },
          { weight: withComments ? 1 : 0, arbitrary: commentText.map((t) => new Comment(t) as Item) },
        ),
        { maxLength: 5 },
      )
      // A mapping holding only comments is written `{}` and loses them (go-yaml, as in sops).
      .map((items) => new Branch(items.some((i) => !(i instanceof Comment)) ? dedupe(items) : [])),
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      tie("branch"),
      fc.array(
        fc.oneof(
          // A comment above the first key of a mapping inside a list reads back as the list element's comment (go-yaml); start those mappings with a key.
          {
            weight: 4,
            arbitrary: fc.oneof(
              leaf,
              (tie("branch") as fc.Arbitrary<Branch>).map((b) => new Branch(dropLeadingComments(b.items))),
            ),
          },
          // Sequence comments are stored as `- ENC[…,type:comment]` elements (spec §1.9).
          { weight: withComments ? 1 : 0, arbitrary: commentText.filter((t) => t !== "").map((t) => new Comment(t) as Value) },
        ),
        { maxLength: 4 },
      ),
    ),
  }));
  return branch;
}

function dropLeadingComments(items: Item[]): Item[] {
  const first = items.findIndex((i) => !(i instanceof Comment));
  return first < 0 ? [] : items.slice(first);
}

/** YAML refuses duplicate keys; keep the first of each. */
function dedupe(items: Item[]): Item[] {
  const seen = new Set<string>();
  return items.filter((i) => i instanceof Comment || (!seen.has(i.key) && seen.add(i.key)));
}

const docs: Record<FormatName, fc.Arbitrary<Document>> = {
  json: tree(fc.oneof(text, int, float, fc.boolean(), fc.constant(null)), false).map((b) => [b]),
  yaml: tree(fc.oneof(text, int, float, fc.boolean(), fc.constant(null), timestamp), true).map((b) => [b]),
  dotenv: fc
    .array(
      fc.oneof(
        fc.record({ key: key.filter((k) => !k.startsWith("sops_")), value: text.map((t) => t.replaceAll("\\", "/")) }) as fc.Arbitrary<Item>,
        commentText.map((t) => new Comment(t) as Item),
      ),
      { maxLength: 8 },
    )
    .map((items) => [new Branch(items)]),
  ini: fc
    .uniqueArray(
      fc.record({
        key,
        value: fc.array(
          fc.oneof(
            fc.record({ key, value: text }) as fc.Arbitrary<Item>,
            commentText.map((t) => new Comment(t) as Item),
          ),
          { maxLength: 5 },
        ),
      }),
      {
        selector: (s) => s.key,
        maxLength: 3,
      },
    )
    .map((sections) => [
      new Branch([
        { key: "DEFAULT", value: new Branch() },
        ...sections
          .filter((s) => s.key !== "DEFAULT")
          .map((s) => ({ key: s.key, value: new Branch(dedupe(s.value).map((i) => (i instanceof Comment ? new Comment(i.text.trim()) : i))) })),
      ]),
    ]),
  binary: fc
    .oneof(
      text,
      fc.uint8Array({ maxLength: 40 }).filter((b) => !isUtf8(b)),
    )
    .map((data) => [new Branch([{ key: "data", value: data }])]),
};

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const encStrings = (bytes: Uint8Array) =>
  Buffer.from(bytes)
    .toString()
    .match(/ENC\[AES256_GCM,data:[^\]]*,type:[a-z]+\]/g) ?? [];

describe("property: codec round trips", () => {
  for (const format of Object.keys(docs) as FormatName[]) {
    it(`${format}: decrypt(encrypt(tree)) == tree`, async () => {
      const identities = await identitiesFromText(ALICE.identity, "test");
      await fc.assert(
        fc.asyncProperty(docs[format], async (doc) => {
          const bytes = await encryptFile(doc, { format, recipients: [ALICE.recipient] });
          const opened = await decryptFile(bytes, { policy: FILE_OWN_SELECTION, format, identities });
          expect(opened.document).toEqual(doc);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it("updateKeys keeps every ciphertext; rotate changes every one", async () => {
    const identities = await identitiesFromText(`${ALICE.identity}\n${BOB.identity}`, "test");
    await fc.assert(
      fc.asyncProperty(docs.json, async (doc) => {
        const bytes = await encryptFile(doc, { format: "json", recipients: [ALICE.recipient] });
        const updated = await updateKeys(bytes, { policy: FILE_OWN_SELECTION, format: "json", identities, recipients: [BOB.recipient] });
        expect(encStrings(updated.bytes)).toEqual(encStrings(bytes));
        const rotated = await rotateFile(bytes, { policy: FILE_OWN_SELECTION, format: "json", identities });
        const before = new Set(encStrings(bytes));
        expect(encStrings(rotated).filter((e) => before.has(e))).toEqual([]);
      }),
      { numRuns: Math.max(5, Math.floor(RUNS / 2)) },
    );
  });
});
