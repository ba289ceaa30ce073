import { type Actor, type DirectoryRecord, pageToken } from '@thuocdo/kit';
import { actorFor, directoryWith, failureOf, fieldOf, TENANT, type TestGrant, unitRecord } from '@thuocdo/testing/src/domain-fixtures';
import {
  createKpiSet,
  type IndicatorInput,
  type KpiSet,
  type KpiSetFieldsInput,
  parseCreateKpiSet,
  parseScoreKpiSet,
  parseUpdateKpiSet,
  planListKpiSets,
  scoreKpiSet,
  updateKpiSet,
} from './kpi-set';

const AGENCY_A = '0190f3a2-0000-7000-8000-00000000a001';
const AGENCY_B = '0190f3a2-0000-7000-8000-00000000b001';
const AGENCY_ELSEWHERE = '0190f3a2-0000-7000-8000-00000000c001';
const UNIT_A = '0190f3a2-0000-7000-8000-00000000a011';
const UNIT_B = '0190f3a2-0000-7000-8000-00000000b011';
const POSITION = '0190f3a2-0000-7000-8000-00000000a021';

const agencyRecord = (id: string, tenantId = TENANT): DirectoryRecord => ({
  kind: 'agency',
  id,
  version: 1,
  removed: false,
  value: { id, tenantId },
});

/** A caller with kpi.manage (or another action) over the tenant or through grants, in a directory of agencies A and B with one unit each. */
const caller = (
  roles: ('catalog_admin' | 'hr_admin' | 'sys_admin')[],
  grants: TestGrant[] = [],
  action: 'kpi.manage' | 'catalog.read' = 'kpi.manage',
) =>
  actorFor(action, roles, {
    grants,
    directory: directoryWith([
      agencyRecord(AGENCY_A),
      agencyRecord(AGENCY_B),
      agencyRecord(AGENCY_ELSEWHERE, 'another-province'),
      unitRecord(UNIT_A, AGENCY_A),
      unitRecord(UNIT_B, AGENCY_B),
    ]),
  });

const admin = caller(['catalog_admin']);
const leaderOfA = caller([], [{ role: 'agency_leader', agencyId: AGENCY_A }]);

const indicator = (code: string, group: string, weight: number, extra: Partial<IndicatorInput> = {}): IndicatorInput => ({
  code,
  name: `Chỉ số ${code}`,
  group,
  type: 'ATTAINMENT',
  measureUnit: 'hồ sơ',
  target: 100,
  periodTargets: [],
  cap: 0,
  tolerance: 0,
  weight,
  steps: [],
  ...extra,
});

/** A unit's set: foundational, functional and specific indicators (KPI nền tảng, chức năng, đặc thù). */
const unitFields = (extra: Partial<KpiSetFieldsInput> = {}): KpiSetFieldsInput => ({
  kind: 'UNIT',
  agencyId: AGENCY_A,
  unitId: UNIT_A,
  jobPositionId: '',
  year: 2026,
  name: 'KPI Văn phòng Sở 2026',
  indicators: [
    indicator('NT.01', 'FOUNDATIONAL', 30),
    indicator('CN.01', 'FUNCTIONAL', 50, {
      type: 'LOWER_IS_BETTER',
      target: 5,
      measureUnit: 'ngày',
      periodTargets: [{ period: '2026-q1', target: 2 }],
    }),
    indicator('DT.01', 'SPECIFIC', 20, { type: 'BINARY', target: 1 }),
  ],
  ...extra,
});

const templateFields = (extra: Partial<KpiSetFieldsInput> = {}): KpiSetFieldsInput => ({
  kind: 'POSITION_TEMPLATE',
  agencyId: AGENCY_A,
  unitId: '',
  jobPositionId: POSITION,
  year: 2026,
  name: 'Chuyên viên tổng hợp',
  indicators: [indicator('CV.01', 'INDIVIDUAL', 60), indicator('CV.02', 'INDIVIDUAL', 40)],
  ...extra,
});

const created = (fields: KpiSetFieldsInput, actor: Actor = admin): KpiSet => createKpiSet(parseCreateKpiSet({ fields }), {}, actor).entity;

const update = (set: KpiSet, extra: Partial<{ version: number; name: string; indicators: IndicatorInput[] }> = {}) =>
  parseUpdateKpiSet({ id: set.id, version: set.version, name: set.name, indicators: unitFields().indicators, ...extra });

describe('KPI set requests', () => {
  it('reads a unit set in its three groups, the proto’s unset cap as 100% and periods in capitals', () => {
    const s = parseCreateKpiSet({ fields: unitFields() });
    expect(s.indicators.map((i) => [i.code, i.group, i.cap])).toEqual([
      ['NT.01', 'FOUNDATIONAL', 1],
      ['CN.01', 'FUNCTIONAL', 1],
      ['DT.01', 'SPECIFIC', 1],
    ]);
    expect(s.indicators[1].periodTargets).toEqual([{ period: '2026-Q1', target: 2 }]);
    expect(s).toMatchObject({ kind: 'UNIT', agencyId: AGENCY_A, unitId: UNIT_A, jobPositionId: null });
  });

  it('refuses weights that do not sum to 100, naming the set and the sum', () => {
    const fields = unitFields({ indicators: [indicator('NT.01', 'FOUNDATIONAL', 30), indicator('CN.01', 'FUNCTIONAL', 45)] });
    try {
      parseCreateKpiSet({ fields });
      throw new Error('accepted');
    } catch (err) {
      const e = err as { field: string; text: { vi: string; en: string } };
      expect(e.field).toBe('fields.indicators');
      expect(e.text.vi).toBe('Tổng trọng số của bộ chỉ số "KPI Văn phòng Sở 2026" là 75, phải bằng 100');
      expect(e.text.en).toBe('The weights of indicator set "KPI Văn phòng Sở 2026" sum to 75; they must sum to 100');
    }
  });

  it('names the indicator field at fault, under fields on creation and at the top on update', () => {
    const bad = unitFields().indicators.map((i, k) => (k === 2 ? { ...i, weight: 0 } : i));
    expect(fieldOf(() => parseCreateKpiSet({ fields: unitFields({ indicators: bad }) }))).toBe('fields.indicators[2].weight');
    const set = created(unitFields());
    expect(fieldOf(() => updateKpiSet(update(set, { indicators: bad }), set, admin))).toBe('indicators[2].weight');
    const noTarget = unitFields().indicators.map((i, k) => (k === 0 ? { ...i, target: 0 } : i));
    expect(fieldOf(() => parseCreateKpiSet({ fields: unitFields({ indicators: noTarget }) }))).toBe('fields.indicators[0].target');
    const deviation = unitFields().indicators.map((i, k) => (k === 0 ? { ...i, type: 'ABSOLUTE_DEVIATION' } : i));
    expect(fieldOf(() => parseCreateKpiSet({ fields: unitFields({ indicators: deviation }) }))).toBe('fields.indicators[0].tolerance');
    const noType = unitFields().indicators.map((i, k) => (k === 1 ? { ...i, type: '' } : i));
    expect(fieldOf(() => parseCreateKpiSet({ fields: unitFields({ indicators: noType }) }))).toBe('fields.indicators[1].type');
    const negative = unitFields().indicators.map((i, k) => (k === 1 ? { ...i, tolerance: -1 } : i));
    expect(fieldOf(() => parseCreateKpiSet({ fields: unitFields({ indicators: negative }) }))).toBe('fields.indicators[1].tolerance');
    const steps = Array.from({ length: 21 }, (_, n) => ({ atLeast: 2 - n / 10, score: 100 - n }));
    const longScale = unitFields().indicators.map((i, k) => (k === 1 ? { ...i, steps } : i));
    expect(fieldOf(() => parseCreateKpiSet({ fields: unitFields({ indicators: longScale }) }))).toBe('fields.indicators[1].steps');
    const badCode = unitFields().indicators.map((i, k) => (k === 1 ? { ...i, code: 'CN 01' } : i));
    expect(fieldOf(() => parseCreateKpiSet({ fields: unitFields({ indicators: badCode }) }))).toBe('fields.indicators[1].code');
  });

  it('keeps the groups of each kind: a unit’s three, a job position’s individual ones', () => {
    const individual = unitFields().indicators.map((i, k) => (k === 1 ? { ...i, group: 'INDIVIDUAL' } : i));
    expect(fieldOf(() => parseCreateKpiSet({ fields: unitFields({ indicators: individual }) }))).toBe('fields.indicators[1].group');
    const functional = templateFields().indicators.map((i, k) => (k === 0 ? { ...i, group: 'FUNCTIONAL' } : i));
    expect(fieldOf(() => parseCreateKpiSet({ fields: templateFields({ indicators: functional }) }))).toBe('fields.indicators[0].group');
    expect(fieldOf(() => parseCreateKpiSet({ fields: templateFields() }))).toBeUndefined();
  });

  it('refuses an indicator code used twice in a set', () => {
    const twice = [indicator('NT.01', 'FOUNDATIONAL', 50), indicator('NT.01', 'FUNCTIONAL', 50)];
    expect(fieldOf(() => parseCreateKpiSet({ fields: unitFields({ indicators: twice }) }))).toBe('fields.indicators[1].code');
  });

  it('takes month and quarter targets of the set’s year, each period once', () => {
    const withPeriods = (periodTargets: { period: string; target: number }[]) =>
      fieldOf(() =>
        parseCreateKpiSet({
          fields: unitFields({
            indicators: unitFields().indicators.map((i, k) => (k === 0 ? { ...i, periodTargets } : i)),
          }),
        }),
      );
    expect(
      withPeriods([
        { period: '2026-03', target: 10 },
        { period: '2026-Q1', target: 25 },
        { period: '2026-12', target: 8 },
      ]),
    ).toBeUndefined();
    expect(withPeriods([{ period: '2025-03', target: 10 }])).toBe('fields.indicators[0].period_targets[0].period');
    expect(withPeriods([{ period: '2026-13', target: 10 }])).toBe('fields.indicators[0].period_targets[0].period');
    expect(withPeriods([{ period: '2026-Q5', target: 10 }])).toBe('fields.indicators[0].period_targets[0].period');
    expect(withPeriods([{ period: '2026', target: 10 }])).toBe('fields.indicators[0].period_targets[0].period');
    expect(
      withPeriods([
        { period: '2026-Q1', target: 10 },
        { period: '2026-q1', target: 12 },
      ]),
    ).toBe('fields.indicators[0].period_targets[1].period');
    expect(withPeriods([{ period: '2026-04', target: 0 }])).toBe('fields.indicators[0].period_targets[0].target');
  });

  it('checks the set’s own fields', () => {
    const field = (extra: Partial<KpiSetFieldsInput>) => fieldOf(() => parseCreateKpiSet({ fields: unitFields(extra) }));
    expect(field({ year: 1999 })).toBe('fields.year');
    expect(field({ year: 2101 })).toBe('fields.year');
    expect(field({ year: 2100, indicators: [indicator('NT.01', 'FOUNDATIONAL', 100)] })).toBeUndefined();
    expect(field({ name: '  ' })).toBe('fields.name');
    expect(field({ name: 'x'.repeat(301) })).toBe('fields.name');
    expect(field({ name: 'x'.repeat(300) })).toBeUndefined();
    expect(field({ kind: '' })).toBe('fields.kind');
    expect(field({ agencyId: '' })).toBe('fields.agency_id');
    expect(field({ unitId: 'not-a-unit' })).toBe('fields.unit_id');
    expect(field({ unitId: '' })).toBeUndefined(); // the agency as a whole
    expect(field({ jobPositionId: POSITION })).toBe('fields.job_position_id');
    const many = Array.from({ length: 201 }, (_, k) => indicator(`K${k}`, 'FUNCTIONAL', 1));
    expect(field({ indicators: many })).toBe('fields.indicators');
    expect(fieldOf(() => parseCreateKpiSet({ fields: templateFields({ jobPositionId: '' }) }))).toBe('fields.job_position_id');
    expect(fieldOf(() => parseCreateKpiSet({ fields: templateFields({ unitId: UNIT_A }) }))).toBe('fields.unit_id');
    expect(fieldOf(() => parseCreateKpiSet({}))).toBe('fields');
  });
});

describe('writing KPI sets', () => {
  it('creates a unit set for an agency the caller covers, as version 1 with its event', () => {
    const d = createKpiSet(parseCreateKpiSet({ fields: unitFields() }), {}, leaderOfA);
    expect(d.entity).toMatchObject({
      tenantId: TENANT,
      kind: 'UNIT',
      agencyId: AGENCY_A,
      unitId: UNIT_A,
      year: 2026,
      version: 1,
      updatedBy: leaderOfA.principal.officialId,
      createdAt: leaderOfA.now,
    });
    expect(d.events).toEqual([{ before: null, after: d.entity }]);
  });

  it('refuses a set of an agency out of the caller’s scope, and units and agencies it does not know', () => {
    const create = (fields: KpiSetFieldsInput, actor: Actor = leaderOfA) =>
      failureOf(() => createKpiSet(parseCreateKpiSet({ fields }), {}, actor));
    expect(create(unitFields({ agencyId: AGENCY_B, unitId: UNIT_B }))).toEqual({ reason: 'PERMISSION_DENIED', field: '' });
    expect(create(templateFields({ agencyId: AGENCY_B }))).toEqual({ reason: 'PERMISSION_DENIED', field: '' });
    // A unit of another agency, or one the directory has never heard of.
    expect(create(unitFields({ unitId: UNIT_B }))).toEqual({ reason: 'NOT_FOUND', field: 'fields.unit_id' });
    expect(create(unitFields({ unitId: '0190f3a2-0000-7000-8000-00000000ffff' }))).toEqual({
      reason: 'NOT_FOUND',
      field: 'fields.unit_id',
    });
    // A tenant-wide caller still names an agency of its own tenant.
    expect(create(unitFields({ agencyId: AGENCY_ELSEWHERE, unitId: '' }), admin)).toEqual({
      reason: 'NOT_FOUND',
      field: 'fields.agency_id',
    });
    expect(create(templateFields({ agencyId: '0190f3a2-0000-7000-8000-00000000ffff' }), admin)).toEqual({
      reason: 'NOT_FOUND',
      field: 'fields.agency_id',
    });
  });

  it('gives HR over an agency its job positions’ templates, the position recorded as given', () => {
    const hrOfA = caller([], [{ role: 'hr_admin', agencyId: AGENCY_A }]);
    expect(created(templateFields(), hrOfA)).toMatchObject({ kind: 'POSITION_TEMPLATE', jobPositionId: POSITION, unitId: null });
    // Unit heads manage no KPI definitions.
    expect(() => actorFor('kpi.manage', [], { grants: [{ role: 'unit_head', unitId: UNIT_A }] })).toThrow('have no scope');
  });

  it('holds one set per owner and year', () => {
    const first = created(unitFields());
    expect(failureOf(() => createKpiSet(parseCreateKpiSet({ fields: unitFields() }), { sameOwnerAndYear: first }, admin))).toEqual({
      reason: 'ALREADY_EXISTS',
      field: 'fields.year',
    });
  });

  it('updates the name and indicators of the version read, as the next version with the set before and after', () => {
    const set = created(unitFields());
    const indicators = unitFields().indicators.map((i, k) => (k === 0 ? { ...i, target: 120 } : i));
    const d = updateKpiSet(update(set, { name: 'KPI Văn phòng Sở 2026 (điều chỉnh)', indicators }), set, leaderOfA);
    expect(d.entity).toMatchObject({ id: set.id, version: 2, name: 'KPI Văn phòng Sở 2026 (điều chỉnh)', kind: 'UNIT', year: 2026 });
    expect(d.entity.indicators[0].target).toBe(120);
    expect(d.entity.updatedBy).toBe(leaderOfA.principal.officialId);
    expect(d.events).toEqual([{ before: set, after: d.entity }]);
  });

  it('answers an update that changes nothing with the set as it is', () => {
    const set = created(unitFields());
    expect(updateKpiSet(update(set), set, admin)).toEqual({ entity: set, events: [], unchanged: true });
  });

  it('refuses a stale version, a missing set, and a set of an agency out of scope', () => {
    const set = created(unitFields());
    expect(failureOf(() => updateKpiSet(update(set, { version: 2 }), set, admin))).toEqual({ reason: 'VERSION_CONFLICT', field: '' });
    expect(failureOf(() => updateKpiSet(update(set), undefined, admin))).toEqual({ reason: 'NOT_FOUND', field: 'id' });
    const ofB = created(unitFields({ agencyId: AGENCY_B, unitId: UNIT_B }));
    expect(failureOf(() => updateKpiSet(update(ofB), ofB, leaderOfA))).toEqual({ reason: 'PERMISSION_DENIED', field: '' });
    expect(fieldOf(() => update(set, { version: 0 }))).toBe('version');
    expect(fieldOf(() => update(set, { name: '' }))).toBe('name');
  });

  it('checks an update against the set’s kind and year as created', () => {
    const template = created(templateFields());
    expect(fieldOf(() => updateKpiSet(update(template), template, admin))).toBe('indicators[0].group');
    const set = created(unitFields());
    const lastYear = unitFields().indicators.map((i, k) => (k === 0 ? { ...i, periodTargets: [{ period: '2025-Q4', target: 5 }] } : i));
    expect(fieldOf(() => updateKpiSet(update(set, { indicators: lastYear }), set, admin))).toBe('indicators[0].period_targets[0].period');
  });
});

describe('previewing a set’s score', () => {
  const reader = caller([], [], 'catalog.read');
  const set = created(unitFields());
  const score = (actuals: { code: string; actual: number }[], period = '') =>
    scoreKpiSet(parseScoreKpiSet({ id: set.id, period, actuals }), set);
  const actuals = [
    { code: 'NT.01', actual: 80 },
    { code: 'CN.01', actual: 10 },
    { code: 'DT.01', actual: 1 },
  ];

  it('weighs each indicator’s score against the year’s targets', () => {
    expect(reader.scope.tenant).toBe(true);
    // 80% of 100 documents (30 points), 5 days against 10 (50), the plan met (20).
    expect(score(actuals)).toEqual({
      score: 69,
      indicators: [
        { code: 'NT.01', attainment: 0.8, score: 80 },
        { code: 'CN.01', attainment: 0.5, score: 50 },
        { code: 'DT.01', attainment: 1, score: 100 },
      ],
    });
    expect(score(actuals, '2026')).toEqual(score(actuals));
  });

  it('takes a period’s own target where it has one, the year’s otherwise', () => {
    // Q1 asks 2 days of CN.01: 10 days is 20%; March has no target of its own.
    expect(score(actuals, '2026-Q1').score).toBe(54);
    expect(score(actuals, '2026-03').score).toBe(69);
    expect(fieldOf(() => score(actuals, '2027-Q1'))).toBe('period');
    expect(fieldOf(() => score(actuals, 'Q1'))).toBe('period');
  });

  it('counts a missing actual as 0 and follows an indicator’s steps', () => {
    expect(score([{ code: 'NT.01', actual: 100 }]).score).toBe(30);
    const stepped = created(
      unitFields({
        indicators: unitFields().indicators.map((i, k) =>
          k === 0
            ? {
                ...i,
                steps: [
                  { atLeast: 1, score: 100 },
                  { atLeast: 0.9, score: 80 },
                  { atLeast: 0.7, score: 50 },
                ],
              }
            : i,
        ),
      }),
    );
    expect(scoreKpiSet(parseScoreKpiSet({ id: stepped.id, period: '', actuals }), stepped).score).toBe(60);
  });

  it('refuses an indicator code the set does not have, naming it, and a code given twice', () => {
    try {
      score([
        { code: 'NT.01', actual: 1 },
        { code: 'XX.09', actual: 3 },
      ]);
      throw new Error('accepted');
    } catch (err) {
      const e = err as { field: string; text: { vi: string; en: string } };
      expect(e.field).toBe('actuals[1].code');
      expect(e.text.vi).toBe('Bộ chỉ số "KPI Văn phòng Sở 2026" không có chỉ số mã XX.09');
      expect(e.text.en).toContain('XX.09');
    }
    expect(
      fieldOf(() =>
        score([
          { code: 'NT.01', actual: 1 },
          { code: 'NT.01', actual: 2 },
        ]),
      ),
    ).toBe('actuals[1].code');
    expect(fieldOf(() => score([{ code: 'NT.01', actual: Number.NaN }]))).toBe('actuals[0].actual');
  });

  it('answers NOT_FOUND for a set that is not there', () => {
    expect(failureOf(() => scoreKpiSet(parseScoreKpiSet({ id: set.id, period: '', actuals: [] }), undefined))).toEqual({
      reason: 'NOT_FOUND',
      field: 'id',
    });
  });
});

describe('listing KPI sets', () => {
  const plan = (extra: Partial<Parameters<typeof planListKpiSets>[0]> = {}) =>
    planListKpiSets({ pageSize: 0, pageToken: '', year: 0, kind: '', agencyId: '', unitId: '', jobPositionId: '', ...extra });

  it('filters by what is given and pages 50 at a time unless asked otherwise', () => {
    expect(plan()).toEqual({
      filters: { year: null, kind: null, agencyId: null, unitId: null, jobPositionId: null },
      page: { size: 50, after: null },
    });
    expect(plan({ year: 2026, kind: 'POSITION_TEMPLATE', agencyId: AGENCY_A, jobPositionId: POSITION }).filters).toEqual({
      year: 2026,
      kind: 'POSITION_TEMPLATE',
      agencyId: AGENCY_A,
      unitId: null,
      jobPositionId: POSITION,
    });
    expect(fieldOf(() => plan({ pageSize: 1001 }))).toBe('page_size');
    expect(fieldOf(() => plan({ year: 1990 }))).toBe('year');
    expect(fieldOf(() => plan({ unitId: 'x' }))).toBe('unit_id');
  });

  it('refuses a page token whose cursor was altered', () => {
    const filters = plan().filters;
    expect(plan({ pageToken: pageToken(['2026', 'KPI', AGENCY_A], filters) }).page.after).toEqual(['2026', 'KPI', AGENCY_A]);
    expect(fieldOf(() => plan({ pageToken: pageToken(['20x6', 'KPI', AGENCY_A], filters) }))).toBe('page_token');
    expect(fieldOf(() => plan({ pageToken: pageToken(['2026', 'KPI', 'not-an-id'], filters) }))).toBe('page_token');
    expect(fieldOf(() => plan({ year: 2026, pageToken: pageToken(['2026', 'KPI', AGENCY_A], filters) }))).toBe('page_token');
  });
});
