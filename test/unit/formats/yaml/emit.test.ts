import { describe, expect, it } from "vitest";
import { yamlFormat } from "../../../../src/formats/yaml.js";
import { Branch, Timestamp } from "../../../../src/sops/tree.js";
import type { Value } from "../../../../src/sops/tree.js";

const out = (branch: Branch, indent?: number): string =>
  Buffer.from(yamlFormat.emit([branch], undefined, indent === undefined ? {} : { indent })).toString("utf8");
const one = (value: Value): string => out(new Branch([{ key: "v", value }]));

describe("scalar styles (go-yaml v3 encoder)", () => {
  it.each([
    ["plain", "v: plain\n"],
    ["ENC[AES256_GCM,data:x,type:str]", "v: ENC[AES256_GCM,data:x,type:str]\n"],
    ["age1abc", "v: age1abc\n"],
    ["3.13.2", "v: 3.13.2\n"],
    ["a-b", "v: a-b\n"],
    ["-x", "v: -x\n"],
    ["a:b", "v: a:b\n"],
    ["a#b", "v: a#b\n"],
    ["héllo wörld", "v: héllo wörld\n"],
  ])("%j is plain", (value, expected) => expect(one(value)).toBe(expected));

  it.each([
    ["", 'v: ""\n'],
    ["true", 'v: "true"\n'],
    ["False", 'v: "False"\n'],
    ["null", 'v: "null"\n'],
    ["~", 'v: "~"\n'],
    ["0777", 'v: "0777"\n'],
    ["0x1F", 'v: "0x1F"\n'],
    ["1_000", 'v: "1_000"\n'],
    ["1.5", 'v: "1.5"\n'],
    [".inf", 'v: ".inf"\n'],
    ["2025-01-01T00:00:00Z", 'v: "2025-01-01T00:00:00Z"\n'],
    ["2024-01-15", 'v: "2024-01-15"\n'],
    ["yes", 'v: "yes"\n'],
    ["Off", 'v: "Off"\n'],
    ["y", 'v: "y"\n'],
    ["1:20", 'v: "1:20"\n'],
    ["<<", 'v: "<<"\n'],
    ["tab\there", 'v: "tab\\there"\n'],
    ["bell\x07", 'v: "bell\\a"\n'],
    ["emoji 😀", 'v: "emoji \\U0001F600"\n'],
    ["it's \x01", 'v: "it\'s \\x01"\n'],
  ])("%j is double-quoted", (value, expected) => expect(one(value)).toBe(expected));

  it.each([
    [" lead", "v: ' lead'\n"],
    ["trail ", "v: 'trail '\n"],
    ["a: b", "v: 'a: b'\n"],
    ["x #y", "v: 'x #y'\n"],
    ["#x", "v: '#x'\n"],
    ["- x", "v: '- x'\n"],
    ["[a]", "v: '[a]'\n"],
    ["{a}", "v: '{a}'\n"],
    ["*ref", "v: '*ref'\n"],
    ["&a", "v: '&a'\n"],
    ["!tag", "v: '!tag'\n"],
    ["@x", "v: '@x'\n"],
    ["`x", "v: '`x'\n"],
    ["%x", "v: '%x'\n"],
    ["'q'", "v: '''q'''\n"],
    ['"q"', "v: '\"q\"'\n"],
    ["---", "v: '---'\n"],
    ["? x", "v: '? x'\n"],
  ])("%j is single-quoted", (value, expected) => expect(one(value)).toBe(expected));

  it.each([
    ["a\nb\n", "v: |\n    a\n    b\n"],
    ["a\nb", "v: |-\n    a\n    b\n"],
    ["a\n\n", "v: |+\n    a\n\n"],
    ["a\n\nb\n", "v: |\n    a\n\n    b\n"],
    ["  indented\nx\n", "v: |4\n      indented\n    x\n"],
  ])("multi-line %j is a literal block", (value, expected) => expect(one(value)).toBe(expected));

  it("multi-line text a literal block cannot hold is double-quoted", () => {
    expect(one("a \nb")).toBe('v: "a \\nb"\n');
    expect(one("a\nb ")).toBe('v: "a\\nb "\n');
  });

  it.each([
    [5432n, "v: 5432\n"],
    [-1n, "v: -1\n"],
    [0.5, "v: 0.5\n"],
    [1, "v: 1\n"],
    [1e6, "v: 1e+06\n"],
    [1234567.5, "v: 1.2345675e+06\n"],
    [123456, "v: 123456\n"],
    [0.0001, "v: 0.0001\n"],
    [1.5e-5, "v: 1.5e-05\n"],
    [1e21, "v: 1e+21\n"],
    [1e-300, "v: 1e-300\n"],
    [Infinity, "v: .inf\n"],
    [-Infinity, "v: -.inf\n"],
    [Number.NaN, "v: .nan\n"],
    [true, "v: true\n"],
    [false, "v: false\n"],
    [null, "v: null\n"],
    [new Timestamp("2024-01-15T00:00:00Z"), "v: 2024-01-15T00:00:00Z\n"],
    [[], "v: []\n"],
    [new Branch(), "v: {}\n"],
  ])("%s", (value, expected) => expect(one(value)).toBe(expected));

  it("bytes that are not UTF-8 are !!binary, in 70-column lines once long", () => {
    expect(one(new Uint8Array([0xff, 0xfe]))).toBe("v: !!binary //4=\n");
    const long = one(new Uint8Array(60).fill(0xff));
    expect(long).toBe(`v: !!binary |\n    ${"/".repeat(70)}\n    ${"/".repeat(10)}\n`);
    expect((yamlFormat.parse(new TextEncoder().encode(long)).document[0] as Branch).get("v")).toEqual(new Uint8Array(60).fill(0xff));
  });

  it("bytes that are UTF-8 are written as the string they spell", () => {
    expect(one(new TextEncoder().encode("héllo"))).toBe("v: héllo\n");
  });

  it("quotes keys by the same rules", () => {
    const b = new Branch([
      { key: "true", value: 1n },
      { key: "a b", value: 2n },
      { key: " k", value: 3n },
      { key: "<<", value: 4n },
    ]);
    expect(out(b)).toBe('"true": 1\na b: 2\n\' k\': 3\n"<<": 4\n');
  });
});

describe("block layout", () => {
  const tree = new Branch([
    {
      key: "top",
      value: new Branch([
        {
          key: "list",
          value: [
            "a",
            new Branch([
              { key: "k", value: "v" },
              { key: "m", value: new Branch([{ key: "deep", value: "x\n" }]) },
            ]),
            ["n1", "n2"],
          ],
        },
      ]),
    },
    {
      key: "armor",
      value: [
        new Branch([
          { key: "enc", value: "line1\nline2\n" },
          { key: "recipient", value: "age1x" },
        ]),
      ],
    },
  ]);

  it("indents 4 by default: sequences under their key, mappings on the dash line", () => {
    expect(out(tree)).toBe(
      [
        "top:",
        "    list:",
        "        - a",
        "        - k: v",
        "          m:",
        "            deep: |",
        "                x",
        "        - - n1",
        "          - n2",
        "armor:",
        "    - enc: |",
        "        line1",
        "        line2",
        "      recipient: age1x",
        "",
      ].join("\n"),
    );
  });

  it("honours indent 2, and treats 0 as 4 and out-of-range as 2", () => {
    const small = new Branch([{ key: "a", value: new Branch([{ key: "b", value: ["c"] }]) }]);
    expect(out(small, 2)).toBe("a:\n  b:\n    - c\n");
    expect(out(small, 0)).toBe("a:\n    b:\n        - c\n");
    expect(out(small, 12)).toBe(out(small, 2));
  });

  it("appends the metadata as the last key of every document, with --- between documents", () => {
    const docs = [new Branch([{ key: "a", value: 1n }]), new Branch([{ key: "b", value: 2n }])];
    const meta = { lastmodified: "2025-01-01T00:00:00Z", shamir_threshold: 2, version: "3.13.2" };
    const text = Buffer.from(yamlFormat.emit(docs, meta)).toString("utf8");
    const block = 'sops:\n    lastmodified: "2025-01-01T00:00:00Z"\n    shamir_threshold: 2\n    version: 3.13.2\n';
    expect(text).toBe(`a: 1\n${block}---\nb: 2\n${block}`);
    const back = yamlFormat.parse(new TextEncoder().encode(text));
    expect(back.metadata).toEqual(meta);
    expect(back.document.map((b) => b.keys())).toEqual([["a"], ["b"]]);
  });

  it("writes non-ASCII text raw and never wraps long lines", () => {
    const long = "word ".repeat(60).trim();
    expect(one(long)).toBe(`v: ${long}\n`);
    expect(one("日本語")).toBe("v: 日本語\n");
  });
});

describe("keys go-yaml cannot write as simple keys", () => {
  const long = "k".repeat(129);

  it("a key over 128 bytes or on several lines is written `? key` / `: value`", () => {
    expect(out(new Branch([{ key: long, value: "v" }]))).toBe(`? ${long}\n: v\n`);
    expect(out(new Branch([{ key: "two\nlines", value: 1n }]))).toBe("? |-\n    two\n    lines\n: 1\n");
    expect(out(new Branch([{ key: "k".repeat(128), value: "v" }]))).toBe(`${"k".repeat(128)}: v\n`);
  });

  it("a block value starts on the `:` line", () => {
    const nested = new Branch([
      {
        key: long,
        value: new Branch([
          { key: "a", value: 1n },
          { key: "b", value: ["x", "w"] },
        ]),
      },
    ]);
    expect(out(nested)).toBe(`? ${long}\n:   a: 1\n    b:\n        - x\n        - w\n`);
    expect(out(new Branch([{ key: long, value: ["x", "w"] }]))).toBe(`? ${long}\n:   - x\n    - w\n`);
  });

  it("reads back", () => {
    const tree = new Branch([
      { key: long, value: new Branch([{ key: "a", value: 1n }]) },
      { key: "multi\nline\n", value: ["x"] },
      { key: `${long}2`, value: "plain" },
    ]);
    expect(yamlFormat.parse(yamlFormat.emit([tree], undefined)).document).toEqual([tree]);
  });
});

describe("typical plaintext files written in go-yaml's style come back unchanged", () => {
  it.each([
    [
      "a Kubernetes secret",
      [
        "apiVersion: v1",
        "kind: Secret",
        "metadata:",
        "    name: db-credentials",
        "    labels:",
        "        app.kubernetes.io/name: web",
        "type: Opaque",
        "stringData:",
        "    # rotated quarterly",
        "    password: hunter2",
        '    port: "5432"',
        "    config.json: |",
        '        {"host": "db", "tls": true}',
        '    empty: ""',
        "",
      ].join("\n"),
    ],
    [
      "an app config with lists of maps",
      [
        "services:",
        "    - name: api",
        "      replicas: 3",
        "      ratio: 0.25",
        "      env:",
        "        - KEY=value",
        "        - OTHER='quoted'",
        "    - name: worker",
        "      enabled: false",
        "      started: 2024-01-15T10:00:00Z",
        "tokens: []",
        "limits: {}",
        "nothing: null",
        "",
      ].join("\n"),
    ],
  ])("%s", (_name, text) => {
    const parsed = yamlFormat.parse(new TextEncoder().encode(text), "plain.yaml");
    expect(Buffer.from(yamlFormat.emit(parsed.document, parsed.metadata)).toString("utf8")).toBe(text);
  });
});
