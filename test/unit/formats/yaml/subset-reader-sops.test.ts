// The fast reader for sops-shaped YAML must give exactly the full parser's
// tree on everything it accepts, and hand everything else to it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encryptFile } from "../../../../src/sopsfile/index.js";
import { yamlFormat } from "../../../../src/formats/yaml.js";
import { parseYaml, parseYamlWithLibrary } from "../../../../src/formats/yaml/parse.js";
import { readSopsYaml } from "../../../../src/formats/yaml/subset-reader.js";
import { Branch, Timestamp } from "../../../../src/sops/tree.js";
import type { Value } from "../../../../src/sops/tree.js";
import { requireSopsReal } from "../../../helpers/fixtures.js";
import { ALICE, BOB } from "../../../helpers/keys.js";

const RUNS = Number(process.env.HUSH_PROPERTY_RUNS ?? 300);
const ROOT = join(import.meta.dirname, "../../../..");

/** The full parser's answer, or "throws". */
function full(src: string): unknown {
  try {
    return parseYamlWithLibrary(src, undefined);
  } catch {
    return "throws";
  }
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

describe("readSopsYaml on real files", () => {
  const files = [...yamlFiles(requireSopsReal()), ...yamlFiles(join(ROOT, ".secrets.example"))];

  it("agrees with the full parser on every sops fixture and example file it accepts", () => {
    for (const file of files) {
      const src = readFileSync(file, "utf8");
      const simple = readSopsYaml(src);
      if (simple) expect(simple, file).toEqual(full(src));
    }
  });

  it("accepts what sops and hush write without comments", () => {
    expect(readSopsYaml(readFileSync(join(requireSopsReal(), "format.enc.yaml"), "utf8"))).toBeDefined();
    for (const name of ["postgres.yaml", "wandb.yaml"]) {
      expect(readSopsYaml(readFileSync(join(ROOT, ".secrets.example/secrets/shared", name), "utf8")), name).toBeDefined();
    }
  });

  it("hands files with comments to the full parser, which keeps them", () => {
    const src = readFileSync(join(requireSopsReal(), "comments.enc.yaml"), "utf8");
    expect(readSopsYaml(src)).toBeUndefined();
    expect(parseYaml(src, undefined)).toEqual(full(src));
  });
});

describe("readSopsYaml on tricky input", () => {
  const cases = [
    "a: b\n",
    "a: b #c\n",
    "a: 'x'\n",
    'a: "x\\ny"\n',
    'a: "x y"\n',
    "a: |2-\n   x\n",
    "a:\tb\n",
    "a:  b\n",
    "a: b \n",
    "a: [1, 2]\n",
    "a: {b: 1}\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "a:\n  - 1\n  - 2\n",
    "a:\n- 1\n- 2\nb: 3\n",
    "? a\n: b\n",
    "a: b: c\n",
    "a: >\n  folded\n",
    "a: |\n  x\n\n  y\n",
    "a: |-\n    \n      - a: a\n", // a blank line before the block's first: content (found by the fuzzer)
    "a: |\n  x\n   y\n  z\n",
    "a: |-\n    x\n    y\nb: 1\n",
    "a: 0777\nb: 1e3\nc: .5\nd: 2024-01-01\ne: true\nf: ~\ng: null\nh: 0x1F\ni: -7\nj: +.inf\nk: yes\n",
    "a: <<\n",
    "<<: x\n",
    "a: 99999999999999999999\n",
    "1: x\n",
    "true: x\n",
    "a:b\n",
    "a : b\n",
    "a:\n  b: 1\n c: 2\n",
    "a: x\n  y\n",
    "a: x\nb:\nc: y\n",
    "a: 1\na: 2\n",
    "a:\n  -   b: 1\n      c: 2\n  - d\n",
    "a:\n  - - 1\n",
    "a:\n  -\n",
    "- a\n",
    "--- \na: 1\n",
    "a: 1\n---\nb: 2\n",
    "a: x]\n",
    "a: x,y\n",
    "a: -x\n",
    "a: - x\n",
    "a: @x\n",
    "a: é\n",
    "a: 1",
    "",
    "a: ENC[AES256_GCM,data:yw==,iv:qB2r,tag:Y5w6,type:int]\n",
  ];
  for (const src of cases) {
    it(JSON.stringify(src), () => {
      const simple = readSopsYaml(src);
      if (simple !== undefined) expect(simple).toEqual(full(src));
      // Whatever the path, parseYaml's answer is the full parser's.
      let answer: unknown;
      try {
        answer = parseYaml(src, undefined);
      } catch {
        answer = "throws";
      }
      expect(answer).toEqual(full(src));
    });
  }
});

describe("readSopsYaml, fuzzed", () => {
  const pieces = [
    "a",
    "b",
    "key",
    "sops",
    ": ",
    ":",
    "- ",
    "-",
    "  ",
    "    ",
    " ",
    "\n",
    "\n",
    "\n",
    "|",
    "|-",
    "|2",
    ">",
    '"x"',
    '"',
    "'",
    "1",
    "0o7",
    "-3",
    "1.5",
    "true",
    "~",
    "null",
    "ENC[x,y:z]",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a",
    "*a",
    "!!str",
    "?",
    "\\",
    "2024-01-02",
    "<<",
    "---",
    "...",
    "%",
    "@",
    "=",
    "/",
    "-----BEGIN",
    "\t",
    "#",
    "é",
  ];
  // Mostly line-shaped input (an indent, then a key, a dash or loose pieces), so that much of it is accepted and compared.
  const safe = fc.constantFrom(
    "a",
    "b",
    "1",
    "0o7",
    "-3",
    "1.5",
    "true",
    "~",
    "null",
    "ENC[x,y:z]",
    "2024-01-02",
    '"x"',
    "[]",
    "{}",
    "|",
    "|-",
    "=",
    "/",
    "x]",
    "a:b",
  );
  const piece = fc.oneof({ weight: 4, arbitrary: safe }, { weight: 1, arbitrary: fc.constantFrom(...pieces.filter((p) => p !== "\n")) });
  const value = fc.array(piece, { minLength: 1, maxLength: 3 }).map((p) => p.join(""));
  const key = fc.constantFrom("a", "b", "key", "sops", "a.b", "x-y", "1", "true", "<<", "a b");
  const content = fc.oneof(
    fc.tuple(key, value).map(([k, v]) => `${k}: ${v}`),
    key.map((k) => `${k}:`),
    value.map((v) => `- ${v}`),
    fc.tuple(key, value).map(([k, v]) => `- ${k}: ${v}`),
    fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join("")),
  );
  const line = fc.tuple(fc.constantFrom("", "", "  ", "    ", "      ", " "), content).map(([indent, c]) => indent + c);
  const first = fc.tuple(key, value).map(([k, v]) => `${k}: ${v}`);
  const lines = fc.tuple(first, fc.array(line, { maxLength: 8 })).map(([f, ls]) => [f, ...ls].join("\n") + "\n");
  const text = fc.oneof(
    lines,
    fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 40 }).map((p) => p.join("")),
  );

  it("never disagrees with the full parser", () => {
    let accepted = 0;
    fc.assert(
      fc.property(text, (src) => {
        const simple = readSopsYaml(src);
        if (simple === undefined) return;
        accepted++;
        expect(simple).toEqual(full(src));
      }),
      { numRuns: RUNS * 10 },
    );
    expect(accepted).toBeGreaterThan(RUNS / 10); // the property was not vacuous
  });
});

describe("readSopsYaml on what hush writes", () => {
  const ascii = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 12 });
  const leaf: fc.Arbitrary<Value> = fc.oneof(
    ascii,
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc
      .date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true })
      .map((d) => new Timestamp(d.toISOString().replace(/\.000Z$/, "Z"))),
  );
  const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,8}$/).filter((k) => k !== "sops");
  const { branch } = fc.letrec<{ branch: Branch; value: Value }>((tie) => ({
    branch: fc.uniqueArray(fc.record({ key, value: tie("value") }), { selector: (i) => i.key, minLength: 1, maxLength: 5 }).map((items) => new Branch(items)),
    value: fc.oneof({ depthSize: "small" }, leaf, tie("branch"), fc.array(fc.oneof(leaf, tie("branch")), { maxLength: 3 })),
  }));

  it("agrees with the full parser on plaintext and encrypted files hush emits", async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(branch, async (tree) => {
        const plain = Buffer.from(yamlFormat.emit([tree], undefined)).toString();
        const encrypted = Buffer.from(await encryptFile([tree], { format: "yaml", recipients: [ALICE.recipient, BOB.recipient] })).toString();
        for (const src of [plain, encrypted]) {
          const simple = readSopsYaml(src);
          if (simple === undefined) continue;
          accepted++;
          expect(simple).toEqual(full(src));
        }
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
    expect(accepted).toBeGreaterThan(RUNS / 3); // most encrypted files take the fast path
  });
});
