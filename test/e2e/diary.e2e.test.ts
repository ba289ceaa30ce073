/**
 * The work diary (nhật ký công việc) through the real platform, as officials, their managers,
 * HR and a document system would use it: minutes taken from and held to the catalog's standard
 * time and coefficients; the day's total warned past the standard day and refused past the hard
 * limit; identical and overlapping entries refused; late entries held for a unit head's approval;
 * nobody reviewing their own work; reviews in bulk answered entry by entry; edits and deletions
 * followed by the day's totals and published as events; a closed month frozen until HR opens it
 * again; HR's working calendar; a document system's batch of 1,000 entries, repeated, and all or
 * nothing; who logged nothing (kê khai sót); entries for assigned tasks. Over gRPC and REST.
 */
import { randomUUID } from 'node:crypto';
import { type Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { addDays, todayInVietnam } from '@thuocdo/kit';
import { catalogV1, commonV1, orgV1, tasksV1, worklogV1 } from '@thuocdo/proto';
import { callMetadata, insecure, readErrorDetail, unary } from '@thuocdo/service';
import {
  adminToken,
  failure,
  person,
  publishedWorkItem,
  serviceAccount,
  startTestPlatform,
  type TestPlatform,
  until,
  untilDirectoryHas,
} from './support';

const { WorkLogStatus: Status, DiaryWarningCode: Warning, ReviewDecision, CalendarDayKind } = worklogV1;
const { ErrorReason } = commonV1;

/** Someone who writes a diary: their official id, token and call metadata. */
interface Person {
  id: string;
  token: string;
  md: Metadata;
}

describe('work diary', () => {
  let tp: TestPlatform;
  let tasks: tasksV1.TaskServiceClient;
  let agencyId: string;
  let topUnitId: string;
  let teamUnitId: string;
  /** Standard 30 minutes per document, difficulty 1.00–1.50: one document takes 30 to 45 minutes. */
  let itemId: string;
  let head: Person;
  let leader: Person;
  let hr: Person;
  let agencyHr: Person;
  let outsider: Person;
  let eoffice: Metadata;
  let eofficeToken: string;
  const today = todayInVietnam();
  const year = Number(today.slice(0, 4));
  /** Days that are not Monday-to-Friday working days, by the calendars of this year and the last. */
  const exceptions = new Map<string, boolean>();

  const diary = () => tp.clients.worklog;
  const isWorking = (d: string) => exceptions.get(d) ?? ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
  /** The n-th working day before today (0: today when it is one, else the last one before). */
  const workday = (n: number) => {
    let d = today;
    while (!isWorking(d)) d = addDays(d, -1);
    for (let i = 0; i < n; i++) {
      d = addDays(d, -1);
      while (!isWorking(d)) d = addDays(d, -1);
    }
    return d;
  };

  beforeAll(async () => {
    tp = await startTestPlatform();
    tasks = new tasksV1.TaskServiceClient(tp.platform.address('worklog'), insecure());
    const admin = callMetadata(await adminToken(tp));
    const agency = async (code: string, name: string) =>
      (
        await unary<orgV1.CreateAgencyResponse>((cb) =>
          tp.clients.org.createAgency(orgV1.CreateAgencyRequest.fromPartial({ code, name, kind: 1 }), admin, cb),
        )
      ).agency!.id;
    const unit = async (inAgency: string, code: string, name: string, parentUnitId = '') =>
      (
        await unary<orgV1.CreateUnitResponse>((cb) =>
          tp.clients.org.createUnit(
            orgV1.CreateUnitRequest.fromPartial({ agencyId: inAgency, parentUnitId, code, name, validFrom: '2020-01-01' }),
            admin,
            cb,
          ),
        )
      ).unit!.id;
    agencyId = await agency('SNV', 'Sở Nội vụ');
    topUnitId = await unit(agencyId, 'VP', 'Văn phòng Sở');
    teamUnitId = await unit(agencyId, 'VP.TH', 'Tổ Tổng hợp', topUnitId);
    const elsewhere = await agency('STC', 'Sở Tài chính');
    const elsewhereUnitId = await unit(elsewhere, 'VP', 'Văn phòng Sở');
    await untilDirectoryHas(tp, [agencyId, topUnitId, teamUnitId, elsewhere, elsewhereUnitId]);
    head = await official('Lê Minh Tâm', [{ role: 'unit_head', unitId: topUnitId }]);
    leader = await official('Phạm Văn Đức', [{ role: 'agency_leader', agencyId }]);
    hr = await official('Đỗ Thị Hằng', [{ role: 'hr_admin' }]);
    agencyHr = await official('Trịnh Văn Khoa', [{ role: 'hr_admin', agencyId }]);
    outsider = await official('Hoàng Văn Nam', [], { agencyId: elsewhere, unitId: elsewhereUnitId });
    eofficeToken = await serviceAccount(tp, 'snv-eoffice', [{ role: 'integrator', agencyId }]);
    eoffice = callMetadata(eofficeToken);
    const item = await publishedWorkItem(tp, admin, {
      code: 'SNV.B07',
      fields: {
        name: 'Thẩm định dự thảo văn bản',
        group: catalogV1.WorkItemGroup.WORK_ITEM_GROUP_B,
        productUnit: 'văn bản',
        standardMinutes: 30,
        difficulty: { minHundredths: 100, maxHundredths: 150 },
        urgency: { minHundredths: 100, maxHundredths: 100 },
        // In force long enough for every backdated entry here.
        effectiveFrom: '2020-01-01',
      },
    });
    itemId = item.id;
    await until('worklog to know the work item', async () => {
      const rows = await tp.sql('worklog', 'SELECT count(*)::int AS n FROM work_item_revision_ref WHERE work_item_id = $1', [itemId]);
      return rows[0].n >= 1;
    });
    for (const y of [year - 1, year]) {
      const { days } = await unary<worklogV1.GetWorkingCalendarResponse>((cb) => diary().getWorkingCalendar({ year: y }, admin, cb));
      for (const d of days) exceptions.set(d.date, d.kind === CalendarDayKind.CALENDAR_DAY_KIND_WORKING_DAY);
    }
  });
  afterAll(async () => {
    tasks?.close();
    await tp?.stop();
  });

  /** An official of the top unit (or elsewhere), with their own diary: each test writes the diaries of officials of its own. */
  async function official(
    name: string,
    grants: { role: string; agencyId?: string; unitId?: string }[] = [],
    where = { agencyId, unitId: topUnitId },
  ): Promise<Person> {
    const p = await person(tp, grants, where, name);
    return { id: p.officialId, token: p.token, md: callMetadata(p.token) };
  }

  const log = (m: Metadata, req: Partial<worklogV1.LogWorkRequest>) =>
    unary<worklogV1.LogWorkResponse>((cb) =>
      diary().logWork(
        worklogV1.LogWorkRequest.fromPartial({ workItemId: itemId, quantityDecimal: '1', workDate: workday(0), ...req }),
        m,
        cb,
      ),
    );
  /** LogWork by an official for themself. */
  const logOwn = (p: Person, req: Partial<worklogV1.LogWorkRequest> = {}) => log(p.md, { officialId: p.id, ...req });
  /** An edit of an entry: what it says, with some fields changed, from the version read. */
  const edit = (e: worklogV1.WorkLogEntry, req: Partial<worklogV1.UpdateWorkLogRequest>) =>
    worklogV1.UpdateWorkLogRequest.fromPartial({
      id: e.id,
      version: e.version,
      workDate: e.workDate,
      workItemId: e.workItemId,
      quantityDecimal: e.quantityDecimal,
      minutes: e.minutes,
      note: e.note,
      ...req,
    });
  const update = (m: Metadata, e: worklogV1.WorkLogEntry, req: Partial<worklogV1.UpdateWorkLogRequest>) =>
    unary<worklogV1.UpdateWorkLogResponse>((cb) => diary().updateWorkLog(edit(e, req), m, cb));
  const remove = (m: Metadata, e: worklogV1.WorkLogEntry) =>
    unary<worklogV1.DeleteWorkLogResponse>((cb) => diary().deleteWorkLog({ id: e.id, version: e.version }, m, cb));
  const review = (m: Metadata, entries: worklogV1.WorkLogEntry[], decision = ReviewDecision.REVIEW_DECISION_APPROVE, comment = '') =>
    unary<worklogV1.ReviewWorkLogsResponse>((cb) =>
      diary().reviewWorkLogs({ entries: entries.map((e) => ({ id: e.id, version: e.version })), decision, comment }, m, cb),
    );
  const day = (m: Metadata, officialId: string, date: string) =>
    unary<worklogV1.GetDiaryDayResponse>((cb) => diary().getDiaryDay({ officialId, date }, m, cb));
  const getEntry = (m: Metadata, id: string) =>
    unary<worklogV1.GetWorkLogResponse>((cb) => diary().getWorkLog({ id }, m, cb)).then((r) => r.entry!);
  const batch = (m: Metadata, entries: Partial<worklogV1.LogWorkRequest>[], allOrNothing = false) =>
    unary<worklogV1.LogWorkBatchResponse>((cb) =>
      diary().logWorkBatch(
        worklogV1.LogWorkBatchRequest.fromPartial({
          entries: entries.map((e) => ({ workItemId: itemId, quantityDecimal: '1', ...e })),
          allOrNothing,
        }),
        m,
        cb,
      ),
    );
  /** Every entry of an official in a range, as someone who reads them (all pages). */
  async function entriesOf(m: Metadata, officialId: string, fromDate: string, toDate: string, statuses: worklogV1.WorkLogStatus[] = []) {
    const out: worklogV1.WorkLogEntry[] = [];
    let pageToken = '';
    do {
      const page = await unary<worklogV1.ListWorkLogsResponse>((cb) =>
        diary().listWorkLogs(
          worklogV1.ListWorkLogsRequest.fromPartial({ officialId, fromDate, toDate, statuses, pageSize: 1000, pageToken }),
          m,
          cb,
        ),
      );
      out.push(...page.entries);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return out;
  }
  const warnings = (o: worklogV1.DiaryDayOutcome | undefined) => o!.warnings.map((w) => w.code);

  /** A call's refusal: its status, the field at fault and the English message; throws if the call succeeded. */
  async function refusal(
    invoke: (md: Metadata, cb: (err: ServiceError | null, res: unknown) => void) => unknown,
    md: Metadata,
  ): Promise<{ code: number; field: string; message: string }> {
    try {
      await unary((cb) => invoke(md, cb));
    } catch (err) {
      const e = err as ServiceError;
      const detail = readErrorDetail(e.metadata);
      return { code: e.code, field: detail?.field ?? '', message: detail?.messageEn ?? '' };
    }
    throw new Error('the call succeeded');
  }
  const refused = (code: number, field: string) => ({ code, field });

  /** A REST call through the gateway: the HTTP status and the JSON body. */
  async function rest(token: string, method: string, path: string, body?: unknown): Promise<[number, any]> {
    const res = await fetch(`${tp.platform.gatewayUrl}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return [res.status, await res.json()];
  }

  it('takes the default minutes from the catalog and keeps minutes within the item’s coefficient range', async () => {
    const an = await official('Nguyễn Văn An');
    const date = workday(0);
    // Two documents, no minutes: twice the standard 30.
    const first = await logOwn(an, { quantityDecimal: '2', minutes: 0, note: 'Thẩm định dự thảo quyết định' });
    expect(first.entry).toMatchObject({
      officialId: an.id,
      agencyId,
      unitId: topUnitId,
      workDate: date,
      quantityDecimal: '2.00',
      minutes: 60,
      workItemRevision: 1,
      status: Status.WORK_LOG_STATUS_LOGGED,
      version: 1,
    });
    expect(first.outcome).toEqual({ dayTotalMinutes: 60, warnings: [] });
    // Two documents take 60 to 90 minutes (difficulty 1.00–1.50): a minute outside is refused, naming the range.
    for (const minutes of [59, 91]) {
      const r = await refusal(
        (m, cb) =>
          diary().logWork(
            worklogV1.LogWorkRequest.fromPartial({ officialId: an.id, workDate: date, workItemId: itemId, quantityDecimal: '2', minutes }),
            m,
            cb,
          ),
        an.md,
      );
      expect([minutes, r.code, r.field]).toEqual([minutes, status.INVALID_ARGUMENT, 'minutes']);
      expect(r.message).toContain('from 60 to 90');
    }
    expect((await logOwn(an, { quantityDecimal: '2', minutes: 90, note: 'Văn bản khó, cần đối chiếu' })).outcome!.dayTotalMinutes).toBe(
      150,
    );
    // Over REST the same: one document by default is 30 minutes; 46 is out of its range of 30 to 45.
    const body = { official_id: an.id, work_date: date, work_item_id: itemId, quantity_decimal: '1' };
    const [created, answer] = await rest(an.token, 'POST', '/v1/work-logs', { ...body, minutes: 0, note: 'Công văn trả lời' });
    expect([created, answer.entry.minutes, answer.outcome.day_total_minutes]).toEqual([201, 30, 180]);
    const [bad, error] = await rest(an.token, 'POST', '/v1/work-logs', { ...body, minutes: 46, note: 'Công văn khác' });
    expect([bad, error.error.code, error.error.field]).toEqual([400, 'INVALID_ARGUMENT', 'minutes']);
    expect(error.error.message.en).toContain('from 30 to 45');
    expect((await day(an.md, an.id, date)).totalMinutes).toBe(180);
    // What An logs lately comes first among the suggestions, with the minutes a document may take.
    const { items } = await unary<worklogV1.SuggestWorkItemsResponse>((cb) =>
      diary().suggestWorkItems({ officialId: an.id, limit: 0 }, an.md, cb),
    );
    expect(items[0]).toMatchObject({
      workItemId: itemId,
      code: 'SNV.B07',
      standardMinutes: 30,
      recentUses: 3,
      minMinutesPerProduct: 30,
      maxMinutesPerProduct: 45,
    });
  });

  it('warns when a day passes the standard 480 minutes and refuses one past the 960-minute limit', async () => {
    const binh = await official('Trần Văn Bình');
    const date = workday(0);
    const morning = await logOwn(binh, { quantityDecimal: '8', note: 'Buổi sáng' });
    expect([morning.entry!.minutes, morning.outcome]).toEqual([240, { dayTotalMinutes: 240, warnings: [] }]);
    // Exactly the standard day: no warning yet.
    expect((await logOwn(binh, { quantityDecimal: '8', note: 'Buổi chiều' })).outcome).toEqual({ dayTotalMinutes: 480, warnings: [] });
    const evening = await logOwn(binh, { note: 'Buổi tối' });
    expect(evening.outcome!.dayTotalMinutes).toBe(510);
    expect(warnings(evening.outcome)).toEqual([Warning.DIARY_WARNING_CODE_DAY_OVER_STANDARD]);
    expect(evening.outcome!.warnings[0].messageVi).toContain('510 phút');
    // Up to the limit itself is accepted (with the warning); a minute past it is not.
    const night = await logOwn(binh, { quantityDecimal: '15', note: 'Trực ban đêm' });
    expect([night.outcome!.dayTotalMinutes, warnings(night.outcome)]).toEqual([960, [Warning.DIARY_WARNING_CODE_DAY_OVER_STANDARD]]);
    const over = await refusal(
      (m, cb) =>
        diary().logWork(
          worklogV1.LogWorkRequest.fromPartial({ officialId: binh.id, workDate: date, workItemId: itemId, quantityDecimal: '1' }),
          m,
          cb,
        ),
      binh.md,
    );
    expect([over.code, over.field]).toEqual([status.INVALID_ARGUMENT, 'minutes']);
    expect(over.message).toContain('990');
    expect(await day(binh.md, binh.id, date)).toMatchObject({
      totalMinutes: 960,
      entryCount: 4,
      standardMinutes: 480,
      hardLimitMinutes: 960,
      workingDay: true,
      late: false,
      closed: false,
    });
  });

  it('refuses an identical entry and overlapping times, and accepts the same work with another note', async () => {
    const chi = await official('Phạm Thị Chi');
    const date = workday(0);
    const req = { officialId: chi.id, workDate: date, workItemId: itemId, quantityDecimal: '1', note: 'Góp ý dự thảo quy chế' };
    await logOwn(chi, req);
    expect(await failure((m, cb) => diary().logWork(worklogV1.LogWorkRequest.fromPartial(req), m, cb), chi.md)).toEqual(
      refused(status.ALREADY_EXISTS, 'work_item_id'),
    );
    const [twice, error] = await rest(chi.token, 'POST', '/v1/work-logs', {
      official_id: chi.id,
      work_date: date,
      work_item_id: itemId,
      quantity_decimal: '1',
      note: req.note,
    });
    expect([twice, error.error.code]).toEqual([409, 'ALREADY_EXISTS']);
    await logOwn(chi, { ...req, note: 'Góp ý dự thảo quy chế (lần 2)' });
    // A double click: the same request id twice at once is one entry; without one, the second is a duplicate.
    const requestId = randomUUID();
    const clicks = await Promise.all([1, 2].map(() => logOwn(chi, { ...req, note: 'Dự thảo tờ trình', requestId })));
    expect(clicks[0].entry!.id).toBe(clicks[1].entry!.id);
    // Five times over, so that the two calls meet inside the service.
    for (const n of [1, 2, 3, 4, 5]) {
      const twins = await Promise.allSettled([1, 2].map(() => logOwn(chi, { ...req, note: `Dự thảo báo cáo ${n}` })));
      expect([n, twins.map((o) => (o.status === 'fulfilled' ? status.OK : (o.reason as ServiceError).code)).sort()]).toEqual([
        n,
        [status.OK, status.ALREADY_EXISTS],
      ]);
    }
    // Times: 08:00–09:00, then 08:30–09:30 overlaps it, 09:00–10:00 follows it.
    const timed = { officialId: chi.id, workDate: date, quantityDecimal: '2' };
    await logOwn(chi, { ...timed, startTime: '08:00', endTime: '09:00', note: 'Họp giao ban' });
    expect(
      await failure(
        (m, cb) =>
          diary().logWork(
            worklogV1.LogWorkRequest.fromPartial({
              ...timed,
              workItemId: itemId,
              startTime: '08:30',
              endTime: '09:30',
              note: 'Tiếp công dân',
            }),
            m,
            cb,
          ),
        chi.md,
      ),
    ).toEqual(refused(status.INVALID_ARGUMENT, 'start_time'));
    const next = await logOwn(chi, { ...timed, startTime: '09:00', endTime: '10:00', note: 'Tiếp công dân' });
    expect([next.entry!.startTime, next.entry!.endTime]).toEqual(['09:00', '10:00']);
    expect((await day(chi.md, chi.id, date)).entryCount).toBe(10);
  });

  it('holds an entry declared late for a manager’s approval, and a unit head approves it', async () => {
    const dung = await official('Vũ Văn Dũng');
    const late = workday(5);
    const { entry, outcome } = await logOwn(dung, { workDate: late, note: 'Tổng hợp báo cáo tuần' });
    expect(entry!.status).toBe(Status.WORK_LOG_STATUS_AWAITING_LATE_APPROVAL);
    expect(warnings(outcome)).toEqual([Warning.DIARY_WARNING_CODE_LATE_NEEDS_APPROVAL]);
    expect((await day(dung.md, dung.id, late)).late).toBe(true);
    expect((await day(dung.md, dung.id, workday(0))).late).toBe(false);
    // It waits in the unit head's inbox; an entry on time is there as LOGGED.
    const onTime = (await logOwn(dung, { note: 'Báo cáo ngày' })).entry!;
    const inbox = await entriesOf(head.md, dung.id, late, workday(0), [
      Status.WORK_LOG_STATUS_LOGGED,
      Status.WORK_LOG_STATUS_AWAITING_LATE_APPROVAL,
    ]);
    expect(inbox.map((e) => [e.id, e.status])).toEqual([
      [entry!.id, Status.WORK_LOG_STATUS_AWAITING_LATE_APPROVAL],
      [onTime.id, Status.WORK_LOG_STATUS_LOGGED],
    ]);
    // The unit head and the agency's leader approve it at once: one approval, both answered with it.
    const answers = await Promise.all([head, leader].map((p) => review(p.md, [entry!], ReviewDecision.REVIEW_DECISION_APPROVE, 'Đồng ý')));
    for (const { results, reviewed, failed } of answers) {
      expect([reviewed, failed, results[0].error]).toEqual([1, 0, undefined]);
      expect(results[0].entry).toMatchObject({ status: Status.WORK_LOG_STATUS_APPROVED, version: 2, review: { comment: 'Đồng ý' } });
    }
    expect(answers[0].results[0].entry!.review!.by).toBe(answers[1].results[0].entry!.review!.by);
    expect(
      await tp.sql('worklog', 'SELECT count(*)::int AS n FROM outbox WHERE topic = $1 AND message_key = $2', [
        'worklog.work-log-changed.v1',
        entry!.id,
      ]),
    ).toEqual([{ n: 1 }]);
    expect((await getEntry(dung.md, entry!.id)).status).toBe(Status.WORK_LOG_STATUS_APPROVED);
    // Approved, it no longer changes.
    expect(await failure((m, cb) => diary().deleteWorkLog({ id: entry!.id, version: 0 }, m, cb), dung.md)).toEqual(
      refused(status.FAILED_PRECONDITION, 'id'),
    );
  });

  it('lets nobody review their own entries', async () => {
    // The unit head is an official of the unit: their grant reaches their own entry, and still they cannot approve it.
    const own = (await logOwn(head, { note: 'Chủ trì họp phòng' })).entry!;
    const { results, reviewed, failed } = await review(head.md, [own]);
    expect([reviewed, failed, results[0].error?.reason]).toEqual([0, 1, ErrorReason.ERROR_REASON_PERMISSION_DENIED]);
    expect((await getEntry(head.md, own.id)).status).toBe(Status.WORK_LOG_STATUS_LOGGED);
    // An official without a manager's grant reviews nothing at all, their own entries least of all.
    const em = await official('Lý Thị Em');
    const mine = (await logOwn(em, { note: 'Soạn tờ trình' })).entry!;
    expect(
      await failure(
        (m, cb) =>
          diary().reviewWorkLogs(
            { entries: [{ id: mine.id, version: 0 }], decision: ReviewDecision.REVIEW_DECISION_APPROVE, comment: '' },
            m,
            cb,
          ),
        em.md,
      ),
    ).toEqual(refused(status.PERMISSION_DENIED, ''));
  });

  it('reviews several entries at once over REST, answering for each: approved, already approved, out of reach', async () => {
    const giang = await official('Phan Văn Giang');
    const fresh = [];
    for (const note of ['Văn bản số 1', 'Văn bản số 2', 'Văn bản số 3']) fresh.push((await logOwn(giang, { note })).entry!);
    const before = (await logOwn(giang, { note: 'Văn bản số 4' })).entry!;
    const [approvedBefore] = (await review(head.md, [before])).results.map((r) => r.entry!);
    const theirs = (await logOwn(outsider, { note: 'Văn bản của Sở Tài chính' })).entry!;
    const listed = [...fresh, approvedBefore, theirs];
    const [code, answer] = await rest(head.token, 'POST', '/v1/work-logs:review', {
      entries: listed.map((e) => ({ id: e.id, version: e.version })),
      decision: 'REVIEW_DECISION_APPROVE',
      comment: 'Đạt yêu cầu',
    });
    expect(code).toBe(200);
    expect([answer.reviewed, answer.failed]).toEqual([4, 1]);
    expect(
      answer.results.map((r: any) => [
        r.id,
        r.entry?.status ?? null,
        r.entry?.version ?? null,
        r.error?.reason ?? null,
        r.error?.field ?? null,
      ]),
    ).toEqual([
      [fresh[0].id, 'WORK_LOG_STATUS_APPROVED', 2, null, null],
      [fresh[1].id, 'WORK_LOG_STATUS_APPROVED', 2, null, null],
      [fresh[2].id, 'WORK_LOG_STATUS_APPROVED', 2, null, null],
      // Approved before: unchanged, not an error.
      [approvedBefore.id, 'WORK_LOG_STATUS_APPROVED', 2, null, null],
      // Another agency's entry: not found, as if it did not exist.
      [theirs.id, null, null, 'ERROR_REASON_NOT_FOUND', 'id'],
    ]);
    expect((await getEntry(outsider.md, theirs.id)).status).toBe(Status.WORK_LOG_STATUS_LOGGED);
    // A return needs a comment; returned, the official edits the entry and it goes back for review.
    const [noComment, error] = await rest(head.token, 'POST', '/v1/work-logs:review', {
      entries: [{ id: theirs.id }],
      decision: 'REVIEW_DECISION_RETURN',
    });
    expect([noComment, error.error.field]).toEqual([400, 'comment']);
    const toFix = (await logOwn(giang, { note: 'Văn bản số 5' })).entry!;
    const returned = (await review(head.md, [toFix], ReviewDecision.REVIEW_DECISION_RETURN, 'Ghi rõ số văn bản')).results[0].entry!;
    expect([returned.status, returned.review!.comment]).toEqual([Status.WORK_LOG_STATUS_RETURNED, 'Ghi rõ số văn bản']);
    const fixed = (await update(giang.md, returned, { note: 'Văn bản số 5/TTr-SNV' })).entry!;
    expect([fixed.status, fixed.version]).toEqual([Status.WORK_LOG_STATUS_LOGGED, 3]);
  });

  it('edits and deletes entries: the day’s totals follow, and every change is published', async () => {
    const hai = await official('Đặng Văn Hải');
    const date = workday(0);
    const a = (await logOwn(hai, { note: 'Soạn kế hoạch' })).entry!;
    const b = (await logOwn(hai, { quantityDecimal: '2', note: 'Rà soát hồ sơ' })).entry!;
    expect(await day(hai.md, hai.id, date)).toMatchObject({ totalMinutes: 90, entryCount: 2 });
    const edited = await update(hai.md, a, { minutes: 45, evidence: '15/KH-SNV' });
    expect(edited.entry).toMatchObject({ minutes: 45, evidence: '15/KH-SNV', version: 2, status: Status.WORK_LOG_STATUS_LOGGED });
    expect(edited.outcome!.dayTotalMinutes).toBe(105);
    // The version read before the edit is stale now.
    expect(await failure((m, cb) => diary().updateWorkLog(edit(a, { minutes: 40 }), m, cb), hai.md)).toEqual(refused(status.ABORTED, ''));
    // Deleted over REST: kept, marked DELETED, counted nowhere.
    const [code, deleted] = await rest(hai.token, 'DELETE', `/v1/work-logs/${b.id}?version=${b.version}`);
    expect([code, deleted.entry.status]).toEqual([200, 'WORK_LOG_STATUS_DELETED']);
    const [, shown] = await rest(hai.token, 'GET', `/v1/diary-days/${hai.id}/${date}`);
    expect([shown.total_minutes, shown.entry_count]).toEqual([45, 1]);
    expect((await entriesOf(hai.md, hai.id, date, date)).map((e) => e.id)).toEqual([a.id]);
    expect((await entriesOf(hai.md, hai.id, date, date, [Status.WORK_LOG_STATUS_DELETED])).map((e) => e.id)).toEqual([b.id]);
    expect(await failure((m, cb) => diary().deleteWorkLog({ id: b.id, version: 0 }, m, cb), hai.md)).toEqual(
      refused(status.FAILED_PRECONDITION, 'id'),
    );
    // Each entry's events leave the outbox for Kafka: logged, then changed once.
    const outbox = () =>
      tp.sql<{ message_key: string; topic: string; published: boolean }>(
        'worklog',
        'SELECT message_key, topic, published_at IS NOT NULL AS published FROM outbox WHERE message_key = ANY($1)',
        [[a.id, b.id]],
      );
    await until('the diary’s events to be published', async () => (await outbox()).every((r) => r.published));
    expect((await outbox()).map((r) => `${r.message_key} ${r.topic}`).sort()).toEqual(
      [
        `${a.id} worklog.work-logged.v1`,
        `${a.id} worklog.work-log-changed.v1`,
        `${b.id} worklog.work-logged.v1`,
        `${b.id} worklog.work-log-changed.v1`,
      ].sort(),
    );
  });

  it('freezes a closed month until HR opens it again', async () => {
    const khanh = await official('Bùi Quốc Khánh');
    // A month gone by (within the backdate limit), open again before the test ends: other tests write in it too.
    const date = addDays(today, -60);
    const month = date.slice(0, 7);
    const first = (await logOwn(khanh, { workDate: date, note: 'Kiểm kê tài sản' })).entry!;
    const second = (await logOwn(khanh, { workDate: date, note: 'Quyết toán quý' })).entry!;
    const current = (await logOwn(khanh, { note: 'Việc trong ngày' })).entry!;
    const setClosed = (m: Metadata, closed: boolean) =>
      unary<worklogV1.SetDiaryMonthClosedResponse>((cb) => diary().setDiaryMonthClosed({ month, closed }, m, cb));
    // Only HR over the whole tenant closes months.
    for (const m of [head.md, agencyHr.md, khanh.md])
      expect(await failure((md, cb) => diary().setDiaryMonthClosed({ month, closed: true }, md, cb), m)).toEqual(
        refused(status.PERMISSION_DENIED, ''),
      );
    // Closed by several calls at once (a double click, two HR officers): closed once, and none is an error.
    const closing = Promise.all([
      rest(hr.token, 'POST', `/v1/diary-months/${month}:set-closed`, { closed: true }),
      ...[1, 2, 3].map(() => setClosed(hr.md, true)),
    ]);
    try {
      const [[code, closed], ...others] = await closing;
      expect([code, closed.settings.closed_months]).toEqual([200, [month]]);
      expect(others.map((o) => o.settings!.closedMonths)).toEqual([[month], [month], [month]]);
      expect((await day(khanh.md, khanh.id, date)).closed).toBe(true);
      const precondition = (field: string) => refused(status.FAILED_PRECONDITION, field);
      expect(
        await failure(
          (m, cb) =>
            diary().logWork(
              worklogV1.LogWorkRequest.fromPartial({ officialId: khanh.id, workDate: date, workItemId: itemId, quantityDecimal: '1' }),
              m,
              cb,
            ),
          khanh.md,
        ),
      ).toEqual(precondition('work_date'));
      const refusedEdit = (e: worklogV1.WorkLogEntry, req: Partial<worklogV1.UpdateWorkLogRequest>) =>
        failure((m, cb) => diary().updateWorkLog(edit(e, req), m, cb), khanh.md);
      expect(await refusedEdit(first, { note: 'Kiểm kê tài sản cuối năm' })).toEqual(precondition('id'));
      // Nor does an entry move into it.
      expect(await refusedEdit(current, { workDate: date })).toEqual(precondition('work_date'));
      expect(await failure((m, cb) => diary().deleteWorkLog({ id: first.id, version: 0 }, m, cb), khanh.md)).toEqual(precondition('id'));
      const reviewed = await review(head.md, [second]);
      expect([reviewed.failed, reviewed.results[0].error?.reason, reviewed.results[0].error?.field]).toEqual([
        1,
        ErrorReason.ERROR_REASON_FAILED_PRECONDITION,
        'entries',
      ]);
      const batched = await batch(eoffice, [{ officialId: khanh.id, workDate: date, note: 'Từ E-Office' }]);
      expect([batched.written, batched.results[0].error?.reason, batched.results[0].error?.field]).toEqual([
        0,
        ErrorReason.ERROR_REASON_FAILED_PRECONDITION,
        'entries[0].work_date',
      ]);
      expect((await day(khanh.md, khanh.id, date)).totalMinutes).toBe(60);
    } finally {
      await setClosed(hr.md, false);
    }
    expect(
      (await unary<worklogV1.GetDiarySettingsResponse>((cb) => diary().getDiarySettings({}, khanh.md, cb))).settings!.closedMonths,
    ).toEqual([]);
    // Open again: everything refused above goes through.
    await logOwn(khanh, { workDate: date, note: 'Kiểm kê bổ sung' });
    const edited = (await update(khanh.md, first, { note: 'Kiểm kê tài sản cuối năm' })).entry!;
    expect((await review(head.md, [second])).results[0].entry!.status).toBe(Status.WORK_LOG_STATUS_APPROVED);
    expect((await remove(khanh.md, edited)).entry!.status).toBe(Status.WORK_LOG_STATUS_DELETED);
    expect(await day(khanh.md, khanh.id, date)).toMatchObject({ totalMinutes: 60, entryCount: 2, closed: false });
  });

  it('keeps the working calendar HR edits, and reports holidays and days off on the diary’s days', async () => {
    const lan = await official('Nguyễn Thị Lan');
    // Next year: nobody's working days change under the other tests.
    const next = year + 1;
    const get = (y: number) => unary<worklogV1.GetWorkingCalendarResponse>((cb) => diary().getWorkingCalendar({ year: y }, lan.md, cb));
    const before = await get(next);
    expect([before.version, before.customised]).toEqual([0, false]);
    const holiday = [...Array(7)]
      .map((_, i) => `${next}-11-0${i + 1}`)
      .find((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))!;
    const days = [
      ...before.days.map((d) => ({ date: d.date, kind: worklogV1.calendarDayKindToJSON(d.kind), name: d.name })),
      { date: holiday, kind: 'CALENDAR_DAY_KIND_DAY_OFF', name: 'Kỷ niệm ngày thành lập tỉnh' },
    ];
    // Only HR over the whole tenant edits it.
    for (const m of [head.md, agencyHr.md])
      expect(await failure((md, cb) => diary().updateWorkingCalendar({ year: next, days: [], version: 0 }, md, cb), m)).toEqual(
        refused(status.PERMISSION_DENIED, ''),
      );
    const [code, saved] = await rest(hr.token, 'PUT', `/v1/working-calendars/${next}`, { days, version: 0 });
    expect(code).toBe(200);
    expect(saved.calendar).toMatchObject({ year: next, version: 1, customised: true, working_days: before.workingDays - 1 });
    // Saved from a version read before someone else's edit: refused.
    const [stale, error] = await rest(hr.token, 'PUT', `/v1/working-calendars/${next}`, { days: [], version: 0 });
    expect([stale, error.error.code]).toEqual([409, 'ABORTED']);
    expect((await get(next)).days.find((d) => d.date === holiday)?.name).toBe('Kỷ niệm ngày thành lập tỉnh');
    expect(await day(lan.md, lan.id, holiday)).toMatchObject({ workingDay: false, dayName: 'Kỷ niệm ngày thành lập tỉnh' });
    // Two saves from the same version at once: one is kept, the other is told to reload.
    const racing = await Promise.all(
      ['Phương án 1', 'Phương án 2'].map(async (name) => {
        const body = { days: days.map((d) => (d.date === holiday ? { ...d, name } : d)), version: 1 };
        return (await rest(hr.token, 'PUT', `/v1/working-calendars/${next}`, body))[0];
      }),
    );
    expect(racing.sort()).toEqual([200, 409]);
    expect((await get(next)).version).toBe(2);
    // The 2026 calendar ships with the platform: National Day is off.
    const shipped = await get(2026);
    expect(shipped.days.find((d) => d.date === '2026-09-02')).toMatchObject({ kind: CalendarDayKind.CALENDAR_DAY_KIND_DAY_OFF });
    expect(await day(lan.md, lan.id, '2026-09-02')).toMatchObject({ workingDay: false, dayName: 'Quốc khánh 2/9' });
    // Work on the last day off before today is accepted, with a warning.
    let off = addDays(today, -1);
    while (isWorking(off)) off = addDays(off, -1);
    const { outcome } = await logOwn(lan, { workDate: off, note: 'Trực cơ quan ngày nghỉ' });
    expect(warnings(outcome)).toContain(Warning.DIARY_WARNING_CODE_NOT_A_WORKING_DAY);
    expect(await day(lan.md, lan.id, off)).toMatchObject({ workingDay: false, totalMinutes: 30 });
  });

  it('takes a document system’s batch of 1,000 entries, three of them bad, once however often it is sent', async () => {
    const staff = [await official('Cao Văn Long'), await official('Mai Thị Ngọc')];
    const from = addDays(today, -50);
    // Ten documents a day for each of two officials over fifty days (300 minutes a day), each with its own request id.
    const entries = [...Array(1000)].map((_, i) =>
      worklogV1.LogWorkRequest.fromPartial({
        officialId: staff[i % 2].id,
        workDate: addDays(from, Math.floor(i / 20)),
        workItemId: itemId,
        quantityDecimal: '1',
        minutes: 30,
        note: `Văn bản đến số ${i + 1}/VB`,
        requestId: randomUUID(),
      }),
    );
    entries[17].minutes = 29;
    entries[500].workDate = addDays(today, 1);
    entries[999].quantityDecimal = '0';
    const started = performance.now();
    const first = await unary<worklogV1.LogWorkBatchResponse>((cb) => diary().logWorkBatch({ entries, allOrNothing: false }, eoffice, cb));
    console.log(`LogWorkBatch of 1,000 entries: ${Math.round(performance.now() - started)} ms`);
    expect([first.written, first.failed, first.results.length]).toEqual([997, 3, 1000]);
    expect(first.results.filter((r) => r.error).map((r) => [r.index, r.error!.reason, r.error!.field])).toEqual([
      [17, ErrorReason.ERROR_REASON_INVALID_FIELD, 'entries[17].minutes'],
      [500, ErrorReason.ERROR_REASON_INVALID_FIELD, 'entries[500].work_date'],
      [999, ErrorReason.ERROR_REASON_INVALID_FIELD, 'entries[999].quantity_decimal'],
    ]);
    expect(first.results[0].entry).toMatchObject({ officialId: staff[0].id, minutes: 30, createdBy: 'service-account-snv-eoffice' });
    expect(first.results[0].outcome!.dayTotalMinutes).toBe(300);
    const stored = async () =>
      (await Promise.all(staff.map((p) => entriesOf(eoffice, p.id, from, today))))
        .flat()
        .map((e) => e.id)
        .sort();
    const written = first.results.flatMap((r) => (r.entry ? [r.entry.id] : [])).sort();
    expect(await stored()).toEqual(written);
    // Sent again (a retry after a lost answer): the same entries answered, nothing new written.
    const again = await unary<worklogV1.LogWorkBatchResponse>((cb) => diary().logWorkBatch({ entries, allOrNothing: false }, eoffice, cb));
    expect([again.written, again.failed]).toEqual([0, 3]);
    expect(again.results.map((r) => r.entry?.id ?? null)).toEqual(first.results.map((r) => r.entry?.id ?? null));
    expect(await stored()).toEqual(written);
  });

  it('writes nothing of an all-or-nothing batch with one bad entry', async () => {
    const minh = await official('Tạ Văn Minh');
    const date = workday(0);
    const entries = ['Công văn 1', 'Công văn 2', 'Công văn 3', 'Công văn 4', 'Công văn 5'].map((note) => ({
      official_id: minh.id,
      work_date: date,
      work_item_id: itemId,
      quantity_decimal: '1',
      note,
    }));
    const bad = [...entries];
    bad[2] = { ...bad[2], minutes: 10 } as (typeof entries)[number];
    const [code, answer] = await rest(eofficeToken, 'POST', '/v1/work-logs:batch', { entries: bad, all_or_nothing: true });
    expect([code, answer.written, answer.failed]).toEqual([200, 0, 5]);
    expect(answer.results.map((r: any) => [r.error.reason, r.error.field])).toEqual([
      ['ERROR_REASON_FAILED_PRECONDITION', 'all_or_nothing'],
      ['ERROR_REASON_FAILED_PRECONDITION', 'all_or_nothing'],
      ['ERROR_REASON_INVALID_FIELD', 'entries[2].minutes'],
      ['ERROR_REASON_FAILED_PRECONDITION', 'all_or_nothing'],
      ['ERROR_REASON_FAILED_PRECONDITION', 'all_or_nothing'],
    ]);
    expect(await day(minh.md, minh.id, date)).toMatchObject({ totalMinutes: 0, entryCount: 0 });
    const [, fixed] = await rest(eofficeToken, 'POST', '/v1/work-logs:batch', { entries, all_or_nothing: true });
    expect([fixed.written, fixed.failed]).toEqual([5, 0]);
    expect(await day(minh.md, minh.id, date)).toMatchObject({ totalMinutes: 150, entryCount: 5 });
  });

  it('lists who logged nothing on working days of a unit (kê khai sót), and not who logged every day', async () => {
    const team = { agencyId, unitId: teamUnitId };
    const oanh = await official('Hồ Thị Oanh', [], team);
    const phuc = await official('Lâm Văn Phúc', [], team);
    const from = addDays(today, -13);
    const workingDays: string[] = [];
    for (let d = from; d <= today; d = addDays(d, 1)) if (isWorking(d)) workingDays.push(d);
    const logged = await batch(
      eoffice,
      workingDays.map((workDate) => ({ officialId: oanh.id, workDate, note: `Nhật ký ngày ${workDate}` })),
    );
    expect([logged.written, logged.failed]).toEqual([workingDays.length, 0]);
    const missed = (m: Metadata, unitId: string) =>
      unary<worklogV1.ListMissedDeclarationsResponse>((cb) =>
        diary().listMissedDeclarations(
          worklogV1.ListMissedDeclarationsRequest.fromPartial({ unitId, fromDate: from, toDate: today, pageSize: 100 }),
          m,
          cb,
        ),
      );
    // The head of the unit above sees the team: Phúc missed every working day, Oanh none.
    expect(await missed(head.md, teamUnitId)).toEqual({
      officials: [{ officialId: phuc.id, unitId: teamUnitId, missedDates: workingDays, workingDays: workingDays.length }],
      nextPageToken: '',
      completeCount: 1,
    });
    // Over REST as HR, the same; Phúc asking about his own unit sees himself alone.
    const [code, answer] = await rest(hr.token, 'GET', `/v1/missed-declarations?unit_id=${teamUnitId}&from_date=${from}&to_date=${today}`);
    expect([code, answer.officials.map((o: any) => o.official_id), answer.complete_count]).toEqual([200, [phuc.id], 1]);
    const own = await missed(phuc.md, '');
    expect(own.officials.map((o) => o.officialId)).toEqual([phuc.id]);
    expect((await missed(oanh.md, '')).officials).toEqual([]);
  });

  it('accepts work for a task the official is assigned, and refuses a task of someone else', async () => {
    const quang = await official('Đinh Văn Quang');
    const son = await official('Kiều Thị Sơn');
    const assign = async (leadAssigneeId: string) =>
      (
        await unary<tasksV1.CreateTaskResponse>((cb) =>
          tasks.createTask(
            tasksV1.CreateTaskRequest.fromPartial({
              title: 'Thẩm định dự thảo Quyết định ban hành quy chế làm việc',
              source: tasksV1.TaskSource.TASK_SOURCE_PLANNED,
              workItemId: itemId,
              leadAssigneeId,
              dueDate: addDays(today, 7),
            }),
            head.md,
            cb,
          ),
        )
      ).task!;
    const his = await assign(quang.id);
    const hers = await assign(son.id);
    // Quang's open task comes first among his suggestions.
    const { items } = await unary<worklogV1.SuggestWorkItemsResponse>((cb) =>
      diary().suggestWorkItems({ officialId: quang.id, limit: 0 }, quang.md, cb),
    );
    expect(items[0]).toMatchObject({ workItemId: itemId, taskId: his.id });
    const { entry } = await logOwn(quang, { taskId: his.id, evidence: 'https://vanban.snv.example.vn/qc', note: 'Thẩm định lần 1' });
    expect([entry!.taskId, entry!.evidence]).toEqual([his.id, 'https://vanban.snv.example.vn/qc']);
    expect(
      await failure(
        (m, cb) =>
          diary().logWork(
            worklogV1.LogWorkRequest.fromPartial({
              officialId: quang.id,
              workDate: workday(0),
              workItemId: itemId,
              quantityDecimal: '1',
              taskId: hers.id,
              note: 'Thẩm định giúp',
            }),
            m,
            cb,
          ),
        quang.md,
      ),
    ).toEqual(refused(status.INVALID_ARGUMENT, 'task_id'));
  });
});
