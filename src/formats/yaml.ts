/**
 * The YAML format, byte-compatible with sops's YAML store (go-yaml v3).
 * The `yaml` package only parses; scalar resolution and the output layout
 * are go-yaml's own rules (src/formats/yaml/*).
 *
 * Where we knowingly differ from go-yaml:
 * - a file in go-yaml v2's layout (sops before 3.7) is written back in that
 *   layout, so untouched old files stay byte-identical (sops would rewrite them),
 *   unless an indent is set (`stores.yaml.indent`, `--indent`): then it gets
 *   go-yaml v3's layout with that indent, as sops writes it;
 * - a literal block's indentation indicator (`|2-`, text starting with a space)
 *   is the real offset from its parent; go-yaml always writes its indent, which
 *   misreads inside sequence items;
 * - blank lines and `---` before the first document are not kept (as in sops).
 */
import type { EmitOptions, Format, WireMap } from "./format.js";
import { HushError } from "../errors.js";
import { Branch } from "../sops/tree.js";
import type { Document } from "../sops/tree.js";
import { emitYaml } from "./yaml/emit.js";
import { parseYaml } from "./yaml/parse.js";
import { fromWire, toWire } from "./yaml/metadata-block.js";

/**
 * Documents parsed from files in go-yaml v2's layout (sops before 3.7). Writing
 * such a document back keeps that layout, so an unchanged old file re-emits
 * byte for byte; any new document gets go-yaml v3's layout, as sops 3.13 writes.
 */
const legacyDocuments = new WeakSet<Document>();
const decoder = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/**
 * go-yaml keeps indents of 2..9 and writes anything else with 2; sops turns
 * 0 (unset) into 4 and refuses a negative one before it gets here
 * (config/stores-config.ts `emitOptionsFor`).
 */
function bestIndent(indent: number | undefined): number {
  if (indent === undefined || indent === 0) return 4;
  return indent >= 2 && indent <= 9 ? indent : 2;
}

export const yamlFormat: Format = {
  name: "yaml",

  /** @throws HushError PARSE_ERROR (file, line, col), UNSUPPORTED_VALUE (non-string key, integer beyond int64) */
  parse(bytes: Uint8Array, file?: string): { document: Document; metadata: WireMap | undefined } {
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      throw new HushError("PARSE_ERROR", "invalid YAML: the file is not UTF-8", { file });
    }
    const { document, legacyLayout } = parseYaml(text, file);
    let metadata: WireMap | undefined;
    document.forEach((branch, i) => {
      const block = branch.get("sops");
      if (block === undefined) return;
      if (i === 0) {
        const wire = toWire(block);
        if (wire !== null && typeof wire === "object" && !Array.isArray(wire)) metadata = wire;
      }
      branch.delete("sops");
    });
    if (legacyLayout) legacyDocuments.add(document);
    return { document, metadata };
  },

  /** Appends `metadata` as the last key `sops` of every document. */
  emit(document: Document, metadata: WireMap | undefined, options: EmitOptions = {}): Uint8Array {
    const sops = metadata === undefined ? undefined : fromWire(metadata);
    const branches =
      sops === undefined ? document : document.map((b) => new Branch([...b.items, { key: "sops", value: sops }]));
    const layout = { indent: bestIndent(options.indent), legacy: options.indent === undefined && legacyDocuments.has(document) };
    return encoder.encode(emitYaml(branches, layout));
  },
};
