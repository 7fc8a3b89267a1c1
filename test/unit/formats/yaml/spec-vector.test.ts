import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { yamlFormat } from "../../../../src/formats/yaml.js";
import { Branch, Comment } from "../../../../src/sops/tree.js";
import { SHARED_DIR } from "../../../helpers/fixtures.js";

/** The fenced YAML block that follows `heading` in the sops spec. */
function specBlock(heading: string): string {
  const spec = readFileSync(join(SHARED_DIR, "spec/sops-format.md"), "utf8");
  const from = spec.indexOf(heading);
  const start = spec.indexOf("```yaml\n", from) + "```yaml\n".length;
  return spec.slice(start, spec.indexOf("```\n", start));
}

const enc = new TextEncoder();
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString("utf8");

describe("spec §12 worked example", () => {
  it("§12.3 encrypted file round-trips byte for byte", () => {
    const file = specBlock("### 12.3");
    expect(file.startsWith("#ENC[")).toBe(true);
    const { document, metadata } = yamlFormat.parse(enc.encode(file), "spec.yaml");
    expect(Object.keys(metadata ?? {})).toEqual(["age", "lastmodified", "mac", "unencrypted_suffix", "version"]);
    expect(text(yamlFormat.emit(document, metadata))).toBe(file);
  });

  it("§12.1 plaintext loads into the tree sops walks", () => {
    const { document, metadata } = yamlFormat.parse(enc.encode(specBlock("### 12.1")), "plain.yaml");
    expect(metadata).toBeUndefined();
    const branch = document[0] as Branch;
    expect(branch.items[0]).toEqual(new Comment(" top secret comment"));
    const db = branch.get("db") as Branch;
    expect(db.keys()).toEqual(["user", "password", "port", "ratio", "enabled"]);
    expect(db.get("port")).toBe(5432n);
    expect(db.get("ratio")).toBe(0.5);
    expect(db.get("enabled")).toBe(true);
    expect(branch.get("tags")).toEqual(["alpha", "beta"]);
    expect(branch.get("empty")).toBe("");
    expect(text(yamlFormat.emit(document, undefined))).toBe(specBlock("### 12.1"));
  });
});
