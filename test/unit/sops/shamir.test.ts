import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { combineShares, splitSecret } from "../../../src/sops/shamir.js";

describe("Shamir over GF(256) (spec §7)", () => {
  it("any threshold-sized subset rebuilds the secret; share layout is 32 bytes + x", () => {
    const secret = randomBytes(32);
    const shares = splitSecret(secret, 3, 2);
    expect(shares.map((s) => s.length)).toEqual([33, 33, 33]);
    expect(shares.map((s) => s[32])).toEqual([1, 2, 3]);
    for (const pair of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      expect(Buffer.from(combineShares(pair.map((i) => shares[i]!)))).toEqual(secret);
    }
    expect(Buffer.from(combineShares(shares))).toEqual(secret);
  });
  it("one share below the threshold does not reveal it", () => {
    const secret = randomBytes(32);
    const shares = splitSecret(secret, 3, 3);
    expect(Buffer.from(combineShares([shares[0]!, shares[1]!]))).not.toEqual(secret);
  });
  it("rejects a threshold of 1 with several groups", () => {
    expect(() => splitSecret(randomBytes(32), 2, 1)).toThrow(/threshold/);
  });
});
