/**
 * An Ed25519 public key as the X25519 public key of the same secret: the
 * birational map u = (1 + y) / (1 - y) from edwards25519 to Curve25519
 * (RFC 7748 §4.1), as agessh does it with filippo.io/edwards25519's
 * Point.SetBytes and BytesMontgomery. BigInt field arithmetic: one key per
 * ssh-ed25519 recipient, so speed does not matter here. Not @noble/curves's
 * ed25519 (already installed with age-encryption): it adds 34 KB to the CLI
 * bundle that every start reads, +2.7M instructions (+1.3%) on `hush run
 * --with-secrets` (callgrind, 25 interleaved runs), for a path only SSH
 * recipients take.
 * https://words.filippo.io/using-ed25519-keys-for-encryption/
 */

const P = 2n ** 255n - 19n;
// d = −121665/121666 (RFC 8032 §5.1), as a constant: computing it costs an exponentiation.
const D = 37095705934669439343138083508754565189542113879843219016388785533085940283555n;

function mod(a: bigint): bigint {
  const r = a % P;
  return r < 0n ? r + P : r;
}

function power(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
  }
  return result;
}

/** The field inverse; 0 for 0, as edwards25519's Invert. */
function inverse(a: bigint): bigint {
  return power(a, P - 2n);
}

/** y of an encoded point: little-endian, the sign bit of x cleared, reduced (non-canonical y accepted, as Go's field SetBytes). */
function yOf(encoded: Uint8Array): bigint {
  const bytes = Buffer.from(encoded).reverse();
  bytes[0] = bytes[0]! & 0x7f;
  return mod(BigInt(`0x${bytes.toString("hex")}`));
}

/**
 * Whether the 32-byte encoding is a point of edwards25519, by Point.SetBytes's
 * rules: the sign bit is ignored for the check, y need not be reduced
 * (non-canonical encodings are accepted, as Go does), and
 * x² = (y² − 1) / (d·y² + 1) must have a square root.
 * @throws never
 */
export function isEdwardsPoint(encoded: Uint8Array): boolean {
  if (encoded.length !== 32) return false;
  const y = yOf(encoded);
  const y2 = (y * y) % P;
  const u = mod(y2 - 1n);
  const v = mod(D * y2 + 1n);
  if (v === 0n) return u === 0n; // SqrtRatio(u, 0) is square only for u = 0
  // u/v is a square iff u·v is (v² is one): Euler's criterion without an inversion.
  const uv = (u * v) % P;
  return uv === 0n || power(uv, (P - 1n) / 2n) === 1n;
}

/**
 * The Curve25519 u-coordinate (32 bytes, little-endian, canonical) of an
 * Ed25519 public key, or undefined when it is not a point. The identity
 * (y = 1) maps to 32 zero bytes, as BytesMontgomery does; wrapping to it then
 * fails as a low-order point.
 * @throws never
 */
export function edwardsToMontgomery(encoded: Uint8Array): Uint8Array | undefined {
  if (!isEdwardsPoint(encoded)) return undefined;
  const y = yOf(encoded);
  let u = mod((1n + y) * inverse(mod(1n - y)));
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++, u >>= 8n) out[i] = Number(u & 0xffn);
  return out;
}
