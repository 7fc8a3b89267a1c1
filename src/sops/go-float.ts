/**
 * Go's `strconv.FormatFloat(f, 'f', -1, 64)`: the shortest text that reads
 * back as the same float64, never in exponent form (spec §1.2: `1e6` ->
 * `1000000`, `1e-7` -> `0.0000001`).
 */
export function formatGoFloat(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  if (Object.is(value, -0)) return "-0";
  const text = String(value); // JS also prints the shortest round-trip digits
  const e = text.indexOf("e");
  if (e < 0) return text;
  return expandExponent(text.slice(0, e), Number(text.slice(e + 1)));
}

function expandExponent(mantissa: string, exponent: number): string {
  const negative = mantissa.startsWith("-");
  const unsigned = negative ? mantissa.slice(1) : mantissa;
  const dot = unsigned.indexOf(".");
  const digits = dot < 0 ? unsigned : unsigned.slice(0, dot) + unsigned.slice(dot + 1);
  // Position of the decimal point counted from the first digit.
  const point = (dot < 0 ? unsigned.length : dot) + exponent;
  let out: string;
  if (point <= 0) out = "0." + "0".repeat(-point) + digits;
  else if (point >= digits.length) out = digits + "0".repeat(point - digits.length);
  else out = digits.slice(0, point) + "." + digits.slice(point);
  return negative ? "-" + out : out;
}
