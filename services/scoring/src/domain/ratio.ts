import { formatHundredths } from '@thuocdo/kit';

/**
 * Exact fractions for scores. A score is a mean of ratios of sums, scaled to points and rounded
 * to two places: done in binary floating point, (0.9 + 0.9 + 0.9) / 3 × 70 is 63.000000000000014,
 * and a total at a grade boundary could land on either side depending on the order of the sums.
 * With fractions the same inputs give the same two-place score whatever the order, and a golden
 * test can state the hand-computed figure exactly.
 */
export interface Ratio {
  readonly n: bigint;
  /** Always positive. */
  readonly d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  let [x, y] = [a < 0n ? -a : a, b];
  while (y) [x, y] = [y, x % y];
  return x || 1n;
};

export function ratio(n: bigint | number, d: bigint | number = 1n): Ratio {
  let [nn, dd] = [BigInt(n), BigInt(d)];
  if (dd === 0n) throw new RangeError('a ratio with denominator 0');
  if (dd < 0n) [nn, dd] = [-nn, -dd];
  const g = gcd(nn, dd);
  return { n: nn / g, d: dd / g };
}

export const ZERO = ratio(0);
export const ONE = ratio(1);
/** A percentage as a ratio: percent(25) is 1/4. */
export const percent = (p: number) => ratio(Math.round(p * 100), 10_000);

export const add = (a: Ratio, b: Ratio) => ratio(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Ratio, b: Ratio) => ratio(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Ratio, b: Ratio) => ratio(a.n * b.n, a.d * b.d);
export const div = (a: Ratio, b: Ratio) => ratio(a.n * b.d, a.d * b.n);
export const cmp = (a: Ratio, b: Ratio) => {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};
export const min = (a: Ratio, b: Ratio) => (cmp(a, b) <= 0 ? a : b);
export const max = (a: Ratio, b: Ratio) => (cmp(a, b) >= 0 ? a : b);
export const sum = (xs: Ratio[]) => xs.reduce(add, ZERO);
export const mean = (xs: Ratio[]) => (xs.length ? div(sum(xs), ratio(xs.length)) : ZERO);

/** Hundredths, rounded half away from zero: the two-place figure scores are kept as. */
export function toHundredths(r: Ratio): number {
  const scaled = r.n * 100n;
  const q = scaled / r.d;
  const rest = scaled - q * r.d;
  const away = 2n * (rest < 0n ? -rest : rest) >= r.d;
  return Number(away ? q + (scaled < 0n ? -1n : 1n) : q);
}

/** The ratio as a two-place decimal string, for breakdowns and messages ("63.00"). */
export const formatRatio = (r: Ratio): string => formatHundredths(toHundredths(r));

/** The ratio as a float, for display only: never for a decision. */
export const toNumber = (r: Ratio) => Number(r.n) / Number(r.d);
