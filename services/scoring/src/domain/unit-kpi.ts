import {
  type Actor,
  check,
  coversAgency,
  coversUnit,
  type Decision,
  NotFoundError,
  PermissionDeniedError,
  unchanged,
  ValidationError,
} from '@thuocdo/kit';
import { type KpiIndicator, readActuals, type SetResult, scoreSet } from '@thuocdo/kpi';
import { type Period, parsePeriod } from './period';
import { checkOpen, type PeriodRecord } from './period-state';
import type { UnitKpiLink } from './score';

// ---------------------------------------------------------------------------------------------
// Unit results from unit KPIs (KPI nền tảng, chức năng, đặc thù). Catalog defines each unit's
// set for a year; scoring keeps a copy from catalog's events, records the actual values a unit
// reached in each month or quarter, and scores them with the same rules catalog previews with
// (@thuocdo/kpi). A unit's score is linked to the leaders of that unit: their unit result (d)
// takes it where their pack's `unitResultFrom` says so (score.ts).
//
// Who records: HR, the agency's leaders and the agency's service accounts, never the unit's own
// head, whose score the result may feed. A closed period's values are frozen with its results.

/** A unit's (or an agency's) KPI set of a year, as catalog last published it. */
export interface UnitKpiSet {
  id: string;
  tenantId: string;
  agencyId: string;
  /** Null for the agency's own set: scored and listed, linked to no one. */
  unitId: string | null;
  year: number;
  name: string;
  indicators: KpiIndicator[];
  /** The set's version in catalog. */
  version: number;
}

/** The actual values recorded for a set in one period. */
export interface UnitKpiRecord {
  tenantId: string;
  kpiSetId: string;
  period: string;
  /** Indicator code → actual value. */
  actuals: Record<string, number>;
  by: string;
  at: Date;
  version: number;
}

export interface RecordActualsInput {
  kpiSetId: string;
  period: Period;
  actuals: { code: string; actual: number }[];
}

/** At most as many values as a set holds indicators (catalog's limit). */
const MAX_ACTUALS = 200;

export function parseRecordActuals(r: {
  kpiSetId: string;
  period: string;
  actuals: { code: string; actual: number }[];
}): RecordActualsInput {
  if (!r.actuals.length)
    throw new ValidationError('actuals', { vi: 'Cần ít nhất một giá trị thực tế', en: 'At least one actual value is required' });
  if (r.actuals.length > MAX_ACTUALS)
    throw new ValidationError('actuals', { vi: `Tối đa ${MAX_ACTUALS} giá trị thực tế`, en: `At most ${MAX_ACTUALS} actual values` });
  return {
    kpiSetId: check.id('kpi_set_id', r.kpiSetId),
    period: parsePeriod(r.period),
    actuals: r.actuals.map((a, k) => ({ code: check.code(`actuals[${k}].code`, a.code), actual: a.actual })),
  };
}

export const unitKpiSetNotFound = () =>
  new NotFoundError({ vi: 'Không tìm thấy bộ KPI của đơn vị', en: 'No such unit KPI set' }, 'kpi_set_id');

/** The set, found, of the period's year. */
export function setOfPeriod(set: UnitKpiSet | undefined, period: Period): UnitKpiSet {
  if (!set) throw unitKpiSetNotFound();
  if (set.year !== period.year)
    throw new ValidationError('period', {
      vi: `Kỳ ${period.key} không thuộc năm ${set.year} của bộ KPI "${set.name}"`,
      en: `Period ${period.key} is not in the year ${set.year} of KPI set "${set.name}"`,
    });
  return set;
}

/**
 * Records actual values: the caller reaches the set's unit (or agency) and the period is open;
 * each code is one of the set's indicators, at most once. Values sent replace those recorded;
 * the others stay.
 */
export function recordUnitActuals(
  input: RecordActualsInput,
  s: { set: UnitKpiSet | undefined; before: UnitKpiRecord | undefined; period: PeriodRecord },
  actor: Actor,
): Decision<UnitKpiRecord, never> {
  const set = setOfPeriod(s.set, input.period);
  const reaches = set.unitId ? coversUnit(actor.scope, actor.directory, set.unitId, actor.today) : coversAgency(actor.scope, set.agencyId);
  if (!reaches) throw new PermissionDeniedError();
  checkOpen(s.period);
  const sent = readActuals(set, input.actuals);
  const before = s.before?.actuals ?? {};
  if (s.before && [...sent].every(([code, value]) => before[code] === value)) return unchanged(s.before);
  return {
    entity: {
      tenantId: set.tenantId,
      kpiSetId: set.id,
      period: input.period.key,
      actuals: { ...before, ...Object.fromEntries(sent) },
      by: actor.principal.subject,
      at: actor.now,
      version: (s.before?.version ?? 0) + 1,
    },
    events: [],
    unchanged: false,
  };
}

/** A set's result of a period: its score by group and indicator from the values recorded (none: every indicator 0). */
export function unitKpiResult(set: UnitKpiSet, period: string, record: UnitKpiRecord | undefined): SetResult {
  return scoreSet(set, period, new Map(Object.entries(record?.actuals ?? {})));
}

/**
 * What each unit's leaders take as their unit's KPI result in a period: units whose set has
 * values recorded for it. A unit that reported nothing has no result (its leaders fall back to
 * their staff's grades) rather than a score of 0.
 */
export function unitKpiLinks(sets: UnitKpiSet[], records: ReadonlyMap<string, UnitKpiRecord>, period: string): Map<string, UnitKpiLink> {
  const links = new Map<string, UnitKpiLink>();
  for (const set of sets) {
    const record = records.get(set.id);
    if (!set.unitId || !record || !Object.keys(record.actuals).length) continue;
    links.set(set.unitId, { kpiSetId: set.id, score: Math.round(unitKpiResult(set, period, record).score * 100) });
  }
  return links;
}
