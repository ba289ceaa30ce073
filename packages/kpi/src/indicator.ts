import { ValidationError } from '@thuocdo/kit';

// ---------------------------------------------------------------------------------------------
// KPI indicators and sets: how an indicator's actual value against its target becomes a score,
// and how a set of weighted indicators (a unit's foundational and functional groups, an
// individual template) becomes one. Scores are on 0–100 (above 100 only where an indicator's cap
// lets over-achievement count). Pure rules; the periods, targets and actuals come from the store.

export const INDICATOR_TYPES = ['ATTAINMENT', 'LOWER_IS_BETTER', 'ABSOLUTE_DEVIATION', 'BINARY'] as const;
/**
 * ATTAINMENT: actual ÷ target (documents issued against planned); LOWER_IS_BETTER: target ÷
 * actual (late dossiers, days to process); ABSOLUTE_DEVIATION: deviation either way costs
 * (budget spent against planned), over a tolerance; BINARY: met or not.
 */
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

export interface Indicator {
  code: string;
  type: IndicatorType;
  target: number;
  /** Highest attainment counted (1 = 100%; 1.2 lets 20% over-achievement count). */
  cap: number;
  /** ABSOLUTE_DEVIATION: the deviation at which the score reaches 0, in the indicator's unit. */
  tolerance?: number;
  /**
   * Optional steps from attainment to score, highest first: the first step whose `atLeast` the
   * attainment reaches gives the score ("≥ 100% → 100, ≥ 90% → 80, otherwise 0"). Without steps
   * the score is the attainment × 100.
   */
  steps?: { atLeast: number; score: number }[];
}

/** An indicator's attainment, 0 up to its cap: how far the actual value meets the target. */
export function attainment(i: Indicator, actual: number): number {
  if (!Number.isFinite(actual)) return 0;
  const capped = (x: number) => (x > 0 ? Math.min(x, i.cap) : 0);
  switch (i.type) {
    case 'ATTAINMENT':
      return capped(actual / i.target);
    case 'LOWER_IS_BETTER':
      // Nothing late against a target of some: as good as the cap allows.
      return actual <= 0 ? i.cap : capped(i.target / actual);
    case 'ABSOLUTE_DEVIATION':
      return capped(1 - Math.abs(actual - i.target) / i.tolerance!);
    case 'BINARY':
      return actual >= i.target ? 1 : 0;
  }
}

/** An indicator's score on 0–100 (above 100 up to cap × 100 where over-achievement counts). */
export function indicatorScore(i: Indicator, actual: number): number {
  const a = attainment(i, actual);
  if (!i.steps?.length) return a * 100;
  return i.steps.find((s) => a >= s.atLeast)?.score ?? 0;
}

/**
 * Checks a target the indicator's type can score against, naming the field: a number, above 0
 * where the actual is divided by it or divides it. Shared by the year's target and each period's.
 */
export function checkTarget(i: Pick<Indicator, 'code' | 'type'>, target: number, field: string): void {
  if (!Number.isFinite(target) || (i.type !== 'ABSOLUTE_DEVIATION' && i.type !== 'BINARY' && target <= 0))
    throw new ValidationError(field, {
      vi: `${i.code}: chỉ tiêu phải là số lớn hơn 0`,
      en: `${i.code}: the target must be a number above 0`,
    });
}

/** Checks an indicator when it is defined, naming the field at fault (`field` is the indicator's own path). */
export function checkIndicator(i: Indicator, field = 'indicators'): void {
  const bad = (name: string, vi: string, en: string) =>
    new ValidationError(`${field}.${name}`, { vi: `${i.code}: ${vi}`, en: `${i.code}: ${en}` });
  checkTarget(i, i.target, `${field}.target`);
  if (!(i.cap >= 1 && i.cap <= 2)) throw bad('cap', 'mức trần phải từ 1 (100%) đến 2 (200%)', 'the cap must be from 1 (100%) to 2 (200%)');
  if (i.type === 'ABSOLUTE_DEVIATION' && !(i.tolerance! > 0))
    throw bad('tolerance', 'chỉ số sai lệch cần mức sai lệch cho phép lớn hơn 0', 'a deviation indicator needs a tolerance above 0');
  const steps = i.steps ?? [];
  if (
    steps.some(
      (s, k) => !Number.isFinite(s.atLeast) || !(s.score >= 0 && s.score <= 100 * i.cap) || (k > 0 && !(s.atLeast < steps[k - 1].atLeast)),
    )
  )
    throw bad(
      'steps',
      'các bậc điểm phải xếp từ cao xuống thấp, điểm từ 0 đến mức trần',
      'score steps must run from the highest down, with scores from 0 to the cap',
    );
}

/** A set of indicators with weights (whole points) that must sum to 100. */
export interface IndicatorSet {
  name: string;
  items: { indicator: Indicator; weight: number }[];
}

/**
 * Checks each indicator and weight of a set, then that the weights sum to 100. `field` is the
 * request's list of indicators ('indicators', 'fields.indicators'): an item's fields are named
 * under `${field}[k]`, the sum under the list itself.
 */
export function checkSet(s: IndicatorSet, field = 'items'): void {
  s.items.forEach((x, k) => {
    checkIndicator(x.indicator, `${field}[${k}]`);
    if (!Number.isInteger(x.weight) || x.weight <= 0)
      throw new ValidationError(`${field}[${k}].weight`, {
        vi: `${s.name}: trọng số của ${x.indicator.code} phải là số nguyên lớn hơn 0`,
        en: `${s.name}: the weight of ${x.indicator.code} must be a whole number above 0`,
      });
  });
  const sum = s.items.reduce((n, x) => n + x.weight, 0);
  if (sum !== 100)
    throw new ValidationError(field, {
      vi: `Tổng trọng số của bộ chỉ số "${s.name}" là ${sum}, phải bằng 100`,
      en: `The weights of indicator set "${s.name}" sum to ${sum}; they must sum to 100`,
    });
}

/** A set's score: its indicators' scores weighted by their points (of 100). Actual values by indicator code; a missing one scores 0. */
export function setScore(s: IndicatorSet, actuals: ReadonlyMap<string, number>): number {
  return s.items.reduce((sum, x) => sum + (indicatorScore(x.indicator, actuals.get(x.indicator.code) ?? Number.NaN) * x.weight) / 100, 0);
}

/** A score as answered: two decimal places, as every score of the platform. */
export const roundScore = (score: number) => Math.round(score * 100) / 100;
