/**
 * HR's consolidation of a closed period end to end: five officials of an agency all scoring 100
 * (work done, general criteria assessed) are all candidates for EXCELLENT; with nobody GOOD the
 * quota keeps none of them (E ≤ 20% × (5 − E) → 0), its 30% ceiling lets HR keep one by an
 * audited override and not two; the list goes out as the XLSX HR offices submit.
 */
import { type Metadata, status } from '@grpc/grpc-js';
import { todayInVietnam } from '@thuocdo/kit';
import { decodeEnvelope, decodePayload } from '@thuocdo/messaging';
import { Events, scoringV1, worklogV1 } from '@thuocdo/proto';
import { callMetadata, readErrorDetail, unary } from '@thuocdo/service';
import ExcelJS from 'exceljs';
import { adminToken, createOrgFixture, type OrgFixture, person, startTestPlatform, type TestPlatform, until } from './support';

const { Grade, QuotaOutcome } = scoringV1;

describe('scoring consolidation', () => {
  let tp: TestPlatform;
  let fx: OrgFixture;
  let admin: Metadata;
  let hr: Metadata;
  let head: { officialId: string; token: string };
  const staff: string[] = [];
  /** Each official's own token: officials log their own work. */
  const tokenOf = new Map<string, string>();
  const month = todayInVietnam().slice(0, 7);

  beforeAll(async () => {
    tp = await startTestPlatform();
    fx = await createOrgFixture(tp, 'TONGHOP');
    admin = callMetadata(await adminToken(tp));
    hr = callMetadata((await person(tp, [{ role: 'hr_admin' }])).token);
    const home = { agencyId: fx.agency.id, unitId: fx.unit.id };
    head = await person(tp, [{ role: 'unit_head', unitId: fx.unit.id }], home, 'Trần Quốc Dũng');
    staff.push(fx.official.id);
    tokenOf.set(fx.official.id, fx.officialToken).set(head.officialId, head.token);
    for (const name of ['Lê Thị Hồng', 'Phạm Văn Bình', 'Đặng Thu Trang']) {
      const p = await person(tp, [], home, name);
      staff.push(p.officialId);
      tokenOf.set(p.officialId, p.token);
    }
  });
  afterAll(() => tp?.stop());

  const failure = (p: Promise<unknown>) =>
    p.then(
      () => ({ code: status.OK, field: '' }),
      (err) => ({ code: err.code as number, field: readErrorDetail(err.metadata)?.field ?? '' }),
    );

  it('ranks the agency, applies the quota, takes one override within the ceiling, and exports the list', async () => {
    const everyone = [...staff, head.officialId];
    // Each logs a day's work, then is assessed 30/30: 70 + 30 = 100 each.
    for (const officialId of everyone)
      await unary((cb) =>
        tp.clients.worklog.logWork(
          worklogV1.LogWorkRequest.fromPartial({
            officialId,
            workDate: todayInVietnam(),
            workItemId: fx.workItem.id,
            quantityDecimal: '1',
            note: `Báo cáo của ${officialId.slice(-4)}`,
          }),
          callMetadata(tokenOf.get(officialId)!),
          cb,
        ),
      );
    const full = [
      { code: 'POLITICS_ETHICS', points: '10' },
      { code: 'COMPETENCE_RESPONSIBILITY', points: '10' },
      { code: 'INNOVATION', points: '10' },
    ];
    for (const officialId of everyone) {
      await until(`scoring to hold ${officialId}'s work`, () =>
        unary<scoringV1.GetOfficialScoreResponse>((cb) =>
          tp.clients.scoring.getOfficialScore({ officialId, period: month }, admin, cb),
        ).then(
          (r) => (r.score!.products.length > 0 ? true : undefined),
          () => undefined,
        ),
      );
      // The head assesses his staff; HR assesses the head.
      const by = officialId === head.officialId ? hr : callMetadata(head.token);
      const { score } = await unary<scoringV1.RecordAssessmentResponse>((cb) =>
        tp.clients.scoring.recordAssessment(
          scoringV1.RecordAssessmentRequest.fromPartial({ officialId, period: month, criteria: full, version: 0 }),
          by,
          cb,
        ),
      );
      expect([score!.total, score!.grade]).toEqual(['100.00', Grade.GRADE_EXCELLENT]);
    }

    // Not before the period closes.
    const list = (md: Metadata) =>
      unary<scoringV1.ListPeriodResultsResponse>((cb) =>
        tp.clients.scoring.listPeriodResults({ period: month, agencyId: fx.agency.id, pageSize: 0, pageToken: '' }, md, cb),
      );
    expect(await failure(list(hr))).toEqual({ code: status.FAILED_PRECONDITION, field: 'period' });
    await unary((cb) => tp.clients.scoring.closePeriod({ period: month, version: 0 }, hr, cb));

    const before = await list(hr);
    expect(before.results).toHaveLength(5);
    expect(before.results.map((r) => [r.total, r.gradeByScore, r.grade, r.quotaOutcome])).toEqual(
      Array.from({ length: 5 }, () => ['100.00', Grade.GRADE_EXCELLENT, Grade.GRADE_GOOD, QuotaOutcome.QUOTA_OUTCOME_MOVED_DOWN]),
    );
    expect(before.results.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(before.results.map((r) => r.fullName).sort()).toEqual(
      ['Lê Thị Hồng', 'Nguyễn Văn An', 'Phạm Văn Bình', 'Trần Quốc Dũng', 'Đặng Thu Trang'].sort(),
    );
    expect(before.groups.find((g) => g.agencyWide)).toMatchObject({
      packCode: 'ND335-2025',
      good: 0,
      candidates: 5,
      cap: 0,
      kept: 0,
    });

    // HR keeps one by an override (ceiling 30%: E ≤ 30% × (5 − E) → 1); a second does not fit; the head may not.
    const override = (md: Metadata, officialId: string) =>
      unary<scoringV1.SetQuotaOverrideResponse>((cb) =>
        tp.clients.scoring.setQuotaOverride(
          { period: month, officialId, keep: true, reason: 'Đơn vị có thành tích xuất sắc năm 2026' },
          md,
          cb,
        ),
      );
    expect(await failure(override(callMetadata(head.token), staff[1]))).toMatchObject({ code: status.PERMISSION_DENIED });
    const { result } = await override(hr, staff[1]);
    expect([result!.grade, result!.quotaOutcome, result!.overrideReason]).toEqual([
      Grade.GRADE_EXCELLENT,
      QuotaOutcome.QUOTA_OUTCOME_KEPT_BY_OVERRIDE,
      'Đơn vị có thành tích xuất sắc năm 2026',
    ]);
    expect(await failure(override(hr, staff[2]))).toEqual({ code: status.FAILED_PRECONDITION, field: 'official_id' });
    const after = await list(hr);
    expect(after.results.filter((r) => r.grade === Grade.GRADE_EXCELLENT).map((r) => r.officialId)).toEqual([staff[1]]);
    const [{ n: audited }] = await tp.sql<{ n: number }>(
      'scoring',
      "SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'quota_override'",
    );
    expect(audited).toBe(1);
    // The agency's list was published again with the exception: the newest of its lists.
    const lists = (
      await tp.sql<{ envelope: Buffer }>(
        'scoring',
        "SELECT envelope FROM outbox WHERE topic = 'scoring.period-results-changed.v1' AND message_key = $1 ORDER BY id",
        [fx.agency.id],
      )
    ).map((r) => decodePayload(decodeEnvelope(r.envelope), Events.PeriodResultsChanged));
    expect(lists).toHaveLength(2);
    expect(lists[1].results.find((r) => r.officialId === staff[1])).toMatchObject({
      grade: Grade.GRADE_EXCELLENT,
      quotaOutcome: QuotaOutcome.QUOTA_OUTCOME_KEPT_BY_OVERRIDE,
    });

    // Page by page, the same list.
    const first = await unary<scoringV1.ListPeriodResultsResponse>((cb) =>
      tp.clients.scoring.listPeriodResults({ period: month, agencyId: fx.agency.id, pageSize: 3, pageToken: '' }, hr, cb),
    );
    const second = await unary<scoringV1.ListPeriodResultsResponse>((cb) =>
      tp.clients.scoring.listPeriodResults({ period: month, agencyId: fx.agency.id, pageSize: 3, pageToken: first.nextPageToken }, hr, cb),
    );
    expect([...first.results, ...second.results].map((r) => r.officialId)).toEqual(after.results.map((r) => r.officialId));
    expect(second.nextPageToken).toBe('');

    // The spreadsheet HR offices submit: a header, one row per official in rank order.
    const { file } = await unary<scoringV1.ExportPeriodResultsResponse>((cb) =>
      tp.clients.scoring.exportPeriodResults({ period: month, agencyId: fx.agency.id }, hr, cb),
    );
    expect(file!.name).toBe(`ket-qua-danh-gia-TONGHOP-${month}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file!.content as unknown as ArrayBuffer);
    const rows = wb.worksheets[0].getSheetValues().slice(1) as unknown[][];
    expect(rows[0].slice(1, 11)).toEqual([
      'STT',
      'Họ và tên',
      'Mã cán bộ',
      'Nhóm vị trí việc làm',
      'Điểm tiêu chí chung',
      'Điểm kết quả nhiệm vụ',
      'Tổng điểm',
      'Xếp loại theo điểm',
      'Xếp loại',
      'Ghi chú',
    ]);
    expect(rows).toHaveLength(6);
    const kept = rows.find((r) => r[9] === 'Hoàn thành xuất sắc nhiệm vụ')!;
    expect([kept[7], kept[10]]).toEqual(['100.00', 'Giữ HTXS ngoài tỷ lệ: Đơn vị có thành tích xuất sắc năm 2026']);
    expect(rows.filter((r) => r[10] === 'Ngoài tỷ lệ 20% HTXS: xếp Hoàn thành tốt')).toHaveLength(4);
  });
});
