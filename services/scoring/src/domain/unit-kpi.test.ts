import type { KpiIndicator } from '@thuocdo/kpi';
import { actorFor, directoryWith, failureOf, fieldOf, unitRecord } from '@thuocdo/testing/src/domain-fixtures';
import { DECREE_335_2025 } from './packs';
import { parsePeriod } from './period';
import type { PeriodRecord } from './period-state';
import { productsOf } from './products';
import { formatRatio } from './ratio';
import { type OfficialPeriodInput, scoreOfficials } from './score';
import {
  parseRecordActuals,
  recordUnitActuals,
  setOfPeriod,
  type UnitKpiRecord,
  type UnitKpiSet,
  unitKpiLinks,
  unitKpiResult,
} from './unit-kpi';

const AGENCY = '0190f3a2-2222-7aaa-8bbb-000000000001';
const OTHER_AGENCY = '0190f3a2-2222-7aaa-8bbb-000000000002';
const UNIT = '0190f3a2-3333-7aaa-8bbb-000000000001';
const SET_ID = '0190f3a2-4444-7aaa-8bbb-000000000001';
const directory = () => directoryWith([unitRecord(UNIT, AGENCY), unitRecord('0190f3a2-3333-7aaa-8bbb-000000000002', OTHER_AGENCY)]);

const indicator = (
  code: string,
  group: KpiIndicator['group'],
  type: KpiIndicator['type'],
  target: number,
  weight: number,
  extra: Partial<KpiIndicator> = {},
): KpiIndicator => ({
  code,
  name: `Chỉ số ${code}`,
  group,
  type,
  measureUnit: 'hồ sơ',
  target,
  periodTargets: [],
  cap: 1,
  tolerance: 0,
  steps: [],
  weight,
  ...extra,
});

// NT.01 foundational, documents issued: year target 100, March's own 50, weight 40
// NT.02 foundational, late dossiers (lower is better): target 5, weight 20
// CN.01 functional, plan approved (met or not): target 1, weight 40
const SET: UnitKpiSet = {
  id: SET_ID,
  tenantId: 't1',
  agencyId: AGENCY,
  unitId: UNIT,
  year: 2026,
  name: 'KPI Văn phòng 2026',
  indicators: [
    indicator('NT.01', 'FOUNDATIONAL', 'ATTAINMENT', 100, 40, { periodTargets: [{ period: '2026-03', target: 50 }] }),
    indicator('NT.02', 'FOUNDATIONAL', 'LOWER_IS_BETTER', 5, 20),
    indicator('CN.01', 'FUNCTIONAL', 'BINARY', 1, 40),
  ],
  version: 3,
};
const record = (actuals: Record<string, number>, version = 1): UnitKpiRecord => ({
  tenantId: 't1',
  kpiSetId: SET_ID,
  period: '2026-03',
  actuals,
  by: 'hr',
  at: new Date('2026-03-31T03:00:00Z'),
  version,
});
const open: PeriodRecord = {
  tenantId: 't1',
  period: '2026-03',
  status: 'OPEN',
  closedAt: null,
  closedBy: null,
  reason: '',
  results: 0,
  version: 0,
};
const hr = () => actorFor('scoring.unit_kpi.record', ['hr_admin'], { directory: directory() });
const leaderOf = (agencyId: string) =>
  actorFor('scoring.unit_kpi.record', [], { grants: [{ role: 'agency_leader', agencyId }], directory: directory() });
const input = (actuals: { code: string; actual: number }[], period = '2026-03') =>
  parseRecordActuals({ kpiSetId: SET_ID, period, actuals });

describe('a unit KPI result', () => {
  it('scores each indicator against the period target, each group among itself, the set by weight', () => {
    // NT.01 45 of March's 50 → 0.9 → 90; NT.02 10 late against 5 → 5/10 = 0.5 → 50; CN.01 met → 100
    // foundational (90 × 40 + 50 × 20) / 60 = 76.67; functional 100
    // set 90 × 0.4 + 50 × 0.2 + 100 × 0.4 = 36 + 10 + 40 = 86
    const r = unitKpiResult(SET, '2026-03', record({ 'NT.01': 45, 'NT.02': 10, 'CN.01': 1 }));
    expect(r.score).toBe(86);
    expect(r.groups).toEqual([
      { group: 'FOUNDATIONAL', weight: 60, score: 76.67 },
      { group: 'FUNCTIONAL', weight: 40, score: 100 },
    ]);
    expect(r.indicators.map((i) => [i.code, i.target, i.actual, i.score])).toEqual([
      ['NT.01', 50, 45, 90],
      ['NT.02', 5, 10, 50],
      ['CN.01', 1, 1, 100],
    ]);
  });

  it('takes the year target in a month without its own, and scores an unrecorded indicator 0', () => {
    // April: NT.01 45 of the year's 100 → 45; NT.02 unrecorded → 0; CN.01 met → 100: 18 + 0 + 40 = 58
    const r = unitKpiResult(SET, '2026-04', { ...record({ 'NT.01': 45, 'CN.01': 1 }), period: '2026-04' });
    expect(r.score).toBe(58);
    expect(r.indicators[1]).toMatchObject({ code: 'NT.02', score: 0 });
    expect(r.indicators[1].actual).toBeUndefined();
  });

  it('links a unit with recorded values to its leaders, in hundredths; not an unreported unit nor an agency-wide set', () => {
    const agencySet = { ...SET, id: 'agency-set', unitId: null };
    const quiet = { ...SET, id: 'quiet-set', unitId: 'quiet-unit' };
    const links = unitKpiLinks(
      [SET, agencySet, quiet],
      new Map([
        [SET_ID, record({ 'NT.01': 45, 'NT.02': 10, 'CN.01': 1 })],
        ['agency-set', { ...record({ 'CN.01': 1 }), kpiSetId: 'agency-set' }],
      ]),
      '2026-03',
    );
    expect([...links]).toEqual([[UNIT, { kpiSetId: SET_ID, score: 8600 }]]);
  });
});

describe('recording what a unit reached', () => {
  it('merges the values sent into those recorded, by a new version, and changes nothing on a repeat', () => {
    const first = recordUnitActuals(input([{ code: 'NT.01', actual: 45 }]), { set: SET, before: undefined, period: open }, hr());
    expect(first.entity).toMatchObject({ kpiSetId: SET_ID, period: '2026-03', actuals: { 'NT.01': 45 }, version: 1 });
    const second = recordUnitActuals(input([{ code: 'CN.01', actual: 1 }]), { set: SET, before: first.entity, period: open }, hr());
    expect(second.entity).toMatchObject({ actuals: { 'NT.01': 45, 'CN.01': 1 }, version: 2 });
    const again = recordUnitActuals(input([{ code: 'CN.01', actual: 1 }]), { set: SET, before: second.entity, period: open }, hr());
    expect(again.unchanged).toBe(true);
  });

  it('names the field at fault: an unknown or repeated code, a value that is not a number, a period of another year, no values', () => {
    const s = { set: SET, before: undefined, period: open };
    expect(fieldOf(() => recordUnitActuals(input([{ code: 'XX.09', actual: 1 }]), s, hr()))).toBe('actuals[0].code');
    expect(
      fieldOf(() =>
        recordUnitActuals(
          input([
            { code: 'NT.01', actual: 1 },
            { code: 'NT.01', actual: 2 },
          ]),
          s,
          hr(),
        ),
      ),
    ).toBe('actuals[1].code');
    expect(fieldOf(() => recordUnitActuals(input([{ code: 'NT.01', actual: Number.NaN }]), s, hr()))).toBe('actuals[0].actual');
    expect(fieldOf(() => recordUnitActuals(input([{ code: 'NT.01', actual: 1 }], '2025-12'), s, hr()))).toBe('period');
    expect(fieldOf(() => input([]))).toBe('actuals');
    expect(fieldOf(() => parseRecordActuals({ kpiSetId: 'nope', period: '2026-03', actuals: [{ code: 'NT.01', actual: 1 }] }))).toBe(
      'kpi_set_id',
    );
    expect(failureOf(() => setOfPeriod(undefined, parsePeriod('2026-03')))).toEqual({ reason: 'NOT_FOUND', field: 'kpi_set_id' });
  });

  it("is refused out of the caller's agency and once the period is closed", () => {
    const values = input([{ code: 'NT.01', actual: 45 }]);
    expect(recordUnitActuals(values, { set: SET, before: undefined, period: open }, leaderOf(AGENCY)).entity.version).toBe(1);
    expect(failureOf(() => recordUnitActuals(values, { set: SET, before: undefined, period: open }, leaderOf(OTHER_AGENCY)))?.reason).toBe(
      'PERMISSION_DENIED',
    );
    const closed = { ...open, status: 'CLOSED' as const, version: 1 };
    expect(failureOf(() => recordUnitActuals(values, { set: SET, before: undefined, period: closed }, hr()))).toEqual({
      reason: 'FAILED_PRECONDITION',
      field: 'period',
    });
  });
});

describe("a leader's unit result (d) linked to their unit's KPI score", () => {
  // Staff S (diary 500 approved, general 30) is EXCELLENT: by the staff's grades d = 100%.
  // Leader L: one task of 1000 approved on time, a = b = c = 1 (with S's 500: 1500 of 1500); đ = e = 100%.
  // With the unit's KPI at 86.00: STAFF_GRADES d = 1 → 70 task points; UNIT_KPI and LOWER_OF_BOTH d = 0.86
  //   → (3 + 0.86 + 2) / 6 × 70 = 68.3666… → 68.37
  const entry = (officialId: string, minutes: number) => ({
    id: `e-${officialId}`,
    officialId,
    workDate: '2026-03-10',
    workItemId: 'w',
    minutes,
    status: 'APPROVED' as const,
    taskId: null,
  });
  const base = (id: string, o: Partial<OfficialPeriodInput>): OfficialPeriodInput => ({
    officialId: id,
    agencyId: AGENCY,
    dutyGroup: 'g',
    category: 'CIVIL_SERVANT',
    isManager: false,
    manages: [],
    products: [],
    general: { POLITICS_ETHICS: 1000, COMPETENCE_RESPONSIBILITY: 1000, INNOVATION: 1000 },
    organisationReduced: false,
    unityReduced: false,
    disqualifiers: [],
    ...o,
  });
  const packWith = (unitResultFrom: 'STAFF_GRADES' | 'UNIT_KPI' | 'LOWER_OF_BOTH') => ({
    ...DECREE_335_2025,
    parameters: { ...DECREE_335_2025.parameters, unitResultFrom },
  });
  const score = (from: 'STAFF_GRADES' | 'UNIT_KPI' | 'LOWER_OF_BOTH', kpi: number | undefined) => {
    const pack = packWith(from);
    const p = pack.parameters;
    const staff = base('S', {
      products: productsOf('S', [], [entry('S', 500)], p),
    });
    const leader = base('L', {
      isManager: true,
      manages: ['S'],
      products: productsOf('L', [], [entry('L', 1000)], p),
      unitKpi: kpi === undefined ? undefined : { kpiSetId: SET_ID, score: kpi },
    });
    return scoreOfficials([staff, leader], () => pack).get('L')!;
  };
  const d = (s: ReturnType<typeof score>) => s.measures.find((m) => m.measure === 'UNIT_RESULT')!;

  it("keeps the staff's grades by the pack's default, showing the unit's score as not counted", () => {
    const s = score('STAFF_GRADES', 8600);
    expect(formatRatio(d(s).value)).toBe('1.00');
    expect(d(s).unitKpi).toEqual({ kpiSetId: SET_ID, score: 8600, counted: false });
    expect(s.total).toBe(10000);
  });

  it("takes the unit's KPI score, or the lower of both, when the pack says so", () => {
    expect(formatRatio(d(score('UNIT_KPI', 8600)).value)).toBe('0.86');
    expect(score('UNIT_KPI', 8600).taskPoints).toBe(6837);
    expect(score('LOWER_OF_BOTH', 8600).taskPoints).toBe(6837);
    expect(d(score('LOWER_OF_BOTH', 8600)).unitKpi?.counted).toBe(true);
  });

  it('takes the lower of both when a staff member is NOT_COMPLETED, caps a KPI score above 100, and falls back without a result', () => {
    // S with no work and no general points scores 0, NOT_COMPLETED: d by grades is 50%, below the unit's 86%.
    const pack = packWith('LOWER_OF_BOTH');
    const leader = base('L', { isManager: true, manages: ['S'], unitKpi: { kpiSetId: SET_ID, score: 8600 } });
    const idle = base('S', { general: {} });
    expect(formatRatio(d(scoreOfficials([idle, leader], () => pack).get('L')!).value)).toBe('0.50');
    expect(formatRatio(d(score('UNIT_KPI', 11_000)).value)).toBe('1.00');
    const none = d(score('UNIT_KPI', undefined));
    expect(formatRatio(none.value)).toBe('1.00');
    expect(none.unitKpi).toBeUndefined();
  });
});
