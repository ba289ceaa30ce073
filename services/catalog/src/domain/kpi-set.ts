import { isDeepStrictEqual } from 'node:util';
import {
  type Actor,
  AlreadyExistsError,
  check,
  coversAgency,
  type Decision,
  isStringTuple,
  NotFoundError,
  type Page,
  PermissionDeniedError,
  readPage,
  unchanged,
  ValidationError,
  VersionConflictError,
} from '@thuocdo/kit';
import {
  asIndicatorSet,
  checkSet,
  checkTarget,
  INDICATOR_GROUPS,
  INDICATOR_TYPES,
  type IndicatorGroup,
  type IndicatorType,
  type KpiIndicator,
  type PeriodTarget,
  readActuals,
  scoreSet,
} from '@thuocdo/kpi';

// ---------------------------------------------------------------------------------------------
// KPI sets (bộ chỉ số KPI): a unit's indicators for a year, in foundational, functional and
// unit-specific groups (KPI nền tảng / chức năng / đặc thù), and the individual template of a
// job position (vị trí việc làm). How one indicator scores, and how weights add up, is @thuocdo/kpi;
// this file says what a set holds, who may write it, and how its score is previewed.

export const KPI_SET_KINDS = ['UNIT', 'POSITION_TEMPLATE'] as const;
/** A unit's (or a whole agency's) set for a year, or the template of everyone holding a job position. */
export type KpiSetKind = (typeof KPI_SET_KINDS)[number];

/** The groups each kind of set may use (the central KPI framework's unit groups; individual templates apart). */
export const GROUPS_OF_KIND: Record<KpiSetKind, readonly IndicatorGroup[]> = {
  UNIT: ['FOUNDATIONAL', 'FUNCTIONAL', 'SPECIFIC'],
  POSITION_TEMPLATE: ['INDIVIDUAL'],
};

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
export const MAX_NAME_LENGTH = 300;
export const MAX_INDICATORS = 200;
export const MAX_STEPS = 20;
/** Twelve months and four quarters. */
export const MAX_PERIOD_TARGETS = 16;

export interface KpiSet {
  id: string;
  tenantId: string;
  kind: KpiSetKind;
  /** UNIT: the agency; POSITION_TEMPLATE: the job position's agency. */
  agencyId: string;
  /** UNIT: the unit, or null for the agency as a whole. */
  unitId: string | null;
  /** POSITION_TEMPLATE: the job position. */
  jobPositionId: string | null;
  year: number;
  name: string;
  indicators: KpiIndicator[];
  version: number;
  /** Who changed it last: the official, or the account's subject for a caller who is none (an operator, a service account). */
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A set before (null when new) and after a change: one KpiSetChanged event and one audit row each. */
export interface KpiSetChange {
  before: KpiSet | null;
  after: KpiSet;
}

export type KpiDecision = Decision<KpiSet, KpiSetChange>;

/** An indicator as grpc/ hands it over: enums by name, '' when the caller sent none or an unknown one. */
export interface IndicatorInput {
  code: string;
  name: string;
  group: string;
  type: string;
  measureUnit: string;
  target: number;
  periodTargets: PeriodTarget[];
  cap: number;
  tolerance: number;
  weight: number;
  steps: { atLeast: number; score: number }[];
}

// ---------------------------------------------------------------------------------------------
// Periods: "2026" (the year), "2026-03" (a month), "2026-Q1" (a quarter).

const PERIOD = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/;

/** A period of the set's year, normalised ("2026-q1" → "2026-Q1"); refused naming the field otherwise. */
function periodOfYear(field: string, text: string, year: number): string {
  const period = text.trim().toUpperCase();
  const m = PERIOD.exec(period);
  if (!m)
    throw new ValidationError(field, {
      vi: `Kỳ ${field} phải có dạng năm (${year}), tháng (${year}-03) hoặc quý (${year}-Q1)`,
      en: `${field} must be a year (${year}), a month (${year}-03) or a quarter (${year}-Q1)`,
    });
  if (Number(m[1]) !== year)
    throw new ValidationError(field, {
      vi: `Kỳ ${period} không thuộc năm ${year} của bộ chỉ số`,
      en: `Period ${period} is not in the set's year ${year}`,
    });
  return period;
}

// ---------------------------------------------------------------------------------------------
// Indicators: their shape (parseIndicators), then the rules that depend on the set (checkIndicators).

/** The indicators of a request, each field checked on its own; `field` names the list ('indicators', 'fields.indicators'). */
export function parseIndicators(field: string, list: IndicatorInput[]): KpiIndicator[] {
  if (list.length > MAX_INDICATORS)
    throw new ValidationError(field, {
      vi: `Một bộ chỉ số có tối đa ${MAX_INDICATORS} chỉ số`,
      en: `A set holds at most ${MAX_INDICATORS} indicators`,
    });
  return list.map((x, k) => {
    const f = `${field}[${k}]`;
    const i: KpiIndicator = {
      code: check.code(`${f}.code`, x.code),
      name: check.name(`${f}.name`, x.name),
      group: check.oneOf(`${f}.group`, x.group as IndicatorGroup, INDICATOR_GROUPS),
      type: check.oneOf(`${f}.type`, x.type as IndicatorType, INDICATOR_TYPES),
      measureUnit: check.maxLength(`${f}.measure_unit`, x.measureUnit.trim(), 50),
      target: x.target,
      periodTargets: x.periodTargets.map((p) => ({ period: p.period.trim().toUpperCase(), target: p.target })),
      // The proto's unset cap (0) means 100%.
      cap: x.cap === 0 ? 1 : x.cap,
      tolerance: x.tolerance,
      weight: x.weight,
      steps: x.steps.map((s) => ({ atLeast: s.atLeast, score: s.score })),
    };
    const bad = (name: string, vi: string, en: string) =>
      new ValidationError(`${f}.${name}`, { vi: `${i.code}: ${vi}`, en: `${i.code}: ${en}` });
    if (!(Number.isFinite(i.tolerance) && i.tolerance >= 0))
      throw bad('tolerance', 'mức sai lệch cho phép phải là số không âm', 'the tolerance must be a number of 0 or more');
    if (i.steps.length > MAX_STEPS)
      throw bad('steps', `thang điểm có tối đa ${MAX_STEPS} bậc`, `a scoring scale has at most ${MAX_STEPS} steps`);
    if (i.periodTargets.length > MAX_PERIOD_TARGETS)
      throw bad(
        'period_targets',
        `tối đa ${MAX_PERIOD_TARGETS} chỉ tiêu theo tháng, quý`,
        `at most ${MAX_PERIOD_TARGETS} month and quarter targets`,
      );
    return i;
  });
}

/**
 * The rules an indicator list must meet within its set: groups the set's kind allows, codes
 * unique, month and quarter targets in the set's year and each period once, then each
 * indicator's scale and the weights summing to 100 (@thuocdo/kpi, naming the set and the sum).
 */
export function checkIndicators(field: string, set: { kind: KpiSetKind; year: number; name: string; indicators: KpiIndicator[] }): void {
  const allowed = GROUPS_OF_KIND[set.kind];
  const codes = new Set<string>();
  set.indicators.forEach((i, k) => {
    const f = `${field}[${k}]`;
    if (!allowed.includes(i.group))
      throw new ValidationError(
        `${f}.group`,
        set.kind === 'UNIT'
          ? {
              vi: `${i.code}: bộ KPI của đơn vị chỉ gồm KPI nền tảng, chức năng và đặc thù`,
              en: `${i.code}: a unit's set holds foundational, functional and specific indicators only`,
            }
          : {
              vi: `${i.code}: mẫu KPI của vị trí việc làm chỉ gồm chỉ số cá nhân`,
              en: `${i.code}: a job position's template holds individual indicators only`,
            },
      );
    if (codes.has(i.code))
      throw new ValidationError(`${f}.code`, {
        vi: `Mã chỉ số ${i.code} bị trùng trong bộ chỉ số`,
        en: `Indicator code ${i.code} appears more than once in the set`,
      });
    codes.add(i.code);
    const periods = new Set<string>();
    i.periodTargets.forEach((p, j) => {
      const pf = `${f}.period_targets[${j}]`;
      const period = periodOfYear(`${pf}.period`, p.period, set.year);
      // The year's own target is `target`: a second one here could only contradict it.
      if (period === String(set.year))
        throw new ValidationError(`${pf}.period`, {
          vi: `${i.code}: chỉ tiêu cả năm là trường target; ở đây chỉ ghi chỉ tiêu tháng hoặc quý`,
          en: `${i.code}: the year's target is the target field; period targets are for months and quarters`,
        });
      if (periods.has(period))
        throw new ValidationError(`${pf}.period`, {
          vi: `${i.code}: kỳ ${period} có hai chỉ tiêu`,
          en: `${i.code}: period ${period} has two targets`,
        });
      periods.add(period);
      checkTarget(i, p.target, `${pf}.target`);
    });
  });
  checkSet(asIndicatorSet(set), field);
}

const setName = (field: string, value: string) => check.maxLength(field, check.required(field, value), MAX_NAME_LENGTH);

const notFound = () => new NotFoundError({ vi: 'Không tìm thấy bộ chỉ số KPI', en: 'KPI set not found' }, 'id');

const updatedBy = (actor: Actor) => actor.principal.officialId || actor.principal.subject;

// ---------------------------------------------------------------------------------------------
// CreateKpiSet

export interface NewKpiSet {
  kind: KpiSetKind;
  agencyId: string;
  unitId: string | null;
  jobPositionId: string | null;
  year: number;
  name: string;
  indicators: KpiIndicator[];
}

export interface KpiSetFieldsInput {
  kind: string;
  agencyId: string;
  unitId: string;
  jobPositionId: string;
  year: number;
  name: string;
  indicators: IndicatorInput[];
}

export function parseCreateKpiSet(r: { fields?: KpiSetFieldsInput }): NewKpiSet {
  const x = r.fields;
  if (!x) throw new ValidationError('fields', { vi: 'Trường fields là bắt buộc', en: 'fields is required' });
  const kind = check.oneOf('fields.kind', x.kind as KpiSetKind, KPI_SET_KINDS);
  const onlyFor = (field: string, which: string) =>
    new ValidationError(field, {
      vi: `Trường ${field} chỉ dùng cho bộ chỉ số loại ${which}`,
      en: `${field} is only for sets of kind ${which}`,
    });
  if (kind === 'UNIT' && x.jobPositionId) throw onlyFor('fields.job_position_id', 'POSITION_TEMPLATE');
  if (kind === 'POSITION_TEMPLATE' && x.unitId) throw onlyFor('fields.unit_id', 'UNIT');
  const set: NewKpiSet = {
    kind,
    agencyId: check.id('fields.agency_id', x.agencyId),
    unitId: kind === 'UNIT' ? check.optionalId('fields.unit_id', x.unitId) : null,
    jobPositionId: kind === 'POSITION_TEMPLATE' ? check.id('fields.job_position_id', x.jobPositionId) : null,
    year: check.intRange('fields.year', x.year, MIN_YEAR, MAX_YEAR),
    name: setName('fields.name', x.name),
    indicators: parseIndicators('fields.indicators', x.indicators),
  };
  checkIndicators('fields.indicators', set);
  return set;
}

/** The set that already holds the new one's owner and year, if any. */
export interface KpiSetClashes {
  sameOwnerAndYear?: KpiSet;
}

/**
 * Who may write a set: a caller whose scope covers its whole agency (HR or catalog
 * administrators, the agency's head). A unit must be one of that agency's, as the directory
 * holds it. The catalog keeps no copy of job positions, so a template's job position is
 * recorded as given; its agency (the position's) is what the caller must cover.
 */
function authorizeOwner(actor: Actor, s: NewKpiSet): void {
  if (!coversAgency(actor.scope, s.agencyId)) throw new PermissionDeniedError();
  const tenant = actor.principal.tenantId;
  const agency = actor.directory.agency(s.agencyId);
  if (agency?.tenantId !== tenant) throw new NotFoundError({ vi: 'Không tìm thấy cơ quan', en: 'Agency not found' }, 'fields.agency_id');
  if (!s.unitId) return;
  const unit = actor.directory.unit(s.unitId);
  if (unit?.tenantId !== tenant || unit.agencyId !== s.agencyId)
    throw new NotFoundError({ vi: 'Không tìm thấy đơn vị trong cơ quan này', en: 'Unit not found in this agency' }, 'fields.unit_id');
}

export function createKpiSet(n: NewKpiSet, s: KpiSetClashes, actor: Actor): KpiDecision {
  authorizeOwner(actor, n);
  if (s.sameOwnerAndYear)
    throw new AlreadyExistsError(
      {
        vi: `Đã có bộ chỉ số "${s.sameOwnerAndYear.name}" cho ${n.kind === 'UNIT' ? 'đơn vị' : 'vị trí việc làm'} này năm ${n.year}`,
        en: `The ${n.kind === 'UNIT' ? 'unit' : 'job position'} already has KPI set "${s.sameOwnerAndYear.name}" for ${n.year}`,
      },
      'fields.year',
    );
  const set: KpiSet = {
    id: actor.newId(),
    tenantId: actor.principal.tenantId,
    ...n,
    version: 1,
    updatedBy: updatedBy(actor),
    createdAt: actor.now,
    updatedAt: actor.now,
  };
  return { entity: set, events: [{ before: null, after: set }] };
}

// ---------------------------------------------------------------------------------------------
// UpdateKpiSet: the name and indicators; kind, owner and year stay as created.

export interface KpiSetUpdate {
  id: string;
  version: number;
  name: string;
  indicators: KpiIndicator[];
}

export function parseUpdateKpiSet(r: { id: string; version: number; name: string; indicators: IndicatorInput[] }): KpiSetUpdate {
  return {
    id: check.id('id', r.id),
    version: check.intRange('version', r.version, 1, Number.MAX_SAFE_INTEGER),
    name: setName('name', r.name),
    indicators: parseIndicators('indicators', r.indicators),
  };
}

export function updateKpiSet(u: KpiSetUpdate, set: KpiSet | undefined, actor: Actor): KpiDecision {
  if (!set) throw notFound();
  // Sets are read by every member of the tenant: refusing says nothing they could not read.
  if (!coversAgency(actor.scope, set.agencyId)) throw new PermissionDeniedError();
  if (set.version !== u.version)
    throw new VersionConflictError({
      vi: 'Bộ chỉ số vừa được người khác thay đổi; hãy tải lại rồi thử lại',
      en: 'The KPI set was changed since you read it; reload and retry',
    });
  checkIndicators('indicators', { ...set, name: u.name, indicators: u.indicators });
  if (set.name === u.name && isDeepStrictEqual(set.indicators, u.indicators)) return unchanged(set);
  const after: KpiSet = {
    ...set,
    name: u.name,
    indicators: u.indicators,
    version: set.version + 1,
    updatedBy: updatedBy(actor),
    updatedAt: actor.now,
  };
  return { entity: after, events: [{ before: set, after }] };
}

// ---------------------------------------------------------------------------------------------
// GetKpiSet and ListKpiSets: every member of the tenant reads every set.

/** The id a read asks for, or null when it cannot be one (and so names no set). */
export function parseKpiSetId(id: string): string | null {
  try {
    return check.uuid('id', id);
  } catch {
    return null;
  }
}

export function foundKpiSet(set: KpiSet | undefined): KpiSet {
  if (!set) throw notFound();
  return set;
}

export interface KpiSetQuery {
  filters: {
    year: number | null;
    kind: KpiSetKind | null;
    agencyId: string | null;
    unitId: string | null;
    jobPositionId: string | null;
  };
  /** After [year, name, id] of the last set seen. */
  page: Page<string[]>;
}

/** [year, name, id]: a token a caller altered must not reach the query with a value it cannot compare. */
const isCursor = (c: unknown): c is string[] => isStringTuple(3)(c) && /^\d{4}$/.test(c[0]) && parseKpiSetId(c[2]) !== null;

export function planListKpiSets(r: {
  pageSize: number;
  pageToken: string;
  year: number;
  kind: string;
  agencyId: string;
  unitId: string;
  jobPositionId: string;
}): KpiSetQuery {
  const filters = {
    year: r.year ? check.intRange('year', r.year, MIN_YEAR, MAX_YEAR) : null,
    kind: r.kind ? check.oneOf('kind', r.kind as KpiSetKind, KPI_SET_KINDS) : null,
    agencyId: check.optionalId('agency_id', r.agencyId),
    unitId: check.optionalId('unit_id', r.unitId),
    jobPositionId: check.optionalId('job_position_id', r.jobPositionId),
  };
  return { filters, page: readPage(r, filters, isCursor) };
}

// ---------------------------------------------------------------------------------------------
// ScoreKpiSet: the score a set would give for actual values, saving nothing.

export interface ScoreKpiSetInput {
  id: string;
  /** '' for the year. */
  period: string;
  actuals: { code: string; actual: number }[];
}

export function parseScoreKpiSet(r: ScoreKpiSetInput): ScoreKpiSetInput {
  if (r.actuals.length > MAX_INDICATORS)
    throw new ValidationError('actuals', {
      vi: `Tối đa ${MAX_INDICATORS} giá trị thực tế`,
      en: `At most ${MAX_INDICATORS} actual values`,
    });
  return {
    id: check.id('id', r.id),
    period: r.period.trim(),
    // Each value is checked against the set's indicators when it is scored (readActuals).
    actuals: r.actuals.map((a, k) => ({ code: check.code(`actuals[${k}].code`, a.code), actual: a.actual })),
  };
}

export interface KpiScore {
  /** The weighted score, two decimals. */
  score: number;
  indicators: { code: string; attainment: number; score: number }[];
}

export function scoreKpiSet(r: ScoreKpiSetInput, set: KpiSet | undefined): KpiScore {
  const s = foundKpiSet(set);
  const period = r.period ? periodOfYear('period', r.period, s.year) : null;
  const { score, indicators } = scoreSet(s, period, readActuals(s, r.actuals));
  return { score, indicators: indicators.map(({ code, attainment, score }) => ({ code, attainment, score })) };
}
