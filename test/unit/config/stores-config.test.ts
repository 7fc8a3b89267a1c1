// The `stores:` section of .sops.yaml as sops 3.9+ reads it (config/config.go
// StoresConfig, NewStoresConfig; go-yaml's non-strict Unmarshal) and the
// layouts it selects (stores/yaml/store.go getIndentation, stores/json/store.go
// reindentJSON). The expected YAML of the spec's §12.3 file at other indents is
// written from go-yaml v3's emitter rules: a nested block goes to the next
// multiple of the indent, a sequence sits one indent under its key, a mapping
// in a sequence item starts after "- ", a literal block is one indent (rounded
// up to a multiple) deeper than its key.
import { describe, expect, it } from "vitest";
import { parseSopsConfig } from "../../../src/config/sops-yaml.js";
import { parseStoresConfig } from "../../../src/config/stores-config-text.js";
import { defaultStores, emitOptionsFor } from "../../../src/config/stores-config.js";
import { jsonFormat } from "../../../src/formats/json.js";
import { yamlFormat } from "../../../src/formats/yaml.js";
import { isHushError, type HushError } from "../../../src/errors.js";
import { specExample } from "../../helpers/fixtures.js";

function thrown(f: () => unknown): HushError {
  try {
    f();
  } catch (e) {
    if (isHushError(e)) return e;
    throw e;
  }
  throw new Error("expected a HushError");
}

const CONFIG = "/r/.sops.yaml";

describe("reading stores:", () => {
  it("defaults: YAML 0 (written as 4), JSON and json_binary -1 (a TAB)", () => {
    expect(defaultStores()).toEqual({ yaml: { indent: 0 }, json: { indent: -1 }, jsonBinary: { indent: -1 } });
    expect(parseSopsConfig("creation_rules: []\n", CONFIG).stores).toEqual(defaultStores());
    expect(parseStoresConfig("creation_rules:\n  - age: age1x\n", CONFIG)).toEqual(defaultStores());
  });

  it("takes yaml/json/json_binary indent; keys it does not know are ignored, as sops ignores them", () => {
    const text =
      "stores:\n  yaml:\n    indent: 2\n    colour: red\n  json:\n    indent: 0\n  json_binary:\n    indent: 3\n  dotenv: {}\n  ini: {}\n  toml:\n    indent: x\n";
    const want = { yaml: { indent: 2 }, json: { indent: 0 }, jsonBinary: { indent: 3 } };
    expect(parseSopsConfig(text, CONFIG).stores).toEqual(want);
    expect(parseStoresConfig(text, CONFIG)).toEqual(want);
  });

  it("go-yaml's int decoding: a float is truncated, null keeps the default, 0x10 is 16", () => {
    expect(parseStoresConfig("stores:\n  yaml: {indent: 2.7}\n  json: {indent: null}\n  json_binary: {indent: 0x10}\n", CONFIG)).toEqual({
      yaml: { indent: 2 },
      json: { indent: -1 },
      jsonBinary: { indent: 16 },
    });
    expect(parseStoresConfig("stores:\n  yaml:\n  json: ~\n", CONFIG)).toEqual(defaultStores());
  });

  it("a value that is not a number, or a store that is not a mapping: CONFIG_INVALID at its line", () => {
    for (const [text, line, what] of [
      ["stores:\n  yaml:\n    indent: two\n", 3, "stores.yaml.indent is not an integer"],
      ["stores:\n  json:\n    indent: true\n", 3, "stores.json.indent is not an integer"],
      ["creation_rules: []\nstores:\n  json_binary: [1]\n", 3, "stores.json_binary is not a mapping"],
      ["stores: 4\n", 1, "stores is not a mapping"],
    ] as const) {
      for (const parse of [(t: string) => parseSopsConfig(t, CONFIG), (t: string) => parseStoresConfig(t, CONFIG)]) {
        const e = thrown(() => parse(text));
        expect(e.code).toBe("CONFIG_INVALID");
        expect(e.line).toBe(line);
        expect(e.message).toContain(what);
      }
    }
  });

  it("only the stores section: a rule sops would refuse does not stop the reader decrypt uses", () => {
    const text = 'creation_rules:\n  - path_regex: "(unclosed"\nstores:\n  yaml: {indent: 2}\n';
    expect(parseStoresConfig(text, CONFIG).yaml.indent).toBe(2);
    expect(thrown(() => parseSopsConfig(text, CONFIG)).code).toBe("CONFIG_INVALID");
  });
});

describe("emitOptionsFor", () => {
  const stores = { yaml: { indent: 2 }, json: { indent: 3 }, jsonBinary: { indent: 1 } };

  it("each format takes its own store's indent; --indent replaces all of them", () => {
    expect(emitOptionsFor("yaml", stores)).toEqual({ indent: 2 });
    expect(emitOptionsFor("json", stores)).toEqual({ indent: 3 });
    expect(emitOptionsFor("binary", stores)).toEqual({ indent: 1 });
    expect(emitOptionsFor("dotenv", stores)).toEqual({});
    expect(emitOptionsFor("ini", stores, 7)).toEqual({});
    expect(emitOptionsFor("yaml", stores, 5)).toEqual({ indent: 5 });
    expect(emitOptionsFor("json", stores, 0)).toEqual({ indent: 0 });
    expect(emitOptionsFor("yaml", defaultStores())).toEqual({});
    expect(emitOptionsFor("json", defaultStores())).toEqual({});
  });

  it("a negative YAML indent or a JSON indent below -1 is INDENT_INVALID (sops exit 4)", () => {
    expect(thrown(() => emitOptionsFor("yaml", stores, -1)).code).toBe("INDENT_INVALID");
    expect(thrown(() => emitOptionsFor("json", { ...stores, json: { indent: -2 } })).code).toBe("INDENT_INVALID");
    expect(thrown(() => emitOptionsFor("binary", stores, -3)).code).toBe("INDENT_INVALID");
    expect(emitOptionsFor("json", stores, -1)).toEqual({});
  });
});

/** The §12.3 file with each line's indentation mapped (4-space levels and the 10/12 columns of an age entry). */
function reindented(file: string, columns: Record<number, number>): string {
  return file
    .split("\n")
    .map((line) => {
      const pad = line.length - line.trimStart().length;
      if (pad === 0) return line;
      const to = columns[pad];
      if (to === undefined) throw new Error(`no column for ${pad}`);
      return " ".repeat(to) + line.trimStart();
    })
    .join("\n");
}

describe("the layouts, byte for byte (spec §12.3 file)", () => {
  const file = specExample("encrypted.yaml");
  const { document, metadata } = yamlFormat.parse(new TextEncoder().encode(file), "spec.yaml");
  const yaml = (indent?: number) => Buffer.from(yamlFormat.emit(document, metadata, emitOptionsFor("yaml", defaultStores(), indent))).toString("utf8");

  it("YAML indent 4 (the default, also written for 0) is the file as sops wrote it", () => {
    expect(yaml()).toBe(file);
    expect(yaml(0)).toBe(file);
    expect(yaml(4)).toBe(file);
  });

  it("YAML indent 2: levels at 2, the age entry's dash at 4, its keys at 6, the armor at 8", () => {
    // key 4 -> 2; dash of `age` 8 -> 4; `recipient` 10 -> 6; armor 12 -> 8
    expect(yaml(2)).toBe(reindented(file, { 4: 2, 8: 4, 10: 6, 12: 8 }));
    expect(yaml(2)).toContain("\n  age:\n    - enc: |\n        -----BEGIN AGE ENCRYPTED FILE-----\n");
    expect(yaml(1)).toBe(yaml(2)); // go-yaml writes indents outside 2..9 with 2
    expect(yaml(10)).toBe(yaml(2));
  });

  it("YAML indent 3: the armor goes to the next multiple of 3 past its key (9)", () => {
    expect(yaml(3)).toBe(reindented(file, { 4: 3, 8: 6, 10: 8, 12: 9 }));
  });

  it("JSON: a TAB by default, N spaces, 0 = line breaks only", () => {
    const json = (indent?: number) => Buffer.from(jsonFormat.emit(document, metadata, emitOptionsFor("json", defaultStores(), indent))).toString("utf8");
    expect(json()).toMatch(/^\{\n\t"db": \{\n\t\t"user": "ENC\[/);
    expect(json(2)).toMatch(/^\{\n {2}"db": \{\n {4}"user": "ENC\[/);
    expect(json(2)).toContain('\n  "sops": {\n    "age": [\n      {\n        "enc": "-----BEGIN AGE ENCRYPTED FILE-----\\n');
    expect(json(0)).toMatch(/^\{\n"db": \{\n"user": "ENC\[/);
    expect(json(0).endsWith('"version": "3.13.2"\n}\n}\n')).toBe(true);
  });
});
