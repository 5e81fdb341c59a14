/**
 * `fmt.Sprintf("%0.10f", 1.0/float64(n))`, the probability kube-proxy writes for the statistic match
 * (section 1.7). Go rounds the exact binary value half-to-even; `toFixed` rounds ties away from zero.
 * They differ only on exact ties, which need the double to be a multiple of 2^-11 (e.g. 1/2048), so
 * those are rounded here with exact integer arithmetic.
 */
export function formatProbability(n: number): string {
  if (!Number.isInteger(n) || n <= 0) return '<bad value>';
  const value = 1 / n;
  const scaled = value * 2048; // exact: multiplying by a power of two
  if (!Number.isInteger(scaled)) return value.toFixed(10);
  // value = scaled / 2^11 = scaled * 5^11 / 10^11: exactly 11 decimals.
  const elevenDigits = BigInt(scaled) * 48828125n;
  let tenDigits = elevenDigits / 10n;
  const last = elevenDigits % 10n;
  if (last > 5n || (last === 5n && tenDigits % 2n === 1n)) tenDigits += 1n;
  const text = tenDigits.toString().padStart(11, '0');
  return `${text.slice(0, -10)}.${text.slice(-10)}`;
}
