/**
 * Shamir secret sharing over GF(2^8) as sops does it (spec §7): a share is
 * 32 y-bytes followed by its x coordinate; reduction polynomial 0x11B.
 */
import { randomBytes } from "node:crypto";
import { HushError } from "../errors.js";

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  // Generator 3 spans GF(256)* under the AES polynomial.
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x ^= (x << 1) ^ (x & 0x80 ? 0x11b : 0);
    x &= 0xff;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
}

function mul(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return EXP[LOG[a]! + LOG[b]!]!;
}

function div(a: number, b: number): number {
  if (b === 0) throw new HushError("INTERNAL", "division by zero in GF(256)");
  if (a === 0) return 0;
  return EXP[(LOG[a]! - LOG[b]! + 255) % 255]!;
}

/** Splits `secret` into `parts` shares, any `threshold` of which rebuild it. @throws HushError USAGE for a bad threshold */
export function splitSecret(secret: Uint8Array, parts: number, threshold: number): Uint8Array[] {
  if (threshold < 2 || threshold > parts || parts > 255) {
    throw new HushError("USAGE", `a Shamir threshold must be between 2 and the number of key groups (${parts}), got ${threshold}`);
  }
  const shares = Array.from({ length: parts }, (_, i) => {
    const share = new Uint8Array(secret.length + 1);
    share[secret.length] = i + 1;
    return share;
  });
  for (let byte = 0; byte < secret.length; byte++) {
    const coefficients = [secret[byte]!, ...randomBytes(threshold - 1)];
    for (const share of shares) {
      const x = share[secret.length]!;
      let y = 0; // Horner's rule, highest coefficient first
      for (let c = coefficients.length - 1; c >= 0; c--) y = mul(y, x) ^ coefficients[c]!;
      share[byte] = y;
    }
  }
  return shares;
}

/** Rebuilds the secret from shares by Lagrange interpolation at x = 0. @throws HushError METADATA_INVALID for malformed shares */
export function combineShares(shares: readonly Uint8Array[]): Uint8Array {
  const first = shares[0];
  if (!first || first.length < 2 || shares.some((s) => s.length !== first.length)) {
    throw new HushError("METADATA_INVALID", "the Shamir shares of the data key are malformed");
  }
  const n = first.length - 1;
  const xs = shares.map((s) => s[n]!);
  if (new Set(xs).size !== xs.length) throw new HushError("METADATA_INVALID", "two Shamir shares have the same x coordinate");
  const secret = new Uint8Array(n);
  for (let byte = 0; byte < n; byte++) {
    let value = 0;
    for (let i = 0; i < shares.length; i++) {
      let basis = 1;
      for (let j = 0; j < shares.length; j++) {
        if (i !== j) basis = mul(basis, div(xs[j]!, xs[i]! ^ xs[j]!));
      }
      value ^= mul(shares[i]![byte]!, basis);
    }
    secret[byte] = value;
  }
  return secret;
}
