import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { yamlFormat } from "../../../../src/formats/yaml.js";
import { formatFloat } from "../../../../src/formats/yaml/scalar-style.js";
import { Branch, Comment, Timestamp } from "../../../../src/sops/tree.js";
import type { Item, Value } from "../../../../src/sops/tree.js";

const TRICKY = [
  "true",
  "False",
  "yes",
  "no",
  "on",
  "off",
  "y",
  "null",
  "~",
  "",
  "0777",
  "0x1F",
  "0o17",
  "0b101",
  "1_000",
  "+5",
  "-7",
  "1.5",
  ".5",
  "1e3",
  ".inf",
  "-.inf",
  ".nan",
  "2024-01-01",
  "2024-01-15T10:00:00Z",
  "2001-12-14 21:59:43.10",
  "1:20",
  "<<",
  " lead",
  "trail ",
  "a: b",
  "#x",
  "x #y",
  "- x",
  "-",
  "?",
  ":",
  "[a]",
  "{b}",
  "*r",
  "&a",
  "!t",
  "|",
  ">",
  "'",
  '"',
  "%",
  "@",
  "`",
  "---",
  "...",
  "a\nb",
  "a\nb\n",
  "a\n\n",
  "\nlead",
  "  two\nlines",
  "tab\tin",
  "ü ñ 日本",
  "😀",
  "\u0085",
  "\u00a0",
  "\ufeff",
  "\r\n",
  "back\\slash",
  "ENC[AES256_GCM,data:x,type:str]",
  "age1abc",
  "3.13.2",
];

const noLoneSurrogates = (s: string): boolean => !/\p{Surrogate}/u.test(s);
const text = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 12 }).filter(noLoneSurrogates),
  fc.array(fc.constantFrom("a", " ", "\n", "#", ":", "-", "'", '"', "\t", "é"), { maxLength: 10 }).map((cs) => cs.join("")),
);

const utf8 = new TextDecoder("utf-8", { fatal: true });
const notUtf8 = fc.uint8Array({ minLength: 1, maxLength: 80 }).filter((b) => {
  try {
    utf8.decode(b);
    return false;
  } catch {
    return true;
  }
});

// A float that go-yaml prints as a float (1.0 prints as `1` and reads back as an int, as in sops).
const float = fc.oneof(fc.double(), fc.constantFrom(0.5, 1e6, 1.5e-5, 1e21, Infinity, -Infinity, Number.NaN)).filter((f) => !/^-?\d+$/.test(formatFloat(f)));

const timestamp = fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }).map(
  (d) =>
    new Timestamp(
      d
        .toISOString()
        .replace(/\.000Z$/, "Z")
        .replace(/(\.\d*?)0+Z$/, "$1Z"),
    ),
);

const leaf: fc.Arbitrary<Value> = fc.oneof(
  { weight: 4, arbitrary: text },
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  float,
  fc.boolean(),
  fc.constant(null),
  timestamp,
  notUtf8,
);

const key = text.filter((k) => k !== "sops");

const { tree } = fc.letrec<{ tree: Branch; value: Value }>((tie) => ({
  tree: fc
    .uniqueArray(fc.tuple(key, tie("value")), { selector: ([k]) => k, maxLength: 5 })
    .map((pairs) => new Branch(pairs.map(([k, value]) => ({ key: k, value })))),
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("tree"), fc.array(tie("value"), { maxLength: 4 })),
}));

const commentText = fc.string({ unit: "grapheme", maxLength: 10 }).filter((t) => !/[\r\n\u0085\u2028\u2029]|\s$/u.test(t));

/** Adds comments where sops's layout keeps them: whole lines in mappings and in lists of scalars, inline after scalar values. */
function withComments(branch: Branch, texts: string[]): Branch {
  let n = 0;
  const next = (): string => texts[n++ % texts.length] ?? "";
  const items: Item[] = [];
  for (const entry of branch.entries()) {
    if (n % 3 === 0) items.push(new Comment(next()));
    let value = entry.value;
    if (value instanceof Branch && value.entries().length > 0) value = withComments(value, texts.slice(1));
    else if (Array.isArray(value) && value.length > 0 && value.every((v) => !(v instanceof Branch) && !Array.isArray(v))) {
      value = [new Comment(next()), ...value, new Comment(next())];
    }
    const scalar = !(value instanceof Branch) && !Array.isArray(value);
    if (scalar && n % 2 === 1) items.push(new Comment(next(), true));
    items.push({ key: entry.key, value });
  }
  if (items.length > 0) items.push(new Comment(next()));
  return new Branch(items);
}

const roundTrip = (branches: Branch[]): Branch[] => yamlFormat.parse(yamlFormat.emit(branches, undefined), "p.yaml").document;

describe("emit then parse gives the tree back", () => {
  it("for random trees of every value type", () => {
    fc.assert(
      fc.property(tree, (branch) => {
        expect(roundTrip([branch])).toEqual([branch]);
      }),
      { numRuns: 400 },
    );
  });

  it("for multi-document streams with metadata", () => {
    fc.assert(
      fc.property(
        fc.array(tree, { minLength: 1, maxLength: 3 }),
        fc.dictionary(fc.constantFrom("a", "b", "lastmodified"), fc.oneof(fc.string(), fc.integer(), fc.boolean())),
        (branches, meta) => {
          const parsed = yamlFormat.parse(yamlFormat.emit(branches, meta), "m.yaml");
          expect(parsed.document).toEqual(branches);
          expect(parsed.metadata).toEqual(meta);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("for trees with comments in maps and lists", () => {
    fc.assert(
      fc.property(tree, fc.array(commentText, { minLength: 1, maxLength: 4 }), (branch, texts) => {
        const commented = withComments(branch, texts);
        expect(roundTrip([commented])).toEqual([commented]);
      }),
      { numRuns: 300 },
    );
  });

  it("and emitting is stable: parse then emit gives the same bytes", () => {
    fc.assert(
      fc.property(tree, (branch) => {
        const once = yamlFormat.emit([branch], undefined);
        const twice = yamlFormat.emit(yamlFormat.parse(once).document, undefined);
        expect(Buffer.from(twice).toString()).toBe(Buffer.from(once).toString());
      }),
      { numRuns: 200 },
    );
  });
});
