import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { yamlFormat } from "../../../../src/formats/yaml.js";
import { requireSopsReal } from "../../../helpers/fixtures.js";

const dir = requireSopsReal();
const fixtures = [
  "example.yaml",
  "comments.enc.yaml",
  "comments_unencrypted_comments.yaml",
  "format.enc.yaml",
  "multiple_keys.yaml",
  ...readdirSync(join(dir, "tampered"))
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => `tampered/${f}`),
];

describe("real sops YAML files", () => {
  it.each(fixtures)("%s parses and re-emits byte for byte", (name) => {
    const bytes = readFileSync(join(dir, name));
    const { document, metadata } = yamlFormat.parse(bytes, name);
    expect(metadata).toBeDefined();
    expect(document[0]?.has("sops")).toBe(false);
    expect(Buffer.from(yamlFormat.emit(document, metadata)).toString("utf8")).toBe(bytes.toString("utf8"));
  });

  it("reads the metadata as plain data in file order", () => {
    const { metadata } = yamlFormat.parse(readFileSync(join(dir, "multiple_keys.yaml")), "multiple_keys.yaml");
    expect(Object.keys(metadata ?? {})).toEqual(["kms", "gcp_kms", "azure_kv", "age", "lastmodified", "mac", "pgp", "unencrypted_suffix", "version"]);
    const age = metadata?.age as { recipient: string; enc: string }[];
    expect(age).toHaveLength(2);
    expect(age[1]?.recipient).toBe("age1c8htaj6qjrquy8hkl74p05rjxuee2r4t7eaegm566gv4f9nhypms3445sj");
    expect(age[1]?.enc.startsWith("-----BEGIN AGE ENCRYPTED FILE-----\n")).toBe(true);
    expect(age[1]?.enc.endsWith("-----END AGE ENCRYPTED FILE-----\n")).toBe(true);
    expect(metadata?.lastmodified).toBe("2019-08-29T22:22:04Z");
    expect(metadata?.kms).toEqual([]);
  });
});
