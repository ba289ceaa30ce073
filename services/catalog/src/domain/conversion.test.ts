import { fieldOf } from '@thuocdo/testing/src/domain-fixtures';
import fc from 'fast-check';
import { type ConversionScale, type ConvertibleItem, checkScale, convert } from './conversion';

// A handbook-style scale: a routine administrative document of 60 minutes is the standard product;
// complexity groups N1–N5 weigh 1.00–2.00.
const SCALE: ConversionScale = {
  standardProductName: 'Văn bản hành chính thông thường',
  standardProductMinutes: 60,
  complexityGroups: [
    { code: 'N1', coefficientHundredths: 100 },
    { code: 'N2', coefficientHundredths: 125 },
    { code: 'N3', coefficientHundredths: 150 },
    { code: 'N4', coefficientHundredths: 175 },
    { code: 'N5', coefficientHundredths: 200 },
  ],
};
const item = (extra: Partial<ConvertibleItem> = {}): ConvertibleItem => ({
  standardMinutes: 120,
  complexityGroup: 'N1',
  difficulty: { min: 80, max: 200 },
  urgency: { min: 100, max: 150 },
  ...extra,
});

describe('product conversion', () => {
  it('values products by standard minutes and coefficients, and counts them in standard products', () => {
    // 3 documents of 120 minutes, group N3 (1.50), difficulty 1.20, urgency 1.00: 648 minutes = 10.8 standard products.
    expect(convert({ quantityHundredths: 300, difficultyHundredths: 120 }, item({ complexityGroup: 'N3' }), SCALE)).toEqual({
      minutesHundredths: 64_800,
      unitsHundredths: 1_080,
    });
    // The standard product itself converts to one.
    expect(convert({ quantityHundredths: 100 }, item({ standardMinutes: 60 }), SCALE)).toEqual({
      minutesHundredths: 6_000,
      unitsHundredths: 100,
    });
  });

  it('takes fractions of products, and rounds half up once, at the end', () => {
    // 0.5 × 45 × 1.25 = 28.125 minutes → 28.13; ÷ 60 = 0.46875 → 0.47.
    expect(convert({ quantityHundredths: 50 }, item({ standardMinutes: 45, complexityGroup: 'N2' }), SCALE)).toEqual({
      minutesHundredths: 2_813,
      unitsHundredths: 47,
    });
    expect(convert({ quantityHundredths: 0 }, item(), SCALE)).toEqual({ minutesHundredths: 0, unitsHundredths: 0 });
  });

  it('refuses coefficients outside the item’s ranges, unknown groups and negative quantities, naming the field', () => {
    expect(fieldOf(() => convert({ quantityHundredths: 100, difficultyHundredths: 79 }, item(), SCALE))).toBe('difficulty');
    expect(fieldOf(() => convert({ quantityHundredths: 100, urgencyHundredths: 151 }, item(), SCALE))).toBe('urgency');
    expect(fieldOf(() => convert({ quantityHundredths: 100, urgencyHundredths: 150 }, item(), SCALE))).toBeUndefined();
    expect(fieldOf(() => convert({ quantityHundredths: 100 }, item({ complexityGroup: 'N9' }), SCALE))).toBe('complexity_group');
    expect(fieldOf(() => convert({ quantityHundredths: -1 }, item(), SCALE))).toBe('quantity_decimal');
    // An item whose range leaves out 1.00 needs the coefficient said.
    expect(fieldOf(() => convert({ quantityHundredths: 100 }, item({ urgency: { min: 120, max: 150 } }), SCALE))).toBe('urgency');
  });

  it('checks a tenant’s scale when it is saved', () => {
    expect(fieldOf(() => checkScale(SCALE))).toBeUndefined();
    expect(fieldOf(() => checkScale({ ...SCALE, standardProductMinutes: 0 }))).toBe('standard_product_minutes');
    expect(fieldOf(() => checkScale({ ...SCALE, complexityGroups: [] }))).toBe('complexity_groups');
    expect(
      fieldOf(() => checkScale({ ...SCALE, complexityGroups: [...SCALE.complexityGroups, { code: 'N1', coefficientHundredths: 90 }] })),
    ).toBe('complexity_groups[5].code');
    expect(fieldOf(() => checkScale({ ...SCALE, complexityGroups: [{ code: 'N1', coefficientHundredths: 0 }] }))).toBe(
      'complexity_groups[0].coefficient',
    );
  });

  it('is exact: minutes grow with quantity, and the units are the minutes over the standard product’s, within rounding', () => {
    const work = fc.record({
      quantityHundredths: fc.integer({ min: 0, max: 10_000_000 }),
      difficultyHundredths: fc.integer({ min: 80, max: 200 }),
      urgencyHundredths: fc.integer({ min: 100, max: 150 }),
    });
    const items = fc.record({ standardMinutes: fc.integer({ min: 1, max: 14_400 }), group: fc.constantFrom('N1', 'N2', 'N3', 'N4', 'N5') });
    fc.assert(
      fc.property(work, items, fc.integer({ min: 1, max: 1000 }), (w, i, more) => {
        const it_ = item({ standardMinutes: i.standardMinutes, complexityGroup: i.group });
        const a = convert(w, it_, SCALE);
        const b = convert({ ...w, quantityHundredths: w.quantityHundredths + more }, it_, SCALE);
        const unitsFromMinutes = a.minutesHundredths / SCALE.standardProductMinutes;
        return (
          Number.isSafeInteger(a.minutesHundredths) &&
          b.minutesHundredths >= a.minutesHundredths &&
          b.unitsHundredths >= a.unitsHundredths &&
          Math.abs(a.unitsHundredths - unitsFromMinutes) <= 1
        );
      }),
    );
  });
});
