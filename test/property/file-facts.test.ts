// fast-check: the one line scanner of sops files (src/sopsfile/file-facts.ts)
// against the full parse, on files the real codec writes — random keys and
// values, age and SSH recipients, optional selections and mac_only_encrypted,
// 2- or 4-space indents — then rewritten the ways sops versions and people
// write them (field names in other letter cases, go-yaml v2's layout, old
// empty key lists, unquoted times, blank lines) and the ways an attacker
// might (a recipient line inside an armor, a comment, a duplicate field).
// Whatever the scanner reads must be what the codec and the yaml library read;
// what the codec refuses, the scanner declines or reads only to say why.
// HUSH_PROPERTY_RUNS raises the number of runs (default 50).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encryptFile } from "../../src/sopsfile/index.js";
import { Branch, Timestamp } from "../../src/sops/tree.js";
import type { Selection } from "../../src/sops/metadata.js";
import type { Value } from "../../src/sops/tree.js";
import { scanSopsYaml } from "../../src/sopsfile/file-facts.js";
import { normalizeRfc3339 } from "../../src/sops/timestamp.js";
import { comparableScan, fullParseFacts } from "../helpers/sops-facts.js";
import { ALICE, BOB, CI } from "../helpers/keys.js";
import { ed25519Key } from "../helpers/ssh-keys.js";

const RUNS = Number(process.env.HUSH_PROPERTY_RUNS ?? 50);

const key = fc
  .oneof(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,10}$/), fc.constantFrom("1", "true", "null", "2024-01-01", "a b", "x_unencrypted", "pass", "SOPS"))
  .filter((k) => k !== "sops");
const leaf: fc.Arbitrary<Value> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("", "yes", "3.10", "a: b", "# no", "ENC[x]", "~", "-1", "0x1F"),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc
    .date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true })
    .map((d) => new Timestamp(d.toISOString().replace(/\.000Z$/, "Z"))),
);
const value: fc.Arbitrary<Value> = fc.oneof(
  { weight: 30, arbitrary: leaf },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 2 }) },
  { weight: 1, arbitrary: leaf.map((v) => new Branch([{ key: "inner", value: v }])) },
);
const document = fc.uniqueArray(fc.record({ key, value }), { selector: (i) => i.key, minLength: 1, maxLength: 6 }).map((items) => new Branch(items));
const selection: fc.Arbitrary<Selection | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom<Selection>(
    { kind: "unencrypted_suffix", value: "_unencrypted" },
    { kind: "unencrypted_suffix", value: "_plain" },
    { kind: "encrypted_suffix", value: "pass" },
    { kind: "encrypted_regex", value: "^(pass|x)" },
    { kind: "unencrypted_regex", value: "^a" },
  ),
);

/** Rewrites of the codec's output. */
const FIELDS = [
  "age",
  "lastmodified",
  "mac",
  "version",
  "unencrypted_suffix",
  "encrypted_suffix",
  "encrypted_regex",
  "unencrypted_regex",
  "mac_only_encrypted",
];
type Rewrite = (text: string, pick: number) => string;
const recase = (name: string, pick: number) => [...name].map((c, i) => ((pick >> (i % 16)) & 1 ? c.toUpperCase() : c)).join("");
const REWRITES: Record<string, Rewrite> = {
  none: (t) => t,
  fieldCase: (t, pick) => {
    const name = FIELDS[pick % FIELDS.length]!;
    return t.replace(new RegExp(`^( +)${name}:`, "m"), (_, indent: string) => `${indent}${recase(name, pick)}:`);
  },
  // go-yaml v2 (sops before 3.7): the dashes under their field, three spaces after them.
  legacyLayout: (t) => {
    const dash = /^( +)- (?:recipient|enc):/m.exec(t)?.[1]?.length;
    if (dash === undefined) return t;
    const field = dash / 2;
    return t
      .replace(new RegExp(`^ {${dash}}- (recipient|enc):`, "gm"), (_, k: string) => `${" ".repeat(field)}-   ${k}:`)
      .replace(new RegExp(`^ {${dash + 2}}(recipient|enc):`, "gm"), (_, k: string) => `${" ".repeat(field + 4)}${k}:`);
  },
  oldKeyLists: (t) => t.replace(/^sops:\n( +)/m, (_, indent: string) => `sops:\n${indent}kms: []\n${indent}pgp: []\n${indent}`),
  unquotedTime: (t) => t.replace(/lastmodified: "(.*)"/, "lastmodified: $1"),
  otherTime: (t) => t.replace(/lastmodified: "(.*)Z"/, 'lastmodified: "$1.5+02:00"'),
  blankLines: (t) => t.replace(/\nsops:\n/, "\n\nsops:\n").replace(/\n( +)mac:/, "\n\n$1mac:"),
  armorRecipient: (t) => t.replace(/(-----BEGIN AGE ENCRYPTED FILE-----\n)( +)/, `$1$2- recipient: ${CI.recipient}\n$2`),
  comment: (t, pick) => t.replace(/\n/, pick % 2 ? "\n# note\n" : " # note\n"),
  duplicateField: (t) => t.replace(/\n( +)version: (.*)\n/, "\n$1version: $2\n$1version: $2\n"),
  macOnly: (t, pick) => t.replace(/\n( +)version:/, `\n$1mac_only_encrypted: ${["true", "false", "1", "yes", '""'][pick % 5]}\n$1version:`),
  emptyOption: (t) => t.replace(/(_suffix|_regex): .*/, '$1: ""'),
  dropMac: (t) => t.replace(/\n +mac: .*/, ""),
  dropTime: (t) => t.replace(/\n +lastmodified: .*/, ""),
};

describe("the line scanner agrees with the full parse", () => {
  it("on files the codec writes, rewritten as sops versions, people and attackers write them", async () => {
    const ssh = ed25519Key().publicKey;
    const recipients = fc.subarray([ALICE.recipient, BOB.recipient, ssh], { minLength: 1 });
    const tally = { read: 0, declined: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        document,
        recipients,
        selection,
        fc.boolean(),
        fc.constantFrom(2, 4),
        fc.constantFrom(...Object.keys(REWRITES)),
        fc.nat(),
        async (doc, to, chosen, macOnlyEncrypted, indent, rewrite, pick) => {
          const written = Buffer.from(
            await encryptFile([doc], { format: "yaml", recipients: to, indent, macOnlyEncrypted, ...(chosen ? { selection: chosen } : {}) }),
          ).toString();
          const text = REWRITES[rewrite]!(written, pick);
          const facts = scanSopsYaml(text);
          const full = fullParseFacts(text);
          if (full === "refused") tally.refused++;
          if (facts === undefined) {
            tally.declined++;
            return;
          }
          if (full === "refused") {
            // Read only to report why: no sops block, or no valid lastmodified.
            expect(facts.sopsLine === undefined || !(facts.lastModified && normalizeRfc3339(facts.lastModified.value)), text).toBe(true);
            return;
          }
          tally.read++;
          expect(comparableScan(facts, normalizeRfc3339), text).toEqual(full);
        },
      ),
      { numRuns: RUNS * 8 },
    );
    // Not vacuous: most files are read, and the rewrites reach both sides.
    expect(tally.read).toBeGreaterThan(RUNS * 3);
    expect(tally.declined).toBeGreaterThan(RUNS / 5);
  });
});
