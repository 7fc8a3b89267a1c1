/**
 * Bech32 (BIP 173, checksum constant 1) as age uses it for `age1...` and
 * `AGE-SECRET-KEY-1...`: no 90-character limit, one case per string.
 * https://github.com/C2SP/C2SP/blob/main/age.md#the-x25519-recipient-type
 * Not @scure/base's bech32 (installed with age-encryption): it was measured
 * on the launch path (every start decodes the key and checks .hush.yaml's
 * recipients) at +1.4M instructions on `hush run --with-secrets` (callgrind,
 * 55 interleaved pairs, +0.7%) and +10 KB of code cache.
 */

const CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const GENERATORS = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GENERATORS[i]!;
  }
  return chk >>> 0;
}

function hrpExpand(hrp: string): number[] {
  const out: number[] = [];
  for (const c of hrp) out.push(c.charCodeAt(0) >> 5);
  out.push(0);
  for (const c of hrp) out.push(c.charCodeAt(0) & 31);
  return out;
}

/** Regroups bits; `pad` false rejects leftover bits that are not zero padding. */
function convertBits(data: ArrayLike<number>, from: number, to: number, pad: boolean): number[] | undefined {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  const max = (1 << to) - 1;
  for (let i = 0; i < data.length; i++) {
    acc = (acc << from) | data[i]!;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push((acc >> bits) & max);
    }
    acc &= (1 << bits) - 1;
  }
  if (pad) {
    if (bits > 0) out.push((acc << (to - bits)) & max);
  } else if (bits >= from || acc !== 0) {
    return undefined;
  }
  return out;
}

/** A decoded Bech32 string: its human-readable part (lower case) and its bytes. */
export interface Bech32 {
  hrp: string;
  bytes: Uint8Array;
}

/**
 * Decodes `text`, verifying its checksum. Returns undefined for anything that
 * is not valid Bech32 (mixed case, bad character, bad checksum, bad padding),
 * so callers word the error for their own context.
 * @throws never
 */
export function bech32Decode(text: string): Bech32 | undefined {
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) return undefined;
  const lower = text.toLowerCase();
  const sep = lower.lastIndexOf("1");
  if (sep < 1 || sep + 7 > lower.length) return undefined;
  const hrp = lower.slice(0, sep);
  for (const c of hrp) if (c.charCodeAt(0) < 33 || c.charCodeAt(0) > 126) return undefined;
  const values: number[] = [];
  for (const c of lower.slice(sep + 1)) {
    const v = CHARSET.indexOf(c);
    if (v < 0) return undefined;
    values.push(v);
  }
  if (polymod([...hrpExpand(hrp), ...values]) !== 1) return undefined;
  const bytes = convertBits(values.slice(0, -6), 5, 8, false);
  return bytes ? { hrp, bytes: Uint8Array.from(bytes) } : undefined;
}

/** Encodes `bytes` under `hrp` (lower case; upper-case the result for identities). @throws never */
export function bech32Encode(hrp: string, bytes: Uint8Array): string {
  const data = convertBits(bytes, 8, 5, true)!;
  const mod = polymod([...hrpExpand(hrp), ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  const checksum: number[] = [];
  for (let i = 0; i < 6; i++) checksum.push((mod >>> (5 * (5 - i))) & 31);
  return hrp + "1" + [...data, ...checksum].map((v) => CHARSET[v]).join("");
}
