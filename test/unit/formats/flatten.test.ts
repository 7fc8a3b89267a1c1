import { describe, expect, it } from "vitest";
import { flattenWire, unflattenWire } from "../../../src/formats/flatten.js";
import { isHushError } from "../../../src/errors.js";

describe("metadata flattening (spec §5.4)", () => {
  const wire = {
    age: [
      { enc: "e1", recipient: "r1" },
      { enc: "e2", recipient: "r2" },
    ],
    key_groups: [{ age: [{ recipient: "g" }], hc_vault: [] }],
    lastmodified: "t",
    mac_only_encrypted: true,
    shamir_threshold: 2,
  };

  it("flattens depth first with __map_/__list_ and skips empty containers", () => {
    expect(flattenWire(wire, "sops_")).toEqual([
      ["sops_age__list_0__map_enc", "e1"],
      ["sops_age__list_0__map_recipient", "r1"],
      ["sops_age__list_1__map_enc", "e2"],
      ["sops_age__list_1__map_recipient", "r2"],
      ["sops_key_groups__list_0__map_age__list_0__map_recipient", "g"],
      ["sops_lastmodified", "t"],
      ["sops_mac_only_encrypted", "true"],
      ["sops_shamir_threshold", "2"],
    ]);
  });

  it("unflattens back (values as strings, empty lists gone)", () => {
    expect(unflattenWire(flattenWire(wire))).toEqual({
      age: wire.age,
      key_groups: [{ age: [{ recipient: "g" }] }],
      lastmodified: "t",
      mac_only_encrypted: "true",
      shamir_threshold: "2",
    });
  });

  it.each([
    [
      "duplicates",
      [
        ["a", "1"],
        ["a", "2"],
      ],
    ],
    [
      "a gap in list indexes",
      [
        ["l__list_0", "x"],
        ["l__list_2", "y"],
      ],
    ],
    [
      "a leaf that is also a container",
      [
        ["a", "1"],
        ["a__map_b", "2"],
      ],
    ],
    [
      "a container that is also a leaf",
      [
        ["a__map_b", "2"],
        ["a", "1"],
      ],
    ],
  ])("refuses %s", (_n, pairs) => {
    let error: unknown;
    try {
      unflattenWire(pairs as [string, string][]);
    } catch (e) {
      error = e;
    }
    expect(isHushError(error, "METADATA_INVALID")).toBe(true);
  });
});
