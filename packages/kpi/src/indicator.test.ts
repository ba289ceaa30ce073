import { fieldOf } from '@thuocdo/testing/src/domain-fixtures';
import fc from 'fast-check';
import {
  attainment,
  checkIndicator,
  checkSet,
  checkTarget,
  type Indicator,
  type IndicatorSet,
  indicatorScore,
  roundScore,
  setScore,
} from './indicator';

const indicator = (type: Indicator['type'], target: number, extra: Partial<Indicator> = {}): Indicator => ({
  code: `KPI-${type}`,
  type,
  target,
  cap: 1,
  ...extra,
});

describe('indicator scores', () => {
  it('attainment is actual over target, capped', () => {
    const docs = indicator('ATTAINMENT', 40);
    expect([0, 20, 40, 60].map((a) => indicatorScore(docs, a))).toEqual([0, 50, 100, 100]);
    // A cap of 1.2 lets 20% over-achievement count, and no more.
    expect([48, 60].map((a) => indicatorScore({ ...docs, cap: 1.2 }, a))).toEqual([120, 120]);
  });

  it('lower is better: the target over the actual, capped', () => {
    const late = indicator('LOWER_IS_BETTER', 5);
    expect([0, 4, 5, 10, 20].map((a) => indicatorScore(late, a))).toEqual([100, 100, 100, 50, 25]);
  });

  it('absolute deviation costs either way, to zero at the tolerance', () => {
    const budget = indicator('ABSOLUTE_DEVIATION', 100, { tolerance: 20 });
    expect([100, 90, 110, 80, 130].map((a) => indicatorScore(budget, a))).toEqual([100, 50, 50, 0, 0]);
  });

  it('binary is met or not', () => {
    const plan = indicator('BINARY', 1);
    expect([0, 1].map((a) => indicatorScore(plan, a))).toEqual([0, 100]);
  });

  it('follows an indicator’s own score steps', () => {
    const stepped = indicator('ATTAINMENT', 100, {
      steps: [
        { atLeast: 1, score: 100 },
        { atLeast: 0.9, score: 80 },
        { atLeast: 0.7, score: 50 },
      ],
    });
    expect([100, 95, 90, 75, 69].map((a) => indicatorScore(stepped, a))).toEqual([100, 80, 80, 50, 0]);
  });

  it('scores a value that is missing or not a number as 0', () => {
    expect(indicatorScore(indicator('ATTAINMENT', 10), Number.NaN)).toBe(0);
  });

  it('refuses indicators that cannot be scored, naming the field', () => {
    expect(fieldOf(() => checkIndicator(indicator('ATTAINMENT', 0)))).toBe('indicators.target');
    expect(fieldOf(() => checkIndicator(indicator('ATTAINMENT', 10, { cap: 0.9 })))).toBe('indicators.cap');
    expect(fieldOf(() => checkIndicator(indicator('ABSOLUTE_DEVIATION', 100)))).toBe('indicators.tolerance');
    expect(
      fieldOf(() =>
        checkIndicator(
          indicator('ATTAINMENT', 10, {
            steps: [
              { atLeast: 0.9, score: 80 },
              { atLeast: 1, score: 100 },
            ],
          }),
        ),
      ),
    ).toBe('indicators.steps');
    expect(fieldOf(() => checkIndicator(indicator('BINARY', 0)))).toBeUndefined();
    expect(fieldOf(() => checkIndicator(indicator('ATTAINMENT', 10, { steps: [{ atLeast: Number.NaN, score: 50 }] })))).toBe(
      'indicators.steps',
    );
  });

  it('checks any target of an indicator by the same rule, naming the field given', () => {
    const late = indicator('LOWER_IS_BETTER', 5);
    expect(fieldOf(() => checkTarget(late, 0, 'period_targets[0].target'))).toBe('period_targets[0].target');
    expect(fieldOf(() => checkTarget(late, Number.POSITIVE_INFINITY, 'x'))).toBe('x');
    expect(fieldOf(() => checkTarget(indicator('ABSOLUTE_DEVIATION', 0), 0, 'x'))).toBeUndefined();
  });

  it('stays within 0 and the cap whatever the actual value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('ATTAINMENT', 'LOWER_IS_BETTER', 'ABSOLUTE_DEVIATION', 'BINARY'),
        fc.double({ min: 0.01, max: 1e9, noNaN: true }),
        fc.double({ min: 1, max: 2, noNaN: true }),
        fc.double(),
        (type, target, cap, actual) => {
          const a = attainment(indicator(type as Indicator['type'], target, { cap, tolerance: target / 2 }), actual);
          return a >= 0 && a <= cap;
        },
      ),
    );
  });
});

describe('indicator sets', () => {
  const set = (weights: number[]): IndicatorSet => ({
    name: 'Nhóm chỉ tiêu chức năng',
    items: weights.map((weight, k) => ({ indicator: { ...indicator('ATTAINMENT', 10), code: `K${k}` }, weight })),
  });

  it('needs weights that sum to 100, and says which set and what the sum is', () => {
    expect(fieldOf(() => checkSet(set([50, 30, 20])))).toBeUndefined();
    try {
      checkSet(set([50, 30, 25]));
      throw new Error('accepted');
    } catch (err) {
      const e = err as { field: string; text: { vi: string; en: string } };
      expect(e.field).toBe('items');
      expect(e.text.vi).toBe('Tổng trọng số của bộ chỉ số "Nhóm chỉ tiêu chức năng" là 105, phải bằng 100');
      expect(e.text.en).toContain('sum to 105');
    }
    expect(fieldOf(() => checkSet(set([100, 0])))).toBe('items[1].weight');
  });

  it('names the fields under the list the request gives them in', () => {
    expect(fieldOf(() => checkSet(set([60, 30, 9]), 'fields.indicators'))).toBe('fields.indicators');
    expect(fieldOf(() => checkSet(set([60, 40.5]), 'indicators'))).toBe('indicators[1].weight');
    const s = set([50, 50]);
    s.items[1].indicator = { ...s.items[1].indicator, cap: 3 };
    expect(fieldOf(() => checkSet(s, 'indicators'))).toBe('indicators[1].cap');
  });

  it('answers scores with two decimals', () => {
    expect([66.666666, 65, 12.345678, 99.994].map(roundScore)).toEqual([66.67, 65, 12.35, 99.99]);
  });

  it('weighs its indicators’ scores, a missing actual counting 0', () => {
    const s = set([50, 30, 20]);
    expect(
      setScore(
        s,
        new Map([
          ['K0', 10],
          ['K1', 5],
        ]),
      ),
    ).toBe(65);
  });

  it('lies between its lowest and highest indicator score', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 50 }), fc.double({ min: 0, max: 20, noNaN: true })), { minLength: 1, maxLength: 10 }),
        (rows) => {
          const total = rows.reduce((n, [w]) => n + w, 0);
          // Scale the weights to sum to exactly 100 (the last takes the rounding).
          const weights = rows.map(([w]) => Math.max(1, Math.floor((w * 100) / total)));
          weights[weights.length - 1] += 100 - weights.reduce((n, w) => n + w, 0);
          if (weights.some((w) => w <= 0)) return true;
          const s = set(weights);
          const actuals = new Map(rows.map(([, a], k) => [`K${k}`, a]));
          const scores = s.items.map((x) => indicatorScore(x.indicator, actuals.get(x.indicator.code)!));
          const total100 = setScore(s, actuals);
          return total100 >= Math.min(...scores) - 1e-9 && total100 <= Math.max(...scores) + 1e-9;
        },
      ),
    );
  });
});
