/**
 * The evaluation of a period end to end: the official's self-assessment, the manager's and the
 * collective's review, HR's consolidation of the closed period, the approval chained by hash, the
 * official's appeal, each step published; the verify-chain command finds tampering; reopening
 * withdraws the approval. Its own platform: it closes the current month.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Metadata, status } from '@grpc/grpc-js';
import { todayInVietnam } from '@thuocdo/kit';
import { decodeEnvelope, decodePayload } from '@thuocdo/messaging';
import { Events, scoringV1 } from '@thuocdo/proto';
import { callMetadata, readErrorDetail, unary } from '@thuocdo/service';
import { createOrgFixture, logWorkFor, type OrgFixture, person, startTestPlatform, type TestPlatform, until } from './support';

const S = scoringV1.EvaluationStage;
const ROOT = path.resolve(__dirname, '../..');

describe('the evaluation workflow', () => {
  let tp: TestPlatform;
  let fx: OrgFixture;
  let official: Metadata;
  let head: Metadata;
  let leader: Metadata;
  let hr: Metadata;
  const month = todayInVietnam().slice(0, 7);

  beforeAll(async () => {
    tp = await startTestPlatform();
    fx = await createOrgFixture(tp, 'QTDG');
    const home = { agencyId: fx.agency.id, unitId: fx.unit.id };
    official = callMetadata(fx.officialToken);
    head = callMetadata((await person(tp, [{ role: 'unit_head', unitId: fx.unit.id }], home, 'Trần Quốc Dũng')).token);
    leader = callMetadata((await person(tp, [{ role: 'agency_leader', agencyId: fx.agency.id }], home, 'Phạm Minh Tâm')).token);
    hr = callMetadata((await person(tp, [{ role: 'hr_admin' }], home, 'Đỗ Thị Nhân')).token);
  });
  afterAll(() => tp?.stop());

  const evaluation = (who: Metadata) =>
    unary<scoringV1.GetEvaluationResponse>((cb) =>
      tp.clients.scoring.getEvaluation({ officialId: fx.official.id, period: month }, who, cb),
    ).then((r) => r.evaluation!);
  const advance = (stage: scoringV1.EvaluationStage, version: number, who: Metadata, comment = '') =>
    unary<scoringV1.AdvanceEvaluationResponse>((cb) =>
      tp.clients.scoring.advanceEvaluation({ officialId: fx.official.id, period: month, stage, comment, version }, who, cb),
    ).then((r) => r.evaluation!);
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => ({ code: status.OK, field: '' }),
      (err) => ({ code: err.code as number, field: readErrorDetail(err.metadata)?.field ?? '' }),
    );
  const verify = () =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'services/scoring/src/main.ts', 'verify-chain'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: tp.platform.databaseUrl('scoring') },
    }).then(
      (r) => ({ code: 0, out: r.stdout }),
      (err) => ({ code: err.code as number, out: String(err.stdout) }),
    );

  it('takes the steps in order, each by whom it belongs to, publishes each, chains the approval, and withdraws it when the period reopens', async () => {
    await logWorkFor(tp, fx, { minutes: 240, note: 'Thẩm định hồ sơ' });
    await until('scoring to know the official', () =>
      unary((cb) => tp.clients.scoring.getOfficialScore({ officialId: fx.official.id, period: month }, hr, cb)).then(
        () => true,
        () => undefined,
      ),
    );
    expect(await evaluation(official)).toMatchObject({ stage: S.EVALUATION_STAGE_UNSPECIFIED, version: 0, steps: [] });

    // 1. The official's own assessment: theirs alone.
    const selfRequest = {
      officialId: fx.official.id,
      period: month,
      criteria: [{ code: 'POLITICS_ETHICS', points: '9.5' }],
      comment: 'Hoàn thành đầy đủ nhiệm vụ được giao',
      version: 0,
    };
    expect(await failure(unary((cb) => tp.clients.scoring.submitSelfAssessment(selfRequest, head, cb)))).toMatchObject({
      code: status.PERMISSION_DENIED,
    });
    expect(
      await failure(
        unary((cb) =>
          tp.clients.scoring.submitSelfAssessment({ ...selfRequest, criteria: [{ code: 'POLITICS_ETHICS', points: '11' }] }, official, cb),
        ),
      ),
    ).toEqual({ code: status.INVALID_ARGUMENT, field: 'criteria[0].points' });
    const { evaluation: selfAssessed } = await unary<scoringV1.SubmitSelfAssessmentResponse>((cb) =>
      tp.clients.scoring.submitSelfAssessment(selfRequest, official, cb),
    );
    expect(selfAssessed).toMatchObject({ stage: S.EVALUATION_STAGE_SELF_ASSESSED, version: 1 });
    expect(selfAssessed!.steps[0]).toMatchObject({
      comment: 'Hoàn thành đầy đủ nhiệm vụ được giao',
      criteria: [{ code: 'POLITICS_ETHICS', points: '9.50' }],
    });

    // 2. The manager: not before the general criteria are recorded, nor the official on themself.
    expect(await failure(advance(S.EVALUATION_STAGE_MANAGER_REVIEWED, 1, head))).toEqual({
      code: status.FAILED_PRECONDITION,
      field: 'official_id',
    });
    await unary((cb) =>
      tp.clients.scoring.recordAssessment(
        scoringV1.RecordAssessmentRequest.fromPartial({
          officialId: fx.official.id,
          period: month,
          criteria: [
            { code: 'POLITICS_ETHICS', points: '9' },
            { code: 'COMPETENCE_RESPONSIBILITY', points: '8.5' },
            { code: 'INNOVATION', points: '8' },
          ],
          version: 0,
        }),
        head,
        cb,
      ),
    );
    expect(await failure(advance(S.EVALUATION_STAGE_MANAGER_REVIEWED, 1, official))).toMatchObject({ code: status.PERMISSION_DENIED });
    const reviewed = await advance(S.EVALUATION_STAGE_MANAGER_REVIEWED, 1, head, 'Đồng ý với bản tự đánh giá');
    expect(reviewed.steps[1]).toMatchObject({
      stage: S.EVALUATION_STAGE_MANAGER_REVIEWED,
      comment: 'Đồng ý với bản tự đánh giá',
      byName: 'Trần Quốc Dũng',
    });
    expect(reviewed.steps[1].criteria).toHaveLength(3);

    // 3. The collective: the agency's leader, not the unit head.
    expect(await failure(advance(S.EVALUATION_STAGE_COMMITTEE_REVIEWED, 2, head))).toMatchObject({ code: status.PERMISSION_DENIED });
    const committee = await advance(S.EVALUATION_STAGE_COMMITTEE_REVIEWED, 2, leader, 'Tập thể thống nhất');
    expect(committee.stage).toBe(S.EVALUATION_STAGE_COMMITTEE_REVIEWED);

    // The manager's screen lists the unit's officials with their stage, by name.
    const { evaluations } = await unary<scoringV1.ListEvaluationsResponse>((cb) =>
      tp.clients.scoring.listEvaluations({ unitId: fx.unit.id, period: month, stage: 0, pageSize: 50, pageToken: '' }, head, cb),
    );
    expect(evaluations.find((e) => e.officialId === fx.official.id)).toMatchObject({
      fullName: 'Nguyễn Văn An',
      stage: S.EVALUATION_STAGE_COMMITTEE_REVIEWED,
      unitId: fx.unit.id,
    });
    const { evaluations: atCommittee } = await unary<scoringV1.ListEvaluationsResponse>((cb) =>
      tp.clients.scoring.listEvaluations(
        { unitId: fx.unit.id, period: month, stage: S.EVALUATION_STAGE_COMMITTEE_REVIEWED, pageSize: 50, pageToken: '' },
        head,
        cb,
      ),
    );
    expect(atCommittee.map((e) => e.officialId)).toEqual([fx.official.id]);
    // A page at a time, by name: every official once, in the same order as in one page.
    const walked: string[] = [];
    for (let token = '', first = true; first || token; first = false) {
      const r = await unary<scoringV1.ListEvaluationsResponse>((cb) =>
        tp.clients.scoring.listEvaluations({ unitId: fx.unit.id, period: month, stage: 0, pageSize: 1, pageToken: token }, head, cb),
      );
      walked.push(...r.evaluations.map((e) => e.officialId));
      token = r.nextPageToken;
    }
    expect(walked).toEqual(evaluations.map((e) => e.officialId));
    expect(walked.length).toBeGreaterThan(1);

    // 4. HR consolidates the closed period only.
    expect(await failure(advance(S.EVALUATION_STAGE_HR_CONSOLIDATED, 3, hr))).toEqual({
      code: status.FAILED_PRECONDITION,
      field: 'period',
    });
    expect(await failure(advance(S.EVALUATION_STAGE_HR_CONSOLIDATED, 3, leader))).toMatchObject({ code: status.PERMISSION_DENIED });
    await until('scoring to know everyone posted', async () => {
      const [{ n }] = await tp.sql<{ n: number }>(
        'scoring',
        `SELECT count(*)::int AS n FROM membership_ref m WHERE NOT m.removed AND NOT EXISTS (SELECT 1 FROM official_ref o WHERE o.id = m.official_id)`,
      );
      return n === 0 ? true : undefined;
    });
    const { period: closed } = await unary<scoringV1.ClosePeriodResponse>((cb) =>
      tp.clients.scoring.closePeriod({ period: month, version: 0 }, hr, cb),
    );
    // The consolidation's result: the quota applied (alone in the agency with 95.5 points, the
    // official keeps no EXCELLENT: 20% of no one GOOD is none).
    const { results } = await unary<scoringV1.ListPeriodResultsResponse>((cb) =>
      tp.clients.scoring.listPeriodResults({ period: month, agencyId: fx.agency.id, pageSize: 100, pageToken: '' }, hr, cb),
    );
    const row = results.find((r) => r.officialId === fx.official.id)!;
    expect(row).toMatchObject({ gradeByScore: scoringV1.Grade.GRADE_EXCELLENT, grade: scoringV1.Grade.GRADE_GOOD });
    // Each agency's list was published with the results, the quota applied.
    const published = async (closed: boolean) =>
      (
        await tp.sql<{ envelope: Buffer }>(
          'scoring',
          "SELECT envelope FROM outbox WHERE topic = 'scoring.period-results-changed.v1' ORDER BY id",
        )
      )
        .map((r) => decodePayload(decodeEnvelope(r.envelope), Events.PeriodResultsChanged))
        .filter((e) => e.closed === closed);
    const [{ agencies }] = await tp.sql<{ agencies: number }>(
      'scoring',
      'SELECT count(DISTINCT agency_id)::int AS agencies FROM period_result',
    );
    const lists = await published(true);
    expect(lists.map((e) => e.agencyId).sort()).toEqual([...new Set(lists.map((e) => e.agencyId))].sort());
    expect(lists).toHaveLength(agencies);
    expect(lists.find((e) => e.agencyId === fx.agency.id)!.results.find((r) => r.officialId === fx.official.id)).toMatchObject({
      fullName: 'Nguyễn Văn An',
      total: row.total,
      gradeByScore: scoringV1.Grade.GRADE_EXCELLENT,
      grade: scoringV1.Grade.GRADE_GOOD,
    });
    const consolidated = await advance(S.EVALUATION_STAGE_HR_CONSOLIDATED, 3, hr, 'Đã tổng hợp');
    expect(consolidated.steps[3]).toMatchObject({ total: row.total, grade: row.grade });

    // 5. Approval by the agency's leader, chained.
    const approved = await advance(S.EVALUATION_STAGE_APPROVED, 4, leader, 'Phê duyệt');
    expect(approved.stage).toBe(S.EVALUATION_STAGE_APPROVED);
    expect(approved.steps[4].chainHash).toMatch(/^[0-9a-f]{64}$/);
    expect(approved.appealUntil!.getTime()).toBeGreaterThan(Date.now() + 9 * 86_400_000);
    expect(await failure(advance(S.EVALUATION_STAGE_APPROVED, 5, hr))).toEqual({ code: status.FAILED_PRECONDITION, field: 'stage' });

    // The official sees it all and appeals within the window.
    const seen = await evaluation(official);
    expect(seen.steps.map((s) => s.stage)).toEqual([1, 2, 3, 4, 5]);
    const { evaluation: appealed } = await unary<scoringV1.CommentOnEvaluationResponse>((cb) =>
      tp.clients.scoring.commentOnEvaluation(
        { officialId: fx.official.id, period: month, text: 'Đề nghị xem xét lại tiêu chí đổi mới sáng tạo', appeal: true, version: 5 },
        official,
        cb,
      ),
    );
    expect(appealed!.comments).toMatchObject([{ appeal: true, text: 'Đề nghị xem xét lại tiêu chí đổi mới sáng tạo' }]);

    // The official's form, as a PDF in Vietnamese: its text, and its first page rendered to an
    // image and read back by OCR (every diacritic drawn by the embedded font).
    const { file } = await unary<scoringV1.ExportEvaluationFormResponse>((cb) =>
      tp.clients.scoring.exportEvaluationForm({ officialId: fx.official.id, period: month }, official, cb),
    );
    expect(file).toMatchObject({ contentType: 'application/pdf', name: expect.stringMatching(/^phieu-danh-gia-.+\.pdf$/) });
    const dir = mkdtempSync(path.join(tmpdir(), 'form-'));
    writeFileSync(path.join(dir, 'form.pdf'), file!.content);
    const run = promisify(execFile);
    // In the order written, lines joined (a long comment wraps within its column).
    const text = (await run('pdftotext', ['-raw', path.join(dir, 'form.pdf'), '-'])).stdout.replace(/\s+/g, ' ');
    for (const expected of [
      'PHIẾU ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ',
      'Nguyễn Văn An',
      'Trần Quốc Dũng',
      'Đề nghị xem xét lại tiêu chí đổi mới sáng tạo',
    ])
      expect(text).toContain(expected);
    expect(text).toContain(approved.steps[4].chainHash);
    await run('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', path.join(dir, 'form.pdf'), path.join(dir, 'page')]);
    const ocr = (await run('tesseract', [path.join(dir, 'page-1.png'), '-', '-l', 'vie'])).stdout;
    for (const expected of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'PHIẾU ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ', 'Họ và tên: Nguyễn Văn An'])
      expect(ocr).toContain(expected);
    // A bad period is named.
    expect(
      await failure(unary((cb) => tp.clients.scoring.exportEvaluationForm({ officialId: fx.official.id, period: 'x' }, official, cb))),
    ).toEqual({
      code: status.INVALID_ARGUMENT,
      field: 'period',
    });

    // Every change is published: 6 so far (five steps and the appeal).
    await until('the evaluation events published', async () => {
      const [{ n }] = await tp.sql<{ n: number }>(
        'scoring',
        "SELECT count(*)::int AS n FROM outbox WHERE topic = 'scoring.evaluation-changed.v1' AND published_at IS NOT NULL",
      );
      return n === 6 ? true : undefined;
    });

    // The chain verifies; a changed approval is found, and once put back verifies again.
    expect(await verify()).toMatchObject({ code: 0, out: expect.stringContaining('1 entries, 1 approvals standing — chain intact') });
    const [{ total }] = await tp.sql<{ total: number }>('scoring', 'SELECT total FROM evaluation_chain WHERE seq = 1');
    await tp.sql('scoring', 'UPDATE evaluation_chain SET total = total + 500 WHERE seq = 1');
    expect(await verify()).toMatchObject({ code: 1, out: expect.stringContaining('entry 1: content does not match its hash') });
    await tp.sql('scoring', 'UPDATE evaluation_chain SET total = $1 WHERE seq = 1', [total]);
    await tp.sql(
      'scoring',
      "UPDATE period_result SET grade = 'EXCELLENT', breakdown = breakdown || '\\x00'::bytea WHERE official_id = $1",
      [fx.official.id],
    );
    expect(await verify()).toMatchObject({
      code: 1,
      out: expect.stringContaining('entry 1: the stored result differs from the one approved'),
    });

    // Reopening withdraws consolidation and approval (the results are removed), chained as such.
    await unary((cb) => tp.clients.scoring.reopenPeriod({ period: month, version: closed!.version, reason: 'Xem xét khiếu nại' }, hr, cb));
    const withdrawn = await evaluation(official);
    // Every agency that had results hears they are gone.
    expect((await published(false)).map((e) => [e.agencyId, e.results.length]).sort()).toEqual(lists.map((e) => [e.agencyId, 0]).sort());
    expect(withdrawn).toMatchObject({ stage: S.EVALUATION_STAGE_COMMITTEE_REVIEWED, version: 7 });
    expect(withdrawn.steps.map((s) => s.withdrawn)).toEqual([false, false, false, true, true]);
    expect(withdrawn.appealUntil).toBeUndefined();
    expect(await tp.sql('scoring', 'SELECT seq::int, kind FROM evaluation_chain ORDER BY seq')).toEqual([
      { seq: 1, kind: 'APPROVED' },
      { seq: 2, kind: 'WITHDRAWN' },
    ]);
    expect(await verify()).toMatchObject({ code: 0, out: expect.stringContaining('2 entries, 0 approvals standing — chain intact') });
  });
});
