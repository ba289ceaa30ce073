/**
 * Scoring end to end: work recorded in worklog reaches scoring through Kafka, and an official's
 * score in the month follows it, with its breakdown, by the Decree 335 pack.
 */
import { type Metadata, status } from '@grpc/grpc-js';
import { todayInVietnam } from '@thuocdo/kit';
import { scoringV1, tasksV1 } from '@thuocdo/proto';
import { callMetadata, insecure, readErrorDetail, unary } from '@thuocdo/service';
import { adminToken, createOrgFixture, logWorkFor, type OrgFixture, person, startTestPlatform, type TestPlatform, until } from './support';

const { Grade, Measure, ProductKind, ProductNoteKind } = scoringV1;

describe('scoring', () => {
  let tp: TestPlatform;
  let fx: OrgFixture;
  let admin: Metadata;
  let own: Metadata;
  let tasks: tasksV1.TaskServiceClient;
  const today = todayInVietnam();
  const month = today.slice(0, 7);

  beforeAll(async () => {
    tp = await startTestPlatform();
    fx = await createOrgFixture(tp, 'SCORE');
    admin = callMetadata(await adminToken(tp));
    own = callMetadata(fx.officialToken);
    tasks = new tasksV1.TaskServiceClient(tp.platform.address('worklog'), insecure());
  });
  afterAll(async () => {
    tasks?.close();
    await tp?.stop();
  });

  const score = (md: Metadata, period = month) =>
    unary<scoringV1.GetOfficialScoreResponse>((cb) =>
      tp.clients.scoring.getOfficialScore({ officialId: fx.official.id, period }, md, cb),
    ).then((r) => r.score!);
  /** The score once it shows what the test expects (scoring learns of work from events). */
  const scoreWhen = (what: string, ok: (s: scoringV1.OfficialScore) => boolean) =>
    until(what, async () => {
      const s = await score(own).catch(() => undefined);
      return s && ok(s) ? s : undefined;
    });

  it("follows the official's work: a task not yet approved counts as assigned, its approval completes it", async () => {
    // 150 minutes of routine work, and a task of one 120-minute product due today.
    await logWorkFor(tp, fx, { minutes: 60, note: 'Soạn công văn trả lời' });
    await logWorkFor(tp, fx, { minutes: 90, note: 'Soạn tờ trình' });
    const { task } = await unary<tasksV1.CreateTaskResponse>((cb) =>
      tasks.createTask(
        tasksV1.CreateTaskRequest.fromPartial({
          title: 'Báo cáo tổng kết tháng',
          source: tasksV1.TaskSource.TASK_SOURCE_PLANNED,
          workItemId: fx.workItem.id,
          leadAssigneeId: fx.official.id,
          startDate: today,
          dueDate: today,
        }),
        admin,
        cb,
      ),
    );
    expect(task!.expectedMinutes).toBe(120);

    // Assigned 270, completed 150: a = b = c = 150/270 = 0.5555…; 0.5555… × 70 = 38.888… → 38.89.
    const before = await scoreWhen(
      'the task and both entries in the score',
      (s) => s.products.length === 2 && s.products[1].completedMinutes === 150,
    );
    expect(before).toMatchObject({
      officialId: fx.official.id,
      period: month,
      packCode: 'ND335-2025',
      role: scoringV1.ScoringRole.SCORING_ROLE_NON_MANAGER,
      taskPoints: '38.89',
      generalPoints: '0.00',
      total: '38.89',
      grade: Grade.GRADE_NOT_COMPLETED,
      provisional: true,
    });
    expect(before.measures.map((m) => [m.measure, m.value, m.numerator, m.denominator])).toEqual([
      [Measure.MEASURE_QUANTITY, '0.56', '150', '270'],
      [Measure.MEASURE_QUALITY, '0.56', '150', '270'],
      [Measure.MEASURE_TIMELINESS, '0.56', '150', '270'],
    ]);
    expect(before.products[0]).toMatchObject({
      kind: ProductKind.PRODUCT_KIND_TASK,
      id: task!.id,
      assignedMinutes: 120,
      completedMinutes: 0,
      notes: [{ kind: ProductNoteKind.PRODUCT_NOTE_KIND_NOT_APPROVED, status: 'ASSIGNED', count: 0, daysLate: 0 }],
    });
    expect(before.products[1]).toMatchObject({ kind: ProductKind.PRODUCT_KIND_DIARY, id: fx.workItem.id, assignedMinutes: 150 });
    expect(before.products[1].entryIds).toHaveLength(2);
    expect(before.general.map((g) => [g.code, g.entered])).toEqual([
      ['POLITICS_ETHICS', false],
      ['COMPETENCE_RESPONSIBILITY', false],
      ['INNOVATION', false],
    ]);

    // The official starts and submits it, a manager approves it on time: everything completed, 70 points.
    const started = (await unary<tasksV1.StartTaskResponse>((cb) => tasks.startTask({ id: task!.id, version: task!.version }, own, cb)))
      .task!;
    const submitted = (
      await unary<tasksV1.SubmitTaskResponse>((cb) =>
        tasks.submitTask(
          { id: task!.id, version: started.version, product: { documentNumber: '12/BC-VP', link: '', fileRef: '', note: '' } },
          own,
          cb,
        ),
      )
    ).task!;
    await unary((cb) =>
      tasks.approveTask(
        {
          id: task!.id,
          version: submitted.version,
          quality: tasksV1.TaskQuality.TASK_QUALITY_MEETS_REQUIREMENTS,
          failedAssessments: 0,
          comment: '',
        },
        admin,
        cb,
      ),
    );
    const after = await scoreWhen('the approval in the score', (s) => s.products[0].completedMinutes === 120);
    expect(after).toMatchObject({ taskPoints: '70.00', total: '70.00', grade: Grade.GRADE_GOOD });
    expect(after.products[0].notes).toEqual([]);
    expect(after.measures.every((m) => m.value === '1.00')).toBe(true);
  });

  it('lists the shipped rule packs, and answers one by code', async () => {
    const { packs } = await unary<scoringV1.ListRulePacksResponse>((cb) => tp.clients.scoring.listRulePacks({}, own, cb));
    expect(packs.map((p) => p.code)).toEqual(['ND335-2025', 'ND90-2020', 'KH-1636-2025']);
    const { pack } = await unary<scoringV1.GetRulePackResponse>((cb) =>
      tp.clients.scoring.getRulePack({ code: 'KH-1636-2025', version: 0 }, own, cb),
    );
    expect(pack).toMatchObject({ nonManager: { taskPoints: '70.00' }, manager: { taskPoints: '50.00' } });
    expect(pack!.grades.map((g) => [g.min, g.inclusive])).toEqual([
      ['90.00', true],
      ['80.00', false],
      ['50.00', false],
    ]);
    expect(pack!.parameters).toMatchObject({ quotaPercent: '20', delayDeductionPercent: '25', quotaCountsMovedDown: true });
  });

  it('refuses a bad period or official id naming the field, and a pack it does not have', async () => {
    const failure = (req: scoringV1.GetOfficialScoreRequest) =>
      unary((cb) => tp.clients.scoring.getOfficialScore(req, own, cb)).then(
        () => {
          throw new Error('expected a refusal');
        },
        (err) => ({ code: err.code, field: readErrorDetail(err.metadata)?.field }),
      );
    for (const period of ['2026-13', '2026-Q5', 'tháng 3', ''])
      expect(await failure({ officialId: fx.official.id, period })).toEqual({ code: status.INVALID_ARGUMENT, field: 'period' });
    expect(await failure({ officialId: 'not-an-id', period: month })).toEqual({ code: status.INVALID_ARGUMENT, field: 'official_id' });
    // A period that has not started yet has no score.
    expect(await failure({ officialId: fx.official.id, period: `${Number(month.slice(0, 4)) + 1}-01` })).toEqual({
      code: status.INVALID_ARGUMENT,
      field: 'period',
    });
    const missing = await unary((cb) => tp.clients.scoring.getRulePack({ code: 'NO-SUCH-PACK', version: 0 }, own, cb)).then(
      () => status.OK,
      (e: { code: number }) => e.code,
    );
    expect(missing).toBe(status.NOT_FOUND);
  });
  it("records a manager's assessment of the general criteria: counted in the score, versioned, audited, never by the official", async () => {
    const home = { agencyId: fx.agency.id, unitId: fx.unit.id };
    const mai = await person(tp, [], home, 'Phạm Thị Mai');
    const head = callMetadata((await person(tp, [{ role: 'unit_head', unitId: fx.unit.id }], home, 'Trần Quốc Dũng')).token);
    const req = (version: number, criteria: { code: string; points: string }[], comment = '') =>
      scoringV1.RecordAssessmentRequest.fromPartial({ officialId: mai.officialId, period: month, criteria, comment, version });
    const record = (md: Metadata, r: scoringV1.RecordAssessmentRequest) =>
      unary<scoringV1.RecordAssessmentResponse>((cb) => tp.clients.scoring.recordAssessment(r, md, cb)).then((x) => x.score!);
    const refusal = (md: Metadata, r: scoringV1.RecordAssessmentRequest) =>
      record(md, r).then(
        () => ({ code: status.OK, field: '' }),
        (err) => ({ code: err.code as number, field: readErrorDetail(err.metadata)?.field ?? '' }),
      );
    const criteria = [
      { code: 'POLITICS_ETHICS', points: '10' },
      { code: 'COMPETENCE_RESPONSIBILITY', points: '9.5' },
      { code: 'INNOVATION', points: '8' },
    ];
    // Scoring learns of Mai's post from org's events.
    await until('scoring to know Mai', () =>
      unary((cb) => tp.clients.scoring.getOfficialScore({ officialId: mai.officialId, period: month }, admin, cb)).then(
        () => true,
        () => undefined,
      ),
    );

    const first = await record(head, req(0, criteria, 'Hoàn thành tốt nhiệm vụ được giao'));
    // Nothing assigned to Mai yet: 0 task points, 27.50 general.
    expect(first).toMatchObject({
      generalPoints: '27.50',
      total: '27.50',
      assessmentVersion: 1,
      assessmentComment: 'Hoàn thành tốt nhiệm vụ được giao',
    });
    expect(first.general.map((g) => [g.code, g.points, g.entered])).toEqual([
      ['POLITICS_ETHICS', '10.00', true],
      ['COMPETENCE_RESPONSIBILITY', '9.50', true],
      ['INNOVATION', '8.00', true],
    ]);
    // Mai reads it in her score, with who recorded it.
    const seen = (
      await unary<scoringV1.GetOfficialScoreResponse>((cb) =>
        tp.clients.scoring.getOfficialScore({ officialId: mai.officialId, period: month }, callMetadata(mai.token), cb),
      )
    ).score!;
    expect([seen.total, seen.assessmentVersion, seen.assessedBy]).toEqual(['27.50', 1, first.assessedBy]);

    // Mai cannot assess herself; a stale version is refused; unknown criteria and points over the maximum name their field.
    expect(await refusal(callMetadata(mai.token), req(1, criteria))).toMatchObject({ code: status.PERMISSION_DENIED });
    expect(await refusal(head, req(0, criteria))).toEqual({ code: status.ABORTED, field: 'version' });
    expect(await refusal(head, req(1, [{ code: 'ADMIN_REFORM_IT', points: '5' }]))).toEqual({
      code: status.INVALID_ARGUMENT,
      field: 'criteria[0].code',
    });
    expect(await refusal(head, req(1, [{ code: 'INNOVATION', points: '10.5' }]))).toEqual({
      code: status.INVALID_ARGUMENT,
      field: 'criteria[0].points',
    });

    const second = await record(head, req(1, [{ code: 'INNOVATION', points: '10' }]));
    expect([second.generalPoints, second.assessmentVersion]).toEqual(['10.00', 2]);
    // Each recording is in the audit log, with what it replaced.
    const audit = await tp.sql<{ before: unknown; after: { version: number } }>(
      'scoring',
      "SELECT before, after FROM audit_log WHERE entity_type = 'assessment' AND entity_id = $1 ORDER BY id",
      [`${month}/${mai.officialId}`],
    );
    expect(audit.map((a) => [a.before === null, a.after.version])).toEqual([
      [true, 1],
      [false, 2],
    ]);
  });
});
