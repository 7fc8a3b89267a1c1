import { describe, expect, it } from "vitest";
import { DEFAULT_SELECTION, type Selection } from "../../../src/sops/metadata.js";
import { FILE_OWN_SELECTION, STORE_POLICY, enforceSelectionPolicy, rulePolicy, selectionMismatch } from "../../../src/sops/selection-policy.js";
import { HushError } from "../../../src/errors.js";

const file = (selection: Selection, macOnlyEncrypted = false) => ({ selection, macOnlyEncrypted });

describe("selection policy", () => {
  it("the store policy accepts only sops's default selection (every store key encrypted) and no mac_only_encrypted", () => {
    expect(selectionMismatch(file(DEFAULT_SELECTION), STORE_POLICY)).toBeUndefined();
    for (const kind of [
      "unencrypted_suffix",
      "encrypted_suffix",
      "unencrypted_regex",
      "encrypted_regex",
      "unencrypted_comment_regex",
      "encrypted_comment_regex",
    ] as const) {
      const m = selectionMismatch(file({ kind, value: "_token" }), STORE_POLICY);
      expect(m?.fields).toEqual([kind]);
      expect(m?.sets).toEqual([`${kind} "_token"`]);
    }
    expect(selectionMismatch(file(DEFAULT_SELECTION, true), STORE_POLICY)?.fields).toEqual(["mac_only_encrypted"]);
  });

  it("a rule's selection is the policy of the files it matches; no rule or no selection means sops's default", () => {
    const rule = rulePolicy({ index: 1, selection: { kind: "encrypted_regex", value: "^(data|stringData)$" } }, "/r/.sops.yaml");
    expect(rule.source).toBe("creation rule 2 of /r/.sops.yaml");
    expect(selectionMismatch(file({ kind: "encrypted_regex", value: "^(data|stringData)$" }), rule)).toBeUndefined();
    // A file that encrypts everything still differs from a rule that names what to encrypt: the policy is the rule.
    const m = selectionMismatch(file(DEFAULT_SELECTION), rule);
    expect(m).toMatchObject({ fields: ["encrypted_regex"], file: "every value encrypted", policy: 'encrypted_regex "^(data|stringData)$"' });
    expect(selectionMismatch(file({ kind: "encrypted_regex", value: "^password$" }), rulePolicy(undefined, undefined))?.policy).toBe("every value encrypted");
    expect(rulePolicy(undefined, "/r/.sops.yaml").source).toContain("no rule matches");
    expect(selectionMismatch(file(DEFAULT_SELECTION, true), rulePolicy({ index: 0, macOnlyEncrypted: true }, "c"))).toBeUndefined();
  });

  it("enforce throws one SELECTION_REFUSED naming the file's field, for the store and for a rule; FILE_OWN_SELECTION trusts the file", () => {
    const tampered = file({ kind: "unencrypted_suffix", value: "_token" });
    let error: unknown;
    try {
      enforceSelectionPolicy(tampered, STORE_POLICY, "secrets/shared/db.yaml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HushError);
    expect(error).toMatchObject({ code: "SELECTION_REFUSED", file: "secrets/shared/db.yaml" });
    expect((error as HushError).message).toBe(
      'the sops block sets unencrypted_suffix "_token"; hush store files have every value encrypted, so hush refuses to read or write this file',
    );
    expect((error as HushError).hint).toContain("git checkout -- secrets/shared/db.yaml");
    expect(() => enforceSelectionPolicy(tampered, rulePolicy(undefined, "/r/.sops.yaml"), "app.yaml")).toThrow(
      "the file's selection (unencrypted_suffix \"_token\") differs from /r/.sops.yaml (no rule matches: sops's default), which has every value encrypted",
    );
    expect(() => enforceSelectionPolicy(tampered, FILE_OWN_SELECTION, "app.yaml")).not.toThrow();
  });
});
