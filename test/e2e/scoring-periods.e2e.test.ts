/**
 * Closing a period end to end: every official's result is stored and frozen (later work and
 * assessments no longer change it), only tenant-wide HR closes and reopens, a reopened period is
 * worked out live again. Its own platform: closing this month would freeze other tests' scores.
 */
import { type Metadata, status } from '@grpc/grpc-js';
import { todayInVietnam } from '@thuocdo/kit';
import { scoringV1 } from '@thuocdo/proto';
import { callMetadata, readErrorDetail, unary } from '@thuocdo/service';
import { adminToken, createOrgFixture, logWorkFor, type OrgFixture, person, startTestPlatform, type TestPlatform, until } from './support';

describe('scoring periods', () => {
  let tp: TestPlatform;
  let fx: OrgFixture;
  let admin: Metadata;
  let hr: Metadata;
  let agencyHr: Metadata;
  let head: Metadata;
  const month = todayInVietnam().slice(0, 7);

  beforeAll(async () => {
    tp = await startTestPlatform();
    fx = await createOrgFixture(tp, 'KYDG');
    admin = callMetadata(await adminToken(tp));
    const home = { agencyId: fx.agency.id, unitId: fx.unit.id };
    hr = callMetadata((await person(tp, [{ role: 'hr_admin' }], home, 'Đỗ Thị Nhân')).token);
    agencyHr = callMetadata((await person(tp, [{ role: 'hr_admin', agencyId: fx.agency.id }], home, 'Vũ Văn Sự')).token);
    head = callMetadata((await person(tp, [{ role: 'unit_head', unitId: fx.unit.id }], home, 'Trần Quốc Dũng')).token);
  });
  afterAll(() => tp?.stop());

  const scoreOf = () =>
    unary<scoringV1.GetOfficialScoreResponse>((cb) =>
      tp.clients.scoring.getOfficialScore({ officialId: fx.official.id, period: month }, admin, cb),
    ).then((r) => r.score!);
  const period = () =>
    unary<scoringV1.GetPeriodResponse>((cb) => tp.clients.scoring.getPeriod({ period: month }, hr, cb)).then((r) => r.period!);
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => ({ code: status.OK, field: '' }),
      (err) => ({ code: err.code as number, field: readErrorDetail(err.metadata)?.field ?? '' }),
    );

  it('freezes every result when HR closes the period, and works them out live again once reopened', async () => {
    await logWorkFor(tp, fx, { minutes: 120, note: 'Soạn báo cáo tháng' });
    const live = await until('the entry in the score', async () => {
      const s = await scoreOf().catch(() => undefined);
      return s?.products.length === 1 ? s : undefined;
    });
    expect(live.provisional).toBe(true);
    expect(await period()).toMatchObject({ status: scoringV1.PeriodStatus.PERIOD_STATUS_OPEN, version: 0 });

    // An agency's HR administrator may not close the province's period; tenant-wide HR does.
    expect(await failure(unary((cb) => tp.clients.scoring.closePeriod({ period: month, version: 0 }, agencyHr, cb)))).toMatchObject({
      code: status.PERMISSION_DENIED,
    });
    const { period: closed } = await unary<scoringV1.ClosePeriodResponse>((cb) =>
      tp.clients.scoring.closePeriod({ period: month, version: 0 }, hr, cb),
    );
    // Everyone posted in the tenant has a result: the fixture's official, HR, the head, the administrator's people.
    const [{ n: posted }] = await tp.sql<{ n: number }>(
      'scoring',
      `SELECT count(DISTINCT official_id)::int AS n FROM membership_ref
        WHERE NOT removed AND kind = 'MAIN' AND valid_from <= $1 AND (valid_to IS NULL OR $1 < valid_to)`,
      [todayInVietnam()],
    );
    expect(closed).toMatchObject({ status: scoringV1.PeriodStatus.PERIOD_STATUS_CLOSED, version: 1, results: posted });
    expect(closed!.closedBy).not.toBe('');

    // The frozen result is the live score as it stood, no longer provisional.
    const frozen = await scoreOf();
    expect(frozen).toMatchObject({ provisional: false, total: live.total, measures: live.measures, products: live.products });

    // The year's result so far: this month's, listed in the agency with the quota applied.
    const year = Number(month.slice(0, 4));
    const { result: annual } = await unary<scoringV1.GetAnnualResultResponse>((cb) =>
      tp.clients.scoring.getAnnualResult({ officialId: fx.official.id, year }, callMetadata(fx.officialToken), cb),
    );
    expect(annual).toMatchObject({ year, counted: 'MONTHS', periods: [{ period: month, total: frozen.total }], total: frozen.total });
    const { results: annualList } = await unary<scoringV1.ListAnnualResultsResponse>((cb) =>
      tp.clients.scoring.listAnnualResults({ year, agencyId: fx.agency.id, pageSize: 100, pageToken: '' }, hr, cb),
    );
    expect(annualList.find((r) => r.officialId === fx.official.id)).toEqual(annual);
    expect(
      await failure(unary((cb) => tp.clients.scoring.getAnnualResult({ officialId: fx.official.id, year: year + 1 }, hr, cb))),
    ).toEqual({
      code: status.INVALID_ARGUMENT,
      field: 'year',
    });
    expect(
      await failure(unary((cb) => tp.clients.scoring.getAnnualResult({ officialId: fx.official.id, year: year - 1 }, hr, cb))),
    ).toEqual({
      code: status.NOT_FOUND,
      field: 'official_id',
    });

    // Later work does not change it, nor may anyone assess the closed period, nor close it twice.
    await logWorkFor(tp, fx, { minutes: 60, note: 'Việc phát sinh sau khi đóng kỳ' });
    await until('scoring to hold the later entry', async () => {
      const [{ n }] = await tp.sql<{ n: number }>('scoring', 'SELECT count(*)::int AS n FROM diary_fact WHERE official_id = $1', [
        fx.official.id,
      ]);
      return n === 2 ? true : undefined;
    });
    expect((await scoreOf()).products).toEqual(live.products);
    const assess = scoringV1.RecordAssessmentRequest.fromPartial({
      officialId: fx.official.id,
      period: month,
      criteria: [{ code: 'INNOVATION', points: '8' }],
      version: 0,
    });
    expect(await failure(unary((cb) => tp.clients.scoring.recordAssessment(assess, head, cb)))).toEqual({
      code: status.FAILED_PRECONDITION,
      field: 'period',
    });
    expect(await failure(unary((cb) => tp.clients.scoring.closePeriod({ period: month, version: 1 }, hr, cb)))).toEqual({
      code: status.FAILED_PRECONDITION,
      field: 'period',
    });

    // Reopening needs a reason and the version read; then the score follows the work again.
    expect(await failure(unary((cb) => tp.clients.scoring.reopenPeriod({ period: month, version: 1, reason: '' }, hr, cb)))).toEqual({
      code: status.INVALID_ARGUMENT,
      field: 'reason',
    });
    expect(await failure(unary((cb) => tp.clients.scoring.reopenPeriod({ period: month, version: 0, reason: 'Sai sót' }, hr, cb)))).toEqual(
      {
        code: status.ABORTED,
        field: 'version',
      },
    );
    const { period: reopened } = await unary<scoringV1.ReopenPeriodResponse>((cb) =>
      tp.clients.scoring.reopenPeriod({ period: month, version: 1, reason: 'Bổ sung kê khai bị sót' }, hr, cb),
    );
    expect(reopened).toMatchObject({
      status: scoringV1.PeriodStatus.PERIOD_STATUS_OPEN,
      version: 2,
      results: 0,
      reason: 'Bổ sung kê khai bị sót',
    });
    const again = await scoreOf();
    expect(again.provisional).toBe(true);
    expect(again.products[0].entryIds).toHaveLength(2);
    const [{ n: stored }] = await tp.sql<{ n: number }>('scoring', 'SELECT count(*)::int AS n FROM period_result WHERE period = $1', [
      month,
    ]);
    expect(stored).toBe(0);
    // Both changes are in the audit log.
    const audit = await tp.sql<{ after: { status: string } }>(
      'scoring',
      "SELECT after FROM audit_log WHERE entity_type = 'period' AND entity_id = $1 ORDER BY id",
      [month],
    );
    expect(audit.map((a) => a.after.status)).toEqual(['CLOSED', 'OPEN']);
  });

  it("lets tenant-wide HR set the tenant's closing day, which every period's deadline follows", async () => {
    const settings = (md: Metadata) =>
      unary<scoringV1.GetScoringSettingsResponse>((cb) => tp.clients.scoring.getScoringSettings({}, md, cb)).then((r) => r.settings!);
    const update = (md: Metadata, closingDay: number, version: number) =>
      unary<scoringV1.UpdateScoringSettingsResponse>((cb) =>
        tp.clients.scoring.updateScoringSettings({ closingDay, version }, md, cb),
      ).then((r) => r.settings!);
    const deadlineOf = (p: string) =>
      unary<scoringV1.GetPeriodResponse>((cb) => tp.clients.scoring.getPeriod({ period: p }, head, cb)).then((r) => r.period!.deadline);

    // The deployment's default until the tenant sets one: the 25th of the next month.
    expect(await settings(callMetadata(fx.officialToken))).toMatchObject({ closingDay: 25, default: true, version: 0 });
    expect(await deadlineOf('2026-03')).toBe('2026-04-25');
    expect(await failure(update(agencyHr, 10, 0))).toMatchObject({ code: status.PERMISSION_DENIED });
    expect(await failure(update(hr, 29, 0))).toEqual({ code: status.INVALID_ARGUMENT, field: 'closing_day' });

    const set = await update(hr, 10, 0);
    expect(set).toMatchObject({ closingDay: 10, default: false, version: 1 });
    expect(await deadlineOf('2026-03')).toBe('2026-04-10');
    expect(await deadlineOf('2026-Q1')).toBe('2026-04-10');
    // Over a stale version: refused, naming it; 0 closes a period as soon as it ends.
    expect(await failure(update(hr, 5, 0))).toEqual({ code: status.ABORTED, field: 'version' });
    expect(await update(hr, 0, 1)).toMatchObject({ closingDay: 0, version: 2 });
    expect(await deadlineOf('2026-03')).toBe('2026-03-31');
    const [{ n }] = await tp.sql<{ n: number }>(
      'scoring',
      "SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'scoring_settings'",
    );
    expect(n).toBe(2);
  });
});
