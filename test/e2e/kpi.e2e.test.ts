/**
 * KPI definitions through the running platform: a unit's KPI set in its three groups (KPI nền
 * tảng, chức năng, đặc thù) and a job position's template, created, read, updated by version and
 * scored over gRPC and through the gateway's REST API, with who may do what.
 */
import { type Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { kpiV1, orgV1 } from '@thuocdo/proto';
import { callMetadata, readErrorDetail, unary } from '@thuocdo/service';
import { adminToken, failure, person, startTestPlatform, type TestPlatform, until, untilDirectoryHas } from './support';

const { IndicatorGroup: G, IndicatorType: T, KpiSetKind: K } = kpiV1;

describe('KPI sets', () => {
  let tp: TestPlatform;
  let admin: Metadata;
  /** Agency A with a unit, and its head; agency B with a unit. */
  let A: { agencyId: string; unitId: string };
  let B: { agencyId: string; unitId: string };
  let leaderOfA: Metadata;
  let leaderToken: string;
  /** An official of B holding no grant: a member of the tenant, who reads KPI definitions. */
  let officialOfB: Metadata;

  beforeAll(async () => {
    tp = await startTestPlatform();
    admin = callMetadata(await adminToken(tp));
    A = await agencyWithUnit('KPIA');
    B = await agencyWithUnit('KPIB');
    await untilDirectoryHas(tp, [A.agencyId, A.unitId, B.agencyId, B.unitId]);
    leaderToken = (await person(tp, [{ role: 'agency_leader', agencyId: A.agencyId }], A, 'Phạm Minh Đức')).token;
    leaderOfA = callMetadata(leaderToken);
    officialOfB = callMetadata((await person(tp, [], B, 'Trần Thị Lan')).token);
  });
  afterAll(() => tp?.stop());

  async function agencyWithUnit(code: string) {
    const { agency } = await unary<orgV1.CreateAgencyResponse>((cb) =>
      tp.clients.org.createAgency(orgV1.CreateAgencyRequest.fromPartial({ code, name: `Sở ${code}`, kind: 1 }), admin, cb),
    );
    const { unit } = await unary<orgV1.CreateUnitResponse>((cb) =>
      tp.clients.org.createUnit(
        orgV1.CreateUnitRequest.fromPartial({ agencyId: agency!.id, code: 'VP', name: 'Văn phòng Sở', validFrom: '2020-01-01' }),
        admin,
        cb,
      ),
    );
    return { agencyId: agency!.id, unitId: unit!.id };
  }

  const indicator = (code: string, group: kpiV1.IndicatorGroup, weight: number, extra: Partial<kpiV1.Indicator> = {}) =>
    kpiV1.Indicator.fromPartial({
      code,
      name: `Chỉ số ${code}`,
      group,
      type: T.INDICATOR_TYPE_ATTAINMENT,
      measureUnit: 'hồ sơ',
      target: 100,
      weight,
      ...extra,
    });

  /** A unit's indicators: 30 foundational, 50 functional (fewer days is better, Q1 its own target), 20 specific. */
  const threeGroups = (year: number) => [
    indicator('NT.01', G.INDICATOR_GROUP_FOUNDATIONAL, 30),
    indicator('CN.01', G.INDICATOR_GROUP_FUNCTIONAL, 50, {
      type: T.INDICATOR_TYPE_LOWER_IS_BETTER,
      target: 5,
      measureUnit: 'ngày',
      periodTargets: [{ period: `${year}-Q1`, target: 2 }],
    }),
    indicator('DT.01', G.INDICATOR_GROUP_SPECIFIC, 20, { type: T.INDICATOR_TYPE_BINARY, target: 1 }),
  ];

  // Each test writes sets of a year of its own, so that none depends on another's.
  const unitFields = (year: number, extra: Partial<kpiV1.KpiSetFields> = {}) =>
    kpiV1.KpiSetFields.fromPartial({
      kind: K.KPI_SET_KIND_UNIT,
      agencyId: A.agencyId,
      unitId: A.unitId,
      year,
      name: `KPI Văn phòng Sở ${year}`,
      indicators: threeGroups(year),
      ...extra,
    });

  const create = (fields: kpiV1.KpiSetFields, md = leaderOfA) =>
    unary<kpiV1.CreateKpiSetResponse>((cb) => tp.clients.kpi.createKpiSet({ fields }, md, cb)).then((r) => r.kpiSet!);

  /** A failed call's status and error detail. */
  async function refusal(call: Promise<unknown>) {
    try {
      await call;
    } catch (err) {
      const e = err as ServiceError;
      const d = readErrorDetail(e.metadata);
      return { code: e.code, field: d?.field ?? '', vi: d?.messageVi ?? '', en: d?.messageEn ?? '' };
    }
    throw new Error('the call succeeded');
  }

  it('creates a unit’s set in its three groups, which every member reads, with its event and audit row', async () => {
    const set = await create(unitFields(2026));
    expect(set).toMatchObject({ kind: K.KPI_SET_KIND_UNIT, agencyId: A.agencyId, unitId: A.unitId, year: 2026, version: 1 });
    expect(set.indicators.map((i) => [i.code, i.group, i.cap])).toEqual([
      ['NT.01', G.INDICATOR_GROUP_FOUNDATIONAL, 1],
      ['CN.01', G.INDICATOR_GROUP_FUNCTIONAL, 1],
      ['DT.01', G.INDICATOR_GROUP_SPECIFIC, 1],
    ]);
    const { kpiSet } = await unary<kpiV1.GetKpiSetResponse>((cb) => tp.clients.kpi.getKpiSet({ id: set.id }, officialOfB, cb));
    expect(kpiSet).toEqual(set);
    const { kpiSets } = await unary<kpiV1.ListKpiSetsResponse>((cb) =>
      tp.clients.kpi.listKpiSets(
        kpiV1.ListKpiSetsRequest.fromPartial({ year: 2026, kind: K.KPI_SET_KIND_UNIT, agencyId: A.agencyId }),
        officialOfB,
        cb,
      ),
    );
    expect(kpiSets.map((s) => s.id)).toEqual([set.id]);
    await until('the KpiSetChanged event to be published', async () => {
      const rows = await tp.sql('catalog', 'SELECT topic FROM outbox WHERE message_key = $1 AND published_at IS NOT NULL', [set.id]);
      return rows.length === 1 && rows[0].topic === 'catalog.kpi-set-changed.v1';
    });
    const audit = await tp.sql('catalog', "SELECT action FROM audit_log WHERE entity_type = 'kpi_set' AND entity_id = $1", [set.id]);
    expect(audit).toEqual([{ action: 'kpi.manage' }]);
    // A second set for the same unit and year.
    expect(await failure((md, cb) => tp.clients.kpi.createKpiSet({ fields: unitFields(2026) }, md, cb), leaderOfA)).toEqual({
      code: status.ALREADY_EXISTS,
      field: 'fields.year',
    });
  });

  it('refuses weights that do not sum to 100 with a message naming the set and the sum', async () => {
    const indicators = threeGroups(2027).map((i) => (i.code === 'DT.01' ? { ...i, weight: 25 } : i));
    expect(await refusal(create(unitFields(2027, { indicators })))).toEqual({
      code: status.INVALID_ARGUMENT,
      field: 'fields.indicators',
      vi: 'Tổng trọng số của bộ chỉ số "KPI Văn phòng Sở 2027" là 105, phải bằng 100',
      en: 'The weights of indicator set "KPI Văn phòng Sở 2027" sum to 105; they must sum to 100',
    });
    const bad = threeGroups(2027).map((i) => (i.code === 'CN.01' ? { ...i, periodTargets: [{ period: '2026-Q1', target: 2 }] } : i));
    expect((await refusal(create(unitFields(2027, { indicators: bad })))).field).toBe('fields.indicators[1].period_targets[0].period');
  });

  it('updates by the version read, and answers ABORTED to a stale version', async () => {
    const set = await create(unitFields(2028));
    const indicators = threeGroups(2028).map((i) => (i.code === 'NT.01' ? { ...i, target: 120 } : i));
    const update = (version: number) =>
      unary<kpiV1.UpdateKpiSetResponse>((cb) =>
        tp.clients.kpi.updateKpiSet({ id: set.id, version, name: 'KPI Văn phòng Sở 2028 (điều chỉnh)', indicators }, leaderOfA, cb),
      );
    const { kpiSet } = await update(set.version);
    expect(kpiSet).toMatchObject({ id: set.id, version: 2, name: 'KPI Văn phòng Sở 2028 (điều chỉnh)', year: 2028 });
    expect(kpiSet!.indicators[0].target).toBe(120);
    expect((await refusal(update(set.version))).code).toBe(status.ABORTED);
    expect(
      await failure(
        (md, cb) => tp.clients.kpi.updateKpiSet({ id: '0190f3a2-0000-7000-8000-0000000fffff', version: 1, name: 'x', indicators }, md, cb),
        leaderOfA,
      ),
    ).toEqual({ code: status.NOT_FOUND, field: 'id' });
  });

  it('previews a score for actual values, with a period’s own targets, saving nothing', async () => {
    const set = await create(unitFields(2029));
    const actuals = [
      { code: 'NT.01', actual: 80 },
      { code: 'CN.01', actual: 10 },
      { code: 'DT.01', actual: 1 },
    ];
    const score = (period: string, md = officialOfB, given = actuals) =>
      unary<kpiV1.ScoreKpiSetResponse>((cb) => tp.clients.kpi.scoreKpiSet({ id: set.id, actuals: given, period }, md, cb));
    // 80% of the documents (30 points), 5 days against 10 (50), the plan met (20).
    expect(await score('')).toEqual({
      score: 69,
      indicators: [
        { code: 'NT.01', attainment: 0.8, score: 80 },
        { code: 'CN.01', attainment: 0.5, score: 50 },
        { code: 'DT.01', attainment: 1, score: 100 },
      ],
    });
    expect((await score('2029-Q1')).score).toBe(54);
    expect(await refusal(score('', officialOfB, [{ code: 'XX.99', actual: 1 }]))).toMatchObject({
      code: status.INVALID_ARGUMENT,
      field: 'actuals[0].code',
      vi: 'Bộ chỉ số "KPI Văn phòng Sở 2029" không có chỉ số mã XX.99',
    });
    const [row] = await tp.sql('catalog', 'SELECT version::int FROM kpi_set WHERE id = $1', [set.id]);
    expect(row.version).toBe(1);
  });

  it('keeps a job position’s template of individual indicators, for HR over the position’s agency', async () => {
    const hrOfA = callMetadata((await person(tp, [{ role: 'hr_admin', agencyId: A.agencyId }], A, 'Võ Thị Thu')).token);
    const { jobPosition } = await unary<orgV1.CreateJobPositionResponse>((cb) =>
      tp.clients.org.createJobPosition(
        orgV1.CreateJobPositionRequest.fromPartial({
          unitId: A.unitId,
          code: 'CVTH',
          title: 'Chuyên viên tổng hợp',
          category: orgV1.PositionCategory.POSITION_CATEGORY_SPECIALIST,
        }),
        admin,
        cb,
      ),
    );
    const template = kpiV1.KpiSetFields.fromPartial({
      kind: K.KPI_SET_KIND_POSITION_TEMPLATE,
      agencyId: A.agencyId,
      jobPositionId: jobPosition!.id,
      year: 2026,
      name: 'Chuyên viên tổng hợp',
      indicators: [indicator('CV.01', G.INDICATOR_GROUP_INDIVIDUAL, 60), indicator('CV.02', G.INDICATOR_GROUP_INDIVIDUAL, 40)],
    });
    const set = await create(template, hrOfA);
    expect(set).toMatchObject({ kind: K.KPI_SET_KIND_POSITION_TEMPLATE, jobPositionId: jobPosition!.id, unitId: '', agencyId: A.agencyId });
    const { kpiSets } = await unary<kpiV1.ListKpiSetsResponse>((cb) =>
      tp.clients.kpi.listKpiSets(kpiV1.ListKpiSetsRequest.fromPartial({ jobPositionId: jobPosition!.id }), officialOfB, cb),
    );
    expect(kpiSets.map((s) => s.id)).toEqual([set.id]);
    const unitGroup = { ...template, year: 2027, indicators: [indicator('CV.01', G.INDICATOR_GROUP_FUNCTIONAL, 100)] };
    expect((await refusal(create(unitGroup, hrOfA))).field).toBe('fields.indicators[0].group');
  });

  it('lets only those over the whole agency write its sets, and every member read them', async () => {
    const denied = { code: status.PERMISSION_DENIED, field: '' };
    const createAs = (fields: kpiV1.KpiSetFields, md: Metadata) => failure((m, cb) => tp.clients.kpi.createKpiSet({ fields }, m, cb), md);
    // The head of A writes nothing of B's; a member without a grant writes nothing.
    expect(await createAs(unitFields(2030, { agencyId: B.agencyId, unitId: B.unitId }), leaderOfA)).toEqual(denied);
    expect(await createAs(unitFields(2030), officialOfB)).toEqual(denied);
    const unitHead = callMetadata((await person(tp, [{ role: 'unit_head', unitId: A.unitId }], A, 'Lê Văn Hùng')).token);
    expect(await createAs(unitFields(2030), unitHead)).toEqual(denied);
    // A unit of another agency is no unit of this one.
    expect(await createAs(unitFields(2030, { unitId: B.unitId }), admin)).toEqual({ code: status.NOT_FOUND, field: 'fields.unit_id' });
    const set = await create(unitFields(2030));
    const update = { id: set.id, version: set.version, name: set.name, indicators: set.indicators };
    expect(await failure((md, cb) => tp.clients.kpi.updateKpiSet(update, md, cb), officialOfB)).toEqual(denied);
    // A token of another province, and a token of nobody the directory knows.
    const elsewhere = callMetadata(await tp.token({ roles: ['sys_admin'], tenant: 'another-province' }));
    expect(await failure((md, cb) => tp.clients.kpi.getKpiSet({ id: set.id }, md, cb), elsewhere)).toEqual({
      code: status.NOT_FOUND,
      field: 'id',
    });
    const nobody = callMetadata(await tp.token({ roles: [] }));
    expect(await failure((md, cb) => tp.clients.kpi.getKpiSet({ id: set.id }, md, cb), nobody)).toEqual(denied);
  });

  it('creates and scores a set over the gateway’s REST API', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${tp.platform.gatewayUrl}/api/v1/${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${leaderToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const created = await post('kpi-sets', {
      fields: {
        kind: 'KPI_SET_KIND_UNIT',
        agency_id: A.agencyId,
        year: 2031,
        name: 'KPI toàn Sở 2031',
        indicators: [
          {
            code: 'NT.01',
            name: 'Hồ sơ giải quyết đúng hạn',
            group: 'INDICATOR_GROUP_FOUNDATIONAL',
            type: 'INDICATOR_TYPE_ATTAINMENT',
            measure_unit: '%',
            target: 95,
            weight: 100,
            steps: [
              { at_least: 1, score: 100 },
              { at_least: 0.9, score: 80 },
            ],
          },
        ],
      },
    });
    expect(created.status).toBe(201);
    const { kpi_set: set } = (await created.json()) as { kpi_set: { id: string; unit_id: string; name: string } };
    expect(set).toMatchObject({ unit_id: '', name: 'KPI toàn Sở 2031' });
    const scored = await post(`kpi-sets/${set.id}:score`, { actuals: [{ code: 'NT.01', actual: 90 }] });
    expect(scored.status).toBe(200);
    expect(await scored.json()).toEqual({ score: 80, indicators: [{ code: 'NT.01', attainment: 90 / 95, score: 80 }] });
  });
});
