// --decryption-order / SOPS_DECRYPTION_ORDER checked as sops 3.10–3.13 checks
// them (cmd/sops/main.go decryptionOrder): split on ",", nothing trimmed,
// empty means age,pgp, only a type named twice is refused.
import { describe, expect, it } from "vitest";
import { DEFAULT_DECRYPTION_ORDER, otherKeyTypes, parseDecryptionOrder, reportDecryptionOrder } from "../../../src/sopscmd/decryption-order.js";
import { isHushError } from "../../../src/errors.js";
import type { Metadata } from "../../../src/sops/metadata.js";

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (isHushError(e)) return e.code;
    throw e;
  }
  return undefined;
}

describe("parseDecryptionOrder", () => {
  it("defaults to age,pgp when absent or empty", () => {
    expect(DEFAULT_DECRYPTION_ORDER).toEqual(["age", "pgp"]);
    expect(parseDecryptionOrder({}, {})).toEqual(["age", "pgp"]);
    expect(parseDecryptionOrder({ decryptionOrder: "" }, {})).toEqual(["age", "pgp"]);
    expect(parseDecryptionOrder({}, { SOPS_DECRYPTION_ORDER: "" })).toEqual(["age", "pgp"]);
  });

  it("keeps the list as given: any names, no trimming, empty parts", () => {
    expect(parseDecryptionOrder({ decryptionOrder: "pgp,age" }, {})).toEqual(["pgp", "age"]);
    expect(parseDecryptionOrder({ decryptionOrder: "kms,vault,whatever" }, {})).toEqual(["kms", "vault", "whatever"]);
    expect(parseDecryptionOrder({ decryptionOrder: "age, age" }, {})).toEqual(["age", " age"]);
    expect(parseDecryptionOrder({ decryptionOrder: "age,,pgp" }, {})).toEqual(["age", "", "pgp"]);
  });

  it("the flag wins over SOPS_DECRYPTION_ORDER, also when it is empty", () => {
    expect(parseDecryptionOrder({ decryptionOrder: "pgp" }, { SOPS_DECRYPTION_ORDER: "age,age" })).toEqual(["pgp"]);
    expect(parseDecryptionOrder({ decryptionOrder: "" }, { SOPS_DECRYPTION_ORDER: "age,age" })).toEqual(["age", "pgp"]);
    expect(parseDecryptionOrder({}, { SOPS_DECRYPTION_ORDER: "pgp,age" })).toEqual(["pgp", "age"]);
  });

  it("a type named twice is DECRYPTION_ORDER_INVALID, naming the source", () => {
    expect(codeOf(() => parseDecryptionOrder({ decryptionOrder: "age,pgp,age" }, {}))).toBe("DECRYPTION_ORDER_INVALID");
    expect(codeOf(() => parseDecryptionOrder({ decryptionOrder: "age,," }, {}))).toBe("DECRYPTION_ORDER_INVALID");
    expect(() => parseDecryptionOrder({}, { SOPS_DECRYPTION_ORDER: "kms,kms" })).toThrow(/duplicate decryption key type "kms" in SOPS_DECRYPTION_ORDER/);
    expect(() => parseDecryptionOrder({ decryptionOrder: "pgp,pgp" }, {})).toThrow(/in --decryption-order/);
  });
});

describe("what the order means to hush", () => {
  const metadata: Metadata = {
    keyGroups: [{ age: [{ recipient: "age1x", enc: "-" }], others: { pgp: [{ fp: "F" }], kms: [] } }],
    lastModified: "2025-01-01T00:00:00Z",
    mac: "",
    selection: { kind: "unencrypted_suffix", value: "_unencrypted" },
    macOnlyEncrypted: false,
    version: "3.13.2",
  };

  it("names the file's other key types as skipped", () => {
    expect(otherKeyTypes(metadata)).toEqual(["pgp"]);
    const lines: string[] = [];
    reportDecryptionOrder(["pgp", "age"], metadata, { onVerbose: (l) => lines.push(l) });
    expect(lines).toEqual(["decryption order: pgp,age (hush opens age keys only; skipping this file's pgp entries)"]);
  });
});
