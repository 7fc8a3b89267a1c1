// What the full parse says of a sops YAML file, in the line scanner's terms
// (src/sopsfile/file-facts.ts): the codec's inspectFile for keys, values and
// metadata, the yaml library's LineCounter for every line. The scanner is
// held to this in test/unit/sopsfile and test/property.
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node, type YAMLMap } from "yaml";
import { inspectFile } from "../../src/sopsfile/index.js";
import { toWire } from "../../src/formats/yaml/metadata-block.js";
import { ageRecipients } from "../../src/sops/metadata.js";
import { resolvePlain } from "../../src/formats/yaml/resolve.js";
import type { SopsFileFacts } from "../../src/sopsfile/file-facts.js";
import { FILE_OWN_SELECTION } from "../../src/sops/selection-policy.js";

/** The facts both sides must agree on (lastmodified as the codec normalizes it, absent fields as the codec's defaults). */
export interface ComparableFacts {
  entries: Array<{ key: string; value: unknown; line: number }>;
  sopsLine: number;
  recipients: Array<{ value: string; line: number }>;
  lastModified: string;
  mac: string;
  version: string;
  selection: { kind: string; value: string } | undefined;
  selectionLine: number | undefined;
  macOnlyEncrypted: boolean;
}

/** The scanner's facts in comparable form (lastmodified normalized by the caller's rule: the codec's). */
export function comparableScan(facts: SopsFileFacts, normalize: (t: string) => string | undefined): ComparableFacts {
  return {
    entries: facts.entries.map((e) => ({ key: e.key, value: e.value, line: e.line })),
    sopsLine: facts.sopsLine ?? -1,
    recipients: facts.recipients,
    lastModified: (facts.lastModified && normalize(facts.lastModified.value)) ?? "<invalid>",
    mac: facts.mac?.value ?? "",
    version: facts.version?.value ?? "",
    selection: facts.selection?.value,
    selectionLine: facts.selection?.line,
    macOnlyEncrypted: facts.macOnlyEncrypted?.value ?? false,
  };
}

/** The full parse's facts, or "refused" when the codec will not read the file. */
export function fullParseFacts(text: string): ComparableFacts | "refused" {
  let inspected: ReturnType<typeof inspectFile>;
  try {
    inspected = inspectFile(Buffer.from(text), "yaml", undefined, FILE_OWN_SELECTION);
  } catch {
    return "refused";
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, schema: "failsafe", uniqueKeys: false });
  const line = (n: unknown): number => counter.linePos((n as Node).range![0]).line;
  const root = doc.contents as YAMLMap;
  const keyNode = (map: YAMLMap, name: string): Node | undefined => {
    const pairs = map.items.filter(isPair);
    const exact = pairs.find((p) => String((p.key as { value: unknown }).value) === name);
    return (exact ?? pairs.find((p) => String((p.key as { value: unknown }).value).toLowerCase() === name))?.key as Node | undefined;
  };
  const sopsPair = root.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === "sops")!;
  const sops = sopsPair.value as YAMLMap;
  const tree = inspected.document[0]!;
  const entries = root.items
    .filter((p) => isPair(p) && isScalar(p.key) && p.key.value !== "sops")
    .map((p) => {
      const key = String((p.key as { value: unknown }).value);
      return { key, value: toWire(tree.get(key) ?? null), line: line(p.key) };
    });
  const recipients: Array<{ value: string; line: number }> = [];
  const ageKey = keyNode(sops, "age");
  const ageValue = ageKey ? sops.items.find((p) => p.key === ageKey)?.value : undefined;
  if (isSeq(ageValue)) {
    for (const entry of ageValue.items) {
      if (!isMap(entry)) continue;
      const r = entry.items.find((p) => isScalar(p.key) && p.key.value === "recipient");
      if (r) recipients.push({ value: "", line: line(r.key) });
    }
  }
  const names = ageRecipients(inspected.metadata);
  for (const [i, name] of names.entries()) recipients[i] = { value: name, line: recipients[i]?.line ?? -1 };
  const { metadata } = inspected;
  // The option the file records: its field is there with a value (sops counts an empty one as unset).
  const node = keyNode(sops, metadata.selection.kind);
  const value = node ? sops.items.find((p) => p.key === node)?.value : undefined;
  const set = isScalar(value) && String(value.value) !== "" && !(value.type === "PLAIN" && resolvePlain(String(value.value)).kind === "null");
  const recorded = set ? metadata.selection.kind : undefined;
  return {
    entries,
    sopsLine: line(sopsPair.key),
    recipients,
    lastModified: metadata.lastModified,
    mac: metadata.mac,
    version: metadata.version,
    selection: recorded ? metadata.selection : undefined,
    selectionLine: recorded ? line(keyNode(sops, recorded)) : undefined,
    macOnlyEncrypted: metadata.macOnlyEncrypted,
  };
}
