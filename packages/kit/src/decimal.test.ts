import fc from 'fast-check';
import { formatHundredths, hundredthsFromNumber, parseHundredths } from './decimal';

describe('exact decimals', () => {
  it('parses decimals with at most two places', () => {
    expect(parseHundredths('1')).toBe(100);
    expect(parseHundredths('1.5')).toBe(150);
    expect(parseHundredths('1.50')).toBe(150);
    expect(parseHundredths('001.500')).toBe(150);
    expect(parseHundredths('0.01')).toBe(1);
    expect(parseHundredths('-2.25')).toBe(-225);
    expect(parseHundredths('-0')).toBe(0);
    for (const bad of ['', '.5', '1.', '1.005', '1e2', 'abc', '1,5', ' ', '0x10', '12345678901234'])
      expect(parseHundredths(bad)).toBeUndefined();
  });

  it('takes a binary float only when it stands for a two-place decimal', () => {
    expect(hundredthsFromNumber(1.1)).toBe(110);
    expect(hundredthsFromNumber(2)).toBe(200);
    expect(hundredthsFromNumber(0.07)).toBe(7);
    expect(hundredthsFromNumber(5e-324)).toBe(0);
    for (const bad of [1e-9, 1e-5, 1.005, Number.NaN, Number.POSITIVE_INFINITY, 1e300]) expect(hundredthsFromNumber(bad)).toBeUndefined();
  });

  it('formats with two places and reads back what it formats', () => {
    expect(formatHundredths(150)).toBe('1.50');
    expect(formatHundredths(7)).toBe('0.07');
    expect(formatHundredths(-225)).toBe('-2.25');
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => parseHundredths(formatHundredths(n)) === n));
  });
});
