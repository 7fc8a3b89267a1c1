// The fast reader for configuration YAML must give exactly the yaml library's
// data and positions on everything it accepts, and hand everything else over.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node } from "yaml";
import { describe, expect, it } from "vitest";
import { plainToJs, readPlainYaml, type PlainNode } from "../../../../src/formats/yaml/subset-reader.js";
import { configYaml, structuredConfigYaml } from "../../../helpers/config-yaml.js";

const RUNS = Number(process.env.HUSH_PROPERTY_RUNS ?? 300);
const ROOT = join(import.meta.dirname, "../../../..");

/** What the library makes of `src`: its data and the position of every key and non-empty scalar, or "error". */
function library(src: string): { data: unknown; places: string[] } | "error" {
  const counter = new LineCounter();
  const doc = parseDocument(src, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length) return "error";
  const places: string[] = [];
  const pos = (n: Node | null | undefined): string => {
    const { line, col } = counter.linePos(n?.range?.[0] ?? 0);
    return `${line}:${col}`;
  };
  const walk = (node: unknown, path: string): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = String((pair.key as { value?: unknown }).value);
        places.push(`${path}/${k} key@${pos(pair.key as Node)}`);
        walk(pair.value, `${path}/${k}`);
      }
    } else if (isSeq(node)) for (const [i, item] of node.items.entries()) walk(item, `${path}/${i}`);
    else if (isScalar(node) && node.value !== null) places.push(`${path}@${pos(node)}`);
  };
  walk(doc.contents, "");
  return { data: doc.toJS(), places };
}

function plain(src: string): { data: unknown; places: string[] } | undefined {
  const root = readPlainYaml(src);
  if (!root) return undefined;
  const places: string[] = [];
  const walk = (node: PlainNode, path: string): void => {
    if (node.kind === "map") {
      for (const e of node.entries) {
        places.push(`${path}/${e.key} key@${e.keyAt.line}:${e.keyAt.col}`);
        walk(e.value, `${path}/${e.key}`);
      }
    } else if (node.kind === "seq") for (const [i, item] of node.items.entries()) walk(item, `${path}/${i}`);
    else if (node.value !== null) places.push(`${path}@${node.at.line}:${node.at.col}`);
  };
  walk(root, "");
  return { data: plainToJs(root), places };
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" || name === ".git" ? [] : yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

describe("readPlainYaml on real files", () => {
  it("reads the example workspace's .hush.yaml and stack, as the library does", () => {
    for (const name of [".hush.yaml", "stacks/default.yaml"]) {
      const src = readFileSync(join(ROOT, ".secrets.example", name), "utf8");
      const fast = plain(src);
      expect(fast, name).toBeDefined();
      expect(fast, name).toEqual(library(src));
    }
  });

  it("agrees with the library on every YAML file of the repository it accepts", () => {
    let accepted = 0;
    for (const file of [...yamlFiles(join(ROOT, ".secrets.example")), ...yamlFiles(join(ROOT, "test"))]) {
      const src = readFileSync(file, "utf8");
      const fast = plain(src);
      if (fast === undefined) continue;
      accepted++;
      expect(fast, file).toEqual(library(src));
    }
    expect(accepted).toBeGreaterThan(1);
  });
});

describe("readPlainYaml on what people write", () => {
  const accepted: Array<[string, unknown]> = [
    ["a: 1 # one\n# note\n\nb: two\n", { a: 1, b: "two" }],
    ['a: "x # not a comment"  # a comment\n', { a: "x # not a comment" }],
    ["a: [x, 'y z', \"w\"] # c\n", { a: ["x", "y z", "w"] }],
    ["a:\n- x\n- y\nb: 1\n", { a: ["x", "y"], b: 1 }],
    ["a:\n  - k: 1\n    l: 2\n  - m\n", { a: [{ k: 1, l: 2 }, "m"] }],
    ["a: ~\nb:\nc: Null\nd: True\ne: FALSE\n", { a: null, b: null, c: null, d: true, e: false }],
    ["a: yes\nb: 1_000\nc: 2024-01-02\nd: a:b\ne: a#b\nf: -x\n", { a: "yes", b: "1_000", c: "2024-01-02", d: "a:b", e: "a#b", f: "-x" }],
    ["a: {}\nb: []\nc: [ ]\nd: ''\n", { a: {}, b: [], c: [], d: "" }],
    ["a: x", { a: "x" }],
  ];
  for (const [src, data] of accepted) {
    it(`reads ${JSON.stringify(src)}`, () => {
      expect(plainToJs(readPlainYaml(src)!)).toEqual(data);
      expect(plain(src)).toEqual(library(src));
    });
  }

  const handedOver = [
    "a: long\n  continued\n",
    "a: |\n  x\n",
    "a: >\n  x\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "? a\n: b\n",
    "a: 'it''s'\n",
    'a: "x\\ny"\n',
    "a: [x, ]\n",
    "a: [x:y]\n",
    "a: [[x]]\n",
    "a: {b: c}\n",
    "1: x\n",
    "true: x\n",
    "a: 1\na: 2\n",
    "__proto__: x\n",
    "a: 007\n",
    "a: 0x1F\n",
    "a: 1e3\n",
    "a: .inf\n",
    "a: 1.5\n",
    "a: 12345678901234567890\n",
    "a:\tb\n",
    "a: b\r\n",
    "a: é\n",
    "---\na: 1\n",
    "%YAML 1.2\n---\na: 1\n",
    "a: b: c\n",
    "a: b:\n",
    "- a\n",
    "a\n",
    "",
    "# only a comment\n",
    "a:\n  just text\n",
    'a: "x" y\n',
    'a: "unclosed\n',
    "a: -\n",
    "a: - b\n",
  ];
  for (const src of handedOver) {
    it(`hands ${JSON.stringify(src)} to the library`, () => expect(readPlainYaml(src)).toBeUndefined());
  }
});

describe("readPlainYaml, fuzzed", () => {
  for (const [name, text] of [
    ["line soup", configYaml],
    ["well-indented trees", structuredConfigYaml],
  ] as const) {
    it(`never disagrees with the library (${name})`, () => {
      let accepted = 0;
      fc.assert(
        fc.property(text, (src) => {
          const fast = plain(src);
          if (fast === undefined) return;
          accepted++;
          expect(fast).toEqual(library(src));
        }),
        { numRuns: RUNS * 10 },
      );
      expect(accepted).toBeGreaterThan(RUNS / 5); // the property was not vacuous
    });
  }
});
