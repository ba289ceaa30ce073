import { ValidationError } from '@thuocdo/kit';
import { attainment, type Indicator, type IndicatorSet, indicatorScore, roundScore, setScore } from './indicator';

// ---------------------------------------------------------------------------------------------
// KPI sets as catalog defines them and scoring scores them: indicators in groups (a unit's
// foundational, functional and specific KPIs; an individual template's own), each with a weight
// of 100 and a target for the year that single months or quarters may override.

export const INDICATOR_GROUPS = ['FOUNDATIONAL', 'FUNCTIONAL', 'SPECIFIC', 'INDIVIDUAL'] as const;
/** KPI nền tảng, KPI chức năng, KPI đặc thù, and an individual template's own indicators. */
export type IndicatorGroup = (typeof INDICATOR_GROUPS)[number];

/** A target for one month ("2026-03") or quarter ("2026-Q1") of the set's year. */
export interface PeriodTarget {
  period: string;
  target: number;
}

/** An indicator as a set holds it: the scoring fields of indicator.ts, what people read, and its weight. */
export interface KpiIndicator extends Indicator {
  name: string;
  group: IndicatorGroup;
  /** What the numbers count ("hồ sơ", "%", "ngày"). */
  measureUnit: string;
  /** The year's target is `target`; these override it for single months or quarters. */
  periodTargets: PeriodTarget[];
  /** ABSOLUTE_DEVIATION only; 0 otherwise. */
  tolerance: number;
  steps: { atLeast: number; score: number }[];
  /** Whole points of 100. */
  weight: number;
}

/** The target an indicator is scored against in a period: the period's own where it has one, else the year's. */
export function targetIn(i: KpiIndicator, period: string): number {
  return i.periodTargets.find((p) => p.period === period)?.target ?? i.target;
}

/** A set as indicator.ts scores it, each indicator against its target for the period (the year's when null). */
export function asIndicatorSet(s: { name: string; indicators: KpiIndicator[] }, period: string | null = null): IndicatorSet {
  return {
    name: s.name,
    items: s.indicators.map((i) => ({ indicator: period ? { ...i, target: targetIn(i, period) } : i, weight: i.weight })),
  };
}

/**
 * Actual values as a request lists them, checked against the set: each code one of its
 * indicators, and at most once. `field` names the list ('actuals').
 */
export function readActuals(
  s: { name: string; indicators: KpiIndicator[] },
  list: { code: string; actual: number }[],
  field = 'actuals',
): Map<string, number> {
  const codes = new Set(s.indicators.map((i) => i.code));
  const actuals = new Map<string, number>();
  list.forEach((a, k) => {
    if (!Number.isFinite(a.actual))
      throw new ValidationError(`${field}[${k}].actual`, {
        vi: 'Giá trị thực tế phải là một số',
        en: 'The actual value must be a number',
      });
    if (!codes.has(a.code))
      throw new ValidationError(`${field}[${k}].code`, {
        vi: `Bộ chỉ số "${s.name}" không có chỉ số mã ${a.code}`,
        en: `KPI set "${s.name}" has no indicator with code ${a.code}`,
      });
    if (actuals.has(a.code))
      throw new ValidationError(`${field}[${k}].code`, {
        vi: `Chỉ số ${a.code} có hai giá trị thực tế`,
        en: `Indicator ${a.code} has two actual values`,
      });
    actuals.set(a.code, a.actual);
  });
  return actuals;
}

export interface IndicatorResult {
  code: string;
  group: IndicatorGroup;
  weight: number;
  /** The target of the period scored. */
  target: number;
  /** Absent while nobody has recorded it (it scores 0). */
  actual?: number;
  attainment: number;
  /** Two decimals. */
  score: number;
}

export interface GroupResult {
  group: IndicatorGroup;
  /** The group's share of the set's 100 points. */
  weight: number;
  /** The group's own score on 0–100: its indicators weighted among themselves, two decimals. */
  score: number;
}

export interface SetResult {
  /** The weighted score of the whole set, two decimals. */
  score: number;
  groups: GroupResult[];
  indicators: IndicatorResult[];
}

/**
 * A set's score for a period from the actual values recorded, with each group's and each
 * indicator's. A missing actual scores 0 (nothing reported is nothing achieved).
 */
export function scoreSet(
  s: { name: string; indicators: KpiIndicator[] },
  period: string | null,
  actuals: ReadonlyMap<string, number>,
): SetResult {
  const scored = asIndicatorSet(s, period);
  const indicators = scored.items.map(({ indicator, weight }, k) => {
    const actual = actuals.get(indicator.code);
    const value = actual ?? Number.NaN;
    return {
      code: indicator.code,
      group: s.indicators[k].group,
      weight,
      target: indicator.target,
      ...(actual === undefined ? {} : { actual }),
      attainment: attainment(indicator, value),
      score: roundScore(indicatorScore(indicator, value)),
    };
  });
  const groups: GroupResult[] = INDICATOR_GROUPS.flatMap((group) => {
    const items = scored.items.filter((_, k) => s.indicators[k].group === group);
    const weight = items.reduce((n, x) => n + x.weight, 0);
    if (!weight) return [];
    return [{ group, weight, score: roundScore((setScore({ name: s.name, items }, actuals) * 100) / weight) }];
  });
  return { score: roundScore(setScore(scored, actuals)), groups, indicators };
}
