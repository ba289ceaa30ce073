/**
 * Exact decimals with two places (quantities of products, scores), held as a whole number of
 * hundredths so that arithmetic and comparisons are exact. They travel as strings ("1.50") in
 * the protos and as numeric(…, 2) / Decimal(…, 2) in the databases, never as binary floats.
 */

const DECIMAL = /^(-?)(\d{1,13})(?:\.(\d+))?$/;

/** "1.5", "1.50", "002.500" → 150; undefined when the text is not a decimal with at most two places. */
export function parseHundredths(text: string): number | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  if (fraction.length > 2) return undefined;
  const value = Number(m[2]) * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(value)) return undefined;
  return m[1] === '-' && value !== 0 ? -value : value;
}

/**
 * A binary float that stands for a decimal with at most two places (1.1 is 110.00000000000001
 * hundredths in binary, so the test has a tolerance); undefined for 1e-9, NaN, 1.005 and the like.
 * A subnormal such as 5e-324 is 0 within any tolerance: callers that need more than 0 refuse it.
 */
export function hundredthsFromNumber(value: number): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  const scaled = value * 100;
  const rounded = Math.round(scaled);
  // Binary error is relative to the value: 1.1 is 110.00000000000001 hundredths, 1e-9 is not 0.00.
  if (!Number.isSafeInteger(rounded) || Math.abs(scaled - rounded) > 1e-9 * Math.max(1, Math.abs(scaled))) return undefined;
  return rounded === 0 ? 0 : rounded; // no negative zero
}

/** 150 → "1.50". */
export function formatHundredths(hundredths: number): string {
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
