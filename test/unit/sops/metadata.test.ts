import { describe, expect, it } from "vitest";
import { metadataFromWire, metadataToWire, versionProblem } from "../../../src/sops/metadata.js";
import type { WireMap } from "../../../src/formats/format.js";
import { isHushError } from "../../../src/errors.js";

const ENC = "-----BEGIN AGE ENCRYPTED FILE-----\nAAAA\n-----END AGE ENCRYPTED FILE-----\n";
const base = (): WireMap => ({
  // sops ≤ 3.12 struct order, with leftovers
  kms: [],
  gcp_kms: null,
  age: [{ recipient: "age1one", enc: ENC }],
  lastmodified: "2019-12-10T22:45:52Z",
  mac: "ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]",
  pgp: null,
  unencrypted_suffix: "_unencrypted",
  version: "3.5.0",
  something_new: { a: 1 },
});

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isHushError(e) ? e.code : "other";
  }
  return undefined;
}

describe("metadata wire (spec §5)", () => {
  it("reads old struct order, nulls, empty lists and unknown keys", () => {
    const m = metadataFromWire(base());
    expect(m.keyGroups).toEqual([{ age: [{ recipient: "age1one", enc: ENC }], others: {} }]);
    expect(m.selection).toEqual({ kind: "unencrypted_suffix", value: "_unencrypted" });
    expect(m.version).toBe("3.5.0");
    expect(m.macOnlyEncrypted).toBe(false);
  });

  it("writes sorted keys, enc before recipient, as 3.13 does", () => {
    const wire = metadataToWire(metadataFromWire(base()));
    expect(Object.keys(wire)).toEqual(["age", "lastmodified", "mac", "unencrypted_suffix", "version"]);
    expect(Object.keys((wire.age as WireMap[])[0]!)).toEqual(["enc", "recipient"]);
  });

  it("keeps other key types verbatim and sorted in", () => {
    const wire = metadataToWire(metadataFromWire({ ...base(), pgp: [{ fp: "F", created_at: "c", enc: "e" }] }));
    expect(Object.keys(wire)).toEqual(["age", "lastmodified", "mac", "pgp", "unencrypted_suffix", "version"]);
  });

  it("defaults the selection when none is recorded, and reads lenient flattened values", () => {
    const w = base();
    delete w.unencrypted_suffix;
    const m = metadataFromWire({ ...w, mac_only_encrypted: "true", shamir_threshold: "2" });
    expect(m.selection.kind).toBe("unencrypted_suffix");
    expect(m.macOnlyEncrypted).toBe(true);
    expect(m.shamirThreshold).toBe(2);
  });

  it("normalises lastmodified for the MAC AAD", () => {
    expect(metadataFromWire({ ...base(), lastmodified: "2025-01-01T00:00:00.123456Z" }).lastModified).toBe("2025-01-01T00:00:00Z");
    expect(metadataFromWire({ ...base(), lastmodified: "2025-01-01T02:00:00+02:00" }).lastModified).toBe("2025-01-01T02:00:00+02:00");
    expect(metadataFromWire({ ...base(), lastmodified: "2025-01-01T00:00:00+00:00" }).lastModified).toBe("2025-01-01T00:00:00Z");
  });

  it.each([
    ["a bad lastmodified", { lastmodified: "yesterday" }],
    ["a missing lastmodified", { lastmodified: null }],
    ["two selection rules", { encrypted_regex: "^data$" }],
    ["a malformed age entry", { age: [{ recipient: "age1" }] }],
  ])("refuses %s", (_name, patch) => {
    expect(code(() => metadataFromWire({ ...base(), ...(patch as WireMap) }))).toBe("METADATA_INVALID");
  });

  it('reads a block with no version (other sops implementations) as version "", and writes it back so', () => {
    const { version: _, ...rest } = base();
    const m = metadataFromWire(rest);
    expect(m.version).toBe("");
    expect(metadataToWire(m).version).toBe("");
    expect(metadataFromWire({ ...rest, version: null }).version).toBe("");
  });

  it("finds fields as sops (mapstructure) does: the exact name, else one equal under case folding", () => {
    const { unencrypted_suffix: _, ...rest } = base();
    expect(metadataFromWire({ ...rest, Encrypted_Regex: "^user$" }).selection).toEqual({ kind: "encrypted_regex", value: "^user$" });
    expect(metadataFromWire({ ...rest, "unencrypted_\u017Fuffix": "_token" }).selection).toEqual({ kind: "unencrypted_suffix", value: "_token" });
    expect(metadataFromWire({ ...base(), MAC_ONLY_ENCRYPTED: "1" }).macOnlyEncrypted).toBe(true);
    expect(metadataFromWire({ ...base(), mac_only_encrypted: 1 }).macOnlyEncrypted).toBe(true);
    expect(metadataFromWire({ ...base(), mac_only_encrypted: "F" }).macOnlyEncrypted).toBe(false);
    expect(code(() => metadataFromWire({ ...base(), mac_only_encrypted: "maybe" }))).toBe("METADATA_INVALID");
    // The exact name wins over a case variant.
    expect(metadataFromWire({ ...base(), Unencrypted_Suffix: "_token" }).selection).toEqual({ kind: "unencrypted_suffix", value: "_unencrypted" });
  });

  it("reads any version (filestatus and updatekeys do, as sops); versionProblem says what decrypt refuses", () => {
    expect(metadataFromWire({ ...base(), version: "three" }).version).toBe("three");
    expect(versionProblem("three")).toBe('version "three" is not a semantic version');
    expect(versionProblem("")).toMatch(/^version is missing/);
    expect(versionProblem("3.13.2")).toBeUndefined();
    expect(versionProblem("v3.7.0-rc.1")).toBeUndefined();
  });

  it("takes an empty selection option as unset, as sops does (not as an empty suffix that would leave everything clear)", () => {
    expect(metadataFromWire({ ...base(), unencrypted_suffix: "" }).selection).toEqual({ kind: "unencrypted_suffix", value: "_unencrypted" });
    expect(metadataFromWire({ ...base(), unencrypted_suffix: "", encrypted_regex: "^data$" }).selection).toEqual({ kind: "encrypted_regex", value: "^data$" });
  });

  it("round-trips key groups with a Shamir threshold", () => {
    const wire: WireMap = {
      key_groups: [
        { age: [{ enc: ENC, recipient: "age1a" }], hc_vault: [] },
        { age: [{ enc: ENC, recipient: "age1b" }], hc_vault: [] },
      ],
      lastmodified: "2025-01-01T00:00:00Z",
      mac: "",
      shamir_threshold: 2,
      unencrypted_suffix: "_unencrypted",
      version: "3.13.2",
    };
    expect(metadataToWire(metadataFromWire(wire))).toEqual(wire);
    expect(Object.keys(metadataToWire(metadataFromWire(wire)))).toEqual(Object.keys(wire));
  });
});
