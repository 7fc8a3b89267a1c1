import { describe, expect, it } from "vitest";
import { yamlFormat } from "../../../../src/formats/yaml.js";
import { type Branch, Comment } from "../../../../src/sops/tree.js";
import { specExample } from "../../../helpers/fixtures.js";

const enc = new TextEncoder();
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString("utf8");

describe("spec §12 worked example", () => {
  it("§12.3 encrypted file round-trips byte for byte", () => {
    const file = specExample("encrypted.yaml");
    expect(file.startsWith("#ENC[")).toBe(true);
    const { document, metadata } = yamlFormat.parse(enc.encode(file), "spec.yaml");
    expect(Object.keys(metadata ?? {})).toEqual(["age", "lastmodified", "mac", "unencrypted_suffix", "version"]);
    expect(text(yamlFormat.emit(document, metadata))).toBe(file);
  });

  it("§12.1 plaintext loads into the tree sops walks", () => {
    const { document, metadata } = yamlFormat.parse(enc.encode(specExample("plaintext.yaml")), "plain.yaml");
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
    expect(text(yamlFormat.emit(document, undefined))).toBe(specExample("plaintext.yaml"));
  });
});
