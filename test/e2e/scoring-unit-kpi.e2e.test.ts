/**
 * Unit results from unit KPIs end to end: a unit's KPI set defined in catalog reaches scoring,
 * HR records what the unit reached this month, the unit's score comes back by group and
 * indicator, the unit's leader sees it in their unit result (d) — counted when the tenant's pack
 * says so — and closing freezes both. Its own platform: it chooses a pack for this year.
 */
import { type Metadata, status } from '@grpc/grpc-js';
import { todayInVietnam } from '@thuocdo/kit';
import { decodeEnvelope, decodePayload } from '@thuocdo/messaging';
import { Events, kpiV1, orgV1, scoringV1 } from '@thuocdo/proto';
import { callMetadata, readErrorDetail, unary } from '@thuocdo/service';
import { adminToken, createOrgFixture, type OrgFixture, person, startTestPlatform, type TestPlatform, until } from './support';

describe('unit KPI results', () => {
  let tp: TestPlatform;
  let fx: OrgFixture;
  let admin: Metadata;
  let hr: Metadata;
  let unitHead: Metadata;
  let headId: string;
  let set: kpiV1.KpiSet;
  const today = todayInVietnam();
  const year = Number(today.slice(0, 4));
  const month = today.slice(0, 7);

  beforeAll(async () => {
    tp = await startTestPlatform();
    fx = await createOrgFixture(tp, 'KPIDV');
    admin = callMetadata(await adminToken(tp));
    hr = callMetadata((await person(tp, [{ role: 'hr_admin' }])).token);
    unitHead = callMetadata(
      (await person(tp, [{ role: 'unit_head', unitId: fx.unit.id }], { agencyId: fx.agency.id, unitId: fx.unit.id })).token,
    );
    // The unit's head holds a leadership post in it: fx.official is one of their staff.
    const { jobPosition } = await unary<orgV1.CreateJobPositionResponse>((cb) =>
      tp.clients.org.createJobPosition(
        orgV1.CreateJobPositionRequest.fromPartial({
          unitId: fx.unit.id,
          code: 'TP',
          title: 'Chánh Văn phòng',
          category: 1,
          leadership: true,
        }),
        admin,
        cb,
      ),
    );
    const { official } = await unary<orgV1.CreateOfficialResponse>((cb) =>
      tp.clients.org.createOfficial(
        orgV1.CreateOfficialRequest.fromPartial({
          agencyId: fx.agency.id,
          unitId: fx.unit.id,
          fullName: 'Trần Minh Quân',
          category: orgV1.OfficialCategory.OFFICIAL_CATEGORY_CIVIL_SERVANT,
          positionId: jobPosition!.id,
          validFrom: '2020-01-01',
        }),
        admin,
        cb,
      ),
    );
    headId = official!.id;
    ({ kpiSet: set } = (await unary<kpiV1.CreateKpiSetResponse>((cb) =>
      tp.clients.kpi.createKpiSet(
        {
          fields: kpiV1.KpiSetFields.fromPartial({
            kind: kpiV1.KpiSetKind.KPI_SET_KIND_UNIT,
            agencyId: fx.agency.id,
            unitId: fx.unit.id,
            year,
            name: 'KPI Văn phòng',
            indicators: [
              {
                code: 'NT.01',
                name: 'Văn bản tham mưu ban hành',
                group: kpiV1.IndicatorGroup.INDICATOR_GROUP_FOUNDATIONAL,
                type: kpiV1.IndicatorType.INDICATOR_TYPE_ATTAINMENT,
                measureUnit: 'văn bản',
                target: 10,
                weight: 60,
              },
              {
                code: 'CN.01',
                name: 'Kế hoạch cải cách hành chính được phê duyệt',
                group: kpiV1.IndicatorGroup.INDICATOR_GROUP_FUNCTIONAL,
                type: kpiV1.IndicatorType.INDICATOR_TYPE_BINARY,
                target: 1,
                weight: 40,
              },
            ],
          }),
        },
        admin,
        cb,
      ),
    )) as { kpiSet: kpiV1.KpiSet });
  });
  afterAll(() => tp?.stop());

  const failure = (p: Promise<unknown>) =>
    p.then(
      () => ({ code: status.OK, field: '' }),
      (err) => ({ code: err.code as number, field: readErrorDetail(err.metadata)?.field ?? '' }),
    );
  const record = (md: Metadata, actuals: { code: string; actual: number }[], period = month) =>
    unary<scoringV1.RecordUnitKpiActualsResponse>((cb) =>
      tp.clients.scoring.recordUnitKpiActuals({ kpiSetId: set.id, period, actuals }, md, cb),
    ).then((r) => r.result!);
  const result = (md: Metadata) =>
    unary<scoringV1.GetUnitKpiResultResponse>((cb) =>
      tp.clients.scoring.getUnitKpiResult({ kpiSetId: set.id, period: month }, md, cb),
    ).then((r) => r.result!);
  const unitResultOfHead = async () => {
    const { score } = await unary<scoringV1.GetOfficialScoreResponse>((cb) =>
      tp.clients.scoring.getOfficialScore({ officialId: headId, period: month }, admin, cb),
    );
    return score!.measures.find((m) => m.measure === scoringV1.Measure.MEASURE_UNIT_RESULT)!;
  };

  it("records what the unit reached, scores it by group and indicator, links it to the unit's head, and freezes it at close", async () => {
    // Catalog's set reaches scoring by its event; nothing recorded yet scores 0.
    const empty = await until('scoring has the set', () => result(callMetadata(fx.officialToken)).catch(() => undefined));
    expect(empty).toMatchObject({ score: '0.00', recorded: 0, version: 0, setName: 'KPI Văn phòng', unitId: fx.unit.id, closed: false });

    // Who records, and what is refused, each naming the field.
    expect(await failure(record(unitHead, [{ code: 'NT.01', actual: 8 }]))).toMatchObject({ code: status.PERMISSION_DENIED });
    expect(await failure(record(hr, [{ code: 'XX.09', actual: 8 }]))).toEqual({ code: status.INVALID_ARGUMENT, field: 'actuals[0].code' });
    expect(await failure(record(hr, [{ code: 'NT.01', actual: 8 }], `${year - 1}-12`))).toEqual({
      code: status.INVALID_ARGUMENT,
      field: 'period',
    });
    expect(await failure(record(hr, []))).toEqual({ code: status.INVALID_ARGUMENT, field: 'actuals' });

    // NT.01 8 of 10 → 80 × 60% = 48; CN.01 not yet → 0. Then CN.01 met → + 40 = 88; NT.01 stays.
    const first = await record(hr, [{ code: 'NT.01', actual: 8 }]);
    expect(first).toMatchObject({ score: '48.00', recorded: 1, version: 1 });
    expect(first.groups).toEqual([
      { group: 'FOUNDATIONAL', weight: 60, score: '80.00' },
      { group: 'FUNCTIONAL', weight: 40, score: '0.00' },
    ]);
    const second = await record(hr, [{ code: 'CN.01', actual: 1 }]);
    expect(second).toMatchObject({ score: '88.00', recorded: 2, version: 2 });
    expect(second.indicators.map((i) => [i.code, i.actual, i.score])).toEqual([
      ['NT.01', 8, '80.00'],
      ['CN.01', 1, '100.00'],
    ]);
    // Every member reads it; the agency's list holds it.
    expect((await result(callMetadata(fx.officialToken))).score).toBe('88.00');
    const { results } = await unary<scoringV1.ListUnitKpiResultsResponse>((cb) =>
      tp.clients.scoring.listUnitKpiResults({ period: month, agencyId: fx.agency.id, pageSize: 10, pageToken: '' }, hr, cb),
    );
    expect(results.map((r) => [r.kpiSetId, r.score])).toEqual([[set.id, '88.00']]);
    const [{ n }] = await tp.sql<{ n: number }>(
      'scoring',
      "SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'unit_kpi_actual'",
    );
    expect(n).toBe(2);
    // Each recording published with it: the set's result as it stood after it.
    const events = (
      await tp.sql<{ envelope: Buffer }>(
        'scoring',
        "SELECT envelope FROM outbox WHERE topic = 'scoring.unit-kpi-result-changed.v1' ORDER BY id",
      )
    ).map((r) => decodePayload(decodeEnvelope(r.envelope), Events.UnitKpiResultChanged));
    expect(events.map((e) => [e.result!.kpiSetId, e.result!.period, e.result!.score, e.result!.version])).toEqual([
      [set.id, month, '48.00', 1],
      [set.id, month, '88.00', 2],
    ]);

    // The head's unit result (d): by Decree 335's default, their staff's grades (fx.official has
    // done nothing this month: NOT_COMPLETED, so 50%); the unit's 88 shown, not counted.
    const byGrades = await until('the head scored with their unit', async () => {
      const d = await unitResultOfHead().catch(() => undefined);
      return d?.unitKpiScore ? d : undefined;
    });
    expect(byGrades).toMatchObject({ value: '0.50', unitKpiScore: '88.00', unitKpiSetId: set.id, unitKpiCounted: false });

    // A pack of the tenant's own that takes the unit's KPI score, chosen for this year.
    const { pack: base } = await unary<scoringV1.GetRulePackResponse>((cb) =>
      tp.clients.scoring.getRulePack({ code: 'ND335-2025', version: 0 }, hr, cb),
    );
    const own = {
      ...base!,
      code: 'TINH-KPI',
      nameVi: 'Quy định của tỉnh (KPI đơn vị)',
      nameEn: 'Provincial rules (unit KPIs)',
      fromYear: year,
    };
    const { pack } = await unary<scoringV1.SaveRulePackResponse>((cb) =>
      tp.clients.scoring.saveRulePack({ pack: { ...own, parameters: { ...own.parameters!, unitResultFrom: 'UNIT_KPI' } } }, hr, cb),
    );
    expect(pack!.parameters!.unitResultFrom).toBe('UNIT_KPI');
    expect(
      await failure(
        unary((cb) =>
          tp.clients.scoring.saveRulePack({ pack: { ...own, parameters: { ...own.parameters!, unitResultFrom: 'BOTH' } } }, hr, cb),
        ),
      ),
    ).toEqual({ code: status.INVALID_ARGUMENT, field: 'pack.parameters.unit_result_from' });
    await unary((cb) =>
      tp.clients.scoring.chooseRulePack(
        { year, category: orgV1.OfficialCategory.OFFICIAL_CATEGORY_CIVIL_SERVANT, packCode: 'TINH-KPI' },
        hr,
        cb,
      ),
    );
    expect(await unitResultOfHead()).toMatchObject({ value: '0.88', unitKpiScore: '88.00', unitKpiCounted: true });

    // Closing freezes the values with the results: the head's stored d keeps 88%, recording is refused.
    const period = await unary<scoringV1.GetPeriodResponse>((cb) => tp.clients.scoring.getPeriod({ period: month }, admin, cb));
    await until('scoring knows everyone posted', async () => {
      const [r] = await tp.sql<{ n: number }>(
        'scoring',
        `SELECT count(*)::int AS n FROM membership_ref m
          WHERE NOT m.removed AND m.kind = 'MAIN' AND NOT EXISTS (SELECT 1 FROM official_ref o WHERE o.id = m.official_id AND NOT o.removed)`,
      );
      return r.n === 0 ? true : undefined;
    });
    await unary((cb) => tp.clients.scoring.closePeriod({ period: month, version: period.period!.version }, hr, cb));
    expect(await failure(record(hr, [{ code: 'NT.01', actual: 10 }]))).toEqual({ code: status.FAILED_PRECONDITION, field: 'period' });
    expect(await result(hr)).toMatchObject({ score: '88.00', closed: true, version: 2 });
    expect(await unitResultOfHead()).toMatchObject({ value: '0.88', unitKpiScore: '88.00', unitKpiCounted: true });
  });
});
