import { type Actor, type DomainError, ValidationError } from '@thuocdo/kit';
import { actorFor, directoryWith, failureOf, fieldOf, postRecords, TENANT, unitRecord } from '@thuocdo/testing/src/domain-fixtures';
import { DEFAULT_DIARY_SETTINGS, type DiarySettings } from './diary-settings';
import { minutesFor, type WorkItemRevisionRef } from './work-item-ref';
import {
  type BatchItem,
  type BatchState,
  type DiaryContext,
  dayKey,
  deleteWorkLog,
  isLate,
  type LogWorkRequest,
  type LogWorkState,
  logWork,
  logWorkBatch,
  MAX_BATCH,
  MAX_REVIEW,
  type NewWorkLog,
  parseBatch,
  parseLogWork,
  parseReview,
  parseUpdateWorkLog,
  planListWorkLogs,
  type ReviewRequest,
  reviewWorkLog,
  type TaskRef,
  type UpdateWorkLogState,
  unitsUnder,
  updateWorkLog,
  type WorkLogEntry,
  warningsFor,
} from './work-log';
import { calendarYear } from './working-calendar';

const NOW = new Date('2026-11-20T03:00:00Z'); // 10:00 in Hà Nội, Friday 20 November 2026
const rules = { maxBackdateDays: 31 };
const OFFICIAL = '0190f3a2-1111-7aaa-8bbb-123456789abc';
const OTHER = '0190f3a2-1111-7aaa-8bbb-123456789abd';
const MANAGER = '0190f3a2-1111-7aaa-8bbb-123456789abe';
const ITEM = '0190f3a2-2222-7aaa-8bbb-123456789abc';
const A1 = '0190f3a2-3333-7aaa-8bbb-123456789abc';
const A2 = '0190f3a2-3333-7aaa-8bbb-123456789abd';
const TOP = '0190f3a2-5555-7aaa-8bbb-000000000001';
const U1 = '0190f3a2-5555-7aaa-8bbb-000000000002';
const U9 = '0190f3a2-5555-7aaa-8bbb-000000000009';
const TASK = '0190f3a2-6666-7aaa-8bbb-000000000001';
const REQUEST = '0190f3a2-4444-7aaa-8bbb-123456789abc';

const valid: LogWorkRequest = {
  officialId: OFFICIAL,
  workDate: '2026-11-20',
  workItemId: ITEM,
  quantityDecimal: '2',
  legacyQuantity: 0,
  minutes: 90,
  note: ' Soạn công văn số 12 ',
  requestId: '',
  taskId: '',
  evidence: '',
  startTime: '',
  endTime: '',
};
const field = (req: Partial<LogWorkRequest>) => fieldOf(() => parseLogWork({ ...valid, ...req }, rules, NOW));

describe('parseLogWork', () => {
  it('accepts a valid entry, trims the note, holds the quantity in hundredths', () => {
    expect(parseLogWork(valid, rules, NOW)).toEqual({
      officialId: OFFICIAL,
      workDate: '2026-11-20',
      workItemId: ITEM,
      quantity: 200,
      minutes: 90,
      note: 'Soạn công văn số 12',
      taskId: null,
      evidence: '',
      startTime: null,
      endTime: null,
      requestId: null,
    });
  });

  it('reads minutes 0 as "the catalog’s default", and keeps a task, evidence and times', () => {
    const w = parseLogWork(
      { ...valid, minutes: 0, taskId: TASK, evidence: ' CV 12/UBND ', startTime: '08:00', endTime: '09:30', requestId: REQUEST },
      rules,
      NOW,
    );
    expect(w).toMatchObject({
      minutes: null,
      taskId: TASK,
      evidence: 'CV 12/UBND',
      startTime: '08:00',
      endTime: '09:30',
      requestId: REQUEST,
    });
  });

  it.each([
    [{ officialId: '' }, 'official_id'],
    [{ officialId: 'abc' }, 'official_id'],
    [{ workDate: '' }, 'work_date'],
    [{ workDate: '2026-02-30' }, 'work_date'],
    [{ workDate: '2026-11-21' }, 'work_date'], // tomorrow in Hà Nội
    [{ workDate: '2026-10-19' }, 'work_date'], // 32 days back, over the limit
    [{ workItemId: '' }, 'work_item_id'],
    [{ quantityDecimal: '' }, 'quantity_decimal'],
    [{ quantityDecimal: '0' }, 'quantity_decimal'],
    [{ quantityDecimal: '-1' }, 'quantity_decimal'],
    [{ quantityDecimal: '0.001' }, 'quantity_decimal'],
    [{ quantityDecimal: '100000.01' }, 'quantity_decimal'],
    [{ quantityDecimal: '1e3' }, 'quantity_decimal'],
    [{ quantityDecimal: '', legacyQuantity: 1e-9 }, 'quantity'],
    [{ quantityDecimal: '', legacyQuantity: 5e-324 }, 'quantity'],
    [{ quantityDecimal: '', legacyQuantity: -2 }, 'quantity'],
    [{ quantityDecimal: '', legacyQuantity: 1.005 }, 'quantity'],
    [{ minutes: -1 }, 'minutes'],
    [{ minutes: 1.5 }, 'minutes'],
    [{ minutes: 1441 }, 'minutes'],
    [{ note: 'x'.repeat(2001) }, 'note'],
    [{ note: 'a\u0000b' }, 'note'],
    [{ requestId: 'not-a-uuid' }, 'request_id'],
    [{ taskId: 'task-12' }, 'task_id'],
    [{ evidence: 'x'.repeat(501) }, 'evidence'],
    [{ startTime: '8:00', endTime: '09:00' }, 'start_time'],
    [{ startTime: '24:00', endTime: '09:00' }, 'start_time'],
    [{ startTime: '', endTime: '09:00' }, 'start_time'],
    [{ startTime: '08:00', endTime: '' }, 'end_time'],
    [{ startTime: '08:00', endTime: '08:60' }, 'end_time'],
    [{ startTime: '09:00', endTime: '08:00' }, 'end_time'],
    [{ startTime: '09:00', endTime: '09:00' }, 'end_time'],
  ])('names the field for %j', (req, name) => {
    expect(field(req)).toBe(name);
  });

  it('still takes the deprecated double when it is an exact two-place decimal', () => {
    expect(parseLogWork({ ...valid, quantityDecimal: '', legacyQuantity: 1.1 }, rules, NOW).quantity).toBe(110);
  });

  it('turns the day at midnight in Hà Nội, not UTC', () => {
    expect(field({ workDate: '2026-11-21' })).toBe('work_date');
    // 17:00 UTC on the 20th is 00:00 on the 21st in Hà Nội.
    expect(parseLogWork({ ...valid, workDate: '2026-11-21' }, rules, new Date('2026-11-20T17:00:00Z')).workDate).toBe('2026-11-21');
    expect(fieldOf(() => parseLogWork({ ...valid, workDate: '2026-11-21' }, rules, new Date('2026-11-20T16:59:59Z')))).toBe('work_date');
  });

  it('accepts the oldest date the rules allow and not one day more', () => {
    expect(field({ workDate: '2026-10-20' })).toBeUndefined(); // 31 days back
  });
});

describe('parseUpdateWorkLog', () => {
  const update = { ...valid, id: REQUEST, version: 3 };

  it('reads the fields an edit may change, never the official', () => {
    const u = parseUpdateWorkLog(update, rules, NOW);
    expect(u).toEqual({
      id: REQUEST,
      version: 3,
      fields: {
        workDate: '2026-11-20',
        workItemId: ITEM,
        quantity: 200,
        minutes: 90,
        note: 'Soạn công văn số 12',
        taskId: null,
        evidence: '',
        startTime: null,
        endTime: null,
      },
    });
  });

  it.each([
    [{ id: '' }, 'id'],
    [{ id: 'x' }, 'id'],
    [{ workDate: '2026-11-21' }, 'work_date'],
    [{ minutes: 2000 }, 'minutes'],
    [{ startTime: '10:00', endTime: '09:00' }, 'end_time'],
  ])('names the field for %j', (req, name) => {
    expect(fieldOf(() => parseUpdateWorkLog({ ...update, ...req }, rules, NOW))).toBe(name);
  });
});

// OFFICIAL works in unit U1 of agency A1 (U1 under TOP); MANAGER in TOP; OTHER in U9 of agency A2.
const directory = () =>
  directoryWith([
    unitRecord(TOP, A1),
    unitRecord(U1, A1, TOP),
    unitRecord(U9, A2),
    ...postRecords(OFFICIAL, A1, U1),
    ...postRecords(MANAGER, A1, TOP),
    ...postRecords(OTHER, A2, U9),
  ]);

const revision = (
  n: number,
  effectiveFrom: string,
  effectiveTo: string | null,
  standardMinutes: number,
  difficulty = { min: 100, max: 100 },
  urgency = { min: 100, max: 100 },
): WorkItemRevisionRef => ({
  workItemId: ITEM,
  revision: n,
  tenantId: TENANT,
  code: 'B.01',
  name: 'Soạn thảo văn bản hành chính',
  productUnit: 'văn bản',
  standardMinutes,
  difficulty,
  urgency,
  effectiveFrom,
  effectiveTo,
});
// Newest first, as the store hands them over. Revision 2 (from 1 July): 45 minutes a product,
// difficulty 0.80–1.50, urgency 1.00–1.20. Revision 1 (first half of 2026): 60 minutes, no range.
const REVISIONS = [
  revision(2, '2026-07-01', null, 45, { min: 80, max: 150 }, { min: 100, max: 120 }),
  revision(1, '2026-01-01', '2026-07-01', 60),
];

const calendars = new Map([
  [2025, calendarYear(2025, null)],
  [2026, calendarYear(2026, null)],
]);
const contextOf = (settings: Partial<DiarySettings> = {}, today = '2026-11-20'): DiaryContext => ({
  settings: { ...DEFAULT_DIARY_SETTINGS, ...settings },
  calendars,
  today,
});
const state = (s: Partial<LogWorkState> = {}): LogWorkState => ({ context: contextOf(), revisions: REVISIONS, ...s });

const w: NewWorkLog = {
  officialId: OFFICIAL,
  workDate: '2026-11-20',
  workItemId: ITEM,
  quantity: 200,
  minutes: 90,
  note: 'Soạn công văn số 12',
  taskId: null,
  evidence: '',
  startTime: null,
  endTime: null,
  requestId: null,
};

const self = () => actorFor('worklog.write', [], { officialId: OFFICIAL, directory: directory() }, NOW);
/** An entry as stored: written by the official through logWork, then changed as a test needs. */
const stored = (over: Partial<WorkLogEntry> = {}): WorkLogEntry => ({ ...logWork(w, state(), self()).entity, ...over });

describe('logWork', () => {
  it("writes version 1 in the official's post of that day, measured by the revision in force, with its event", () => {
    const actor = self();
    const d = logWork(w, state(), actor);
    expect(d.entity).toMatchObject({
      tenantId: TENANT,
      officialId: OFFICIAL,
      agencyId: A1,
      unitId: U1,
      workItemRevision: 2,
      quantity: 200,
      minutes: 90,
      status: 'LOGGED',
      review: null,
      version: 1,
      createdBy: actor.principal.subject,
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect(d.unchanged).toBeUndefined();
    expect(d.events).toEqual([{ kind: 'WorkLogged', entry: d.entity }]);
  });

  it('decides who may write before saying whether the official exists', () => {
    const other = actorFor('worklog.write', [], { officialId: OTHER, directory: directory() });
    expect(failureOf(() => logWork(w, state(), other))?.reason).toBe('PERMISSION_DENIED');
    const unknown = { ...w, officialId: '0190f3a2-1111-7aaa-8bbb-00000000dead' };
    expect(failureOf(() => logWork(unknown, state(), other))?.reason).toBe('PERMISSION_DENIED');
    const agencyIntegrator = actorFor('worklog.write', [], {
      clientId: 'eoffice',
      serviceAccount: true,
      grants: [{ role: 'integrator', agencyId: A1 }],
      directory: directory(),
    });
    expect(logWork(w, state(), agencyIntegrator).entity.officialId).toBe(OFFICIAL);
    expect(failureOf(() => logWork(unknown, state(), agencyIntegrator))?.reason).toBe('PERMISSION_DENIED');
    expect(failureOf(() => logWork({ ...w, officialId: OTHER }, state(), agencyIntegrator))?.reason).toBe('PERMISSION_DENIED');
    const tenantIntegrator = actorFor('worklog.write', ['integrator'], { clientId: 'hr', serviceAccount: true, directory: directory() });
    expect(failureOf(() => logWork(unknown, state(), tenantIntegrator))).toEqual({ reason: 'INVALID_FIELD', field: 'official_id' });
    // Permission comes before the catalog: an outsider learns nothing about the item either.
    expect(failureOf(() => logWork(w, state({ revisions: [] }), other))?.reason).toBe('PERMISSION_DENIED');
  });

  it('refuses an item the catalog does not know, and one not in force on the date', () => {
    expect(failureOf(() => logWork(w, state({ revisions: [] }), self()))).toEqual({ reason: 'INVALID_FIELD', field: 'work_item_id' });
    const retired = [revision(1, '2026-01-01', '2026-11-01', 60)];
    expect(failureOf(() => logWork(w, state({ revisions: retired }), self()))).toEqual({ reason: 'INVALID_FIELD', field: 'work_item_id' });
    const future = [revision(1, '2026-11-21', null, 60)];
    expect(failureOf(() => logWork(w, state({ revisions: future }), self()))).toEqual({ reason: 'INVALID_FIELD', field: 'work_item_id' });
    // The last day before the end is still in force; the end itself is not.
    expect(logWork({ ...w, workDate: '2026-10-31', minutes: null }, state({ revisions: retired }), self()).entity.workItemRevision).toBe(1);
  });

  it('measures an entry by the revision in force on its date, not the newest', () => {
    const june = logWork({ ...w, workDate: '2026-06-30', minutes: null }, state(), self()).entity;
    expect(june).toMatchObject({ workItemRevision: 1, minutes: 120 }); // 2 × 60
    const july = logWork({ ...w, workDate: '2026-07-01', minutes: null }, state(), self()).entity;
    expect(july).toMatchObject({ workItemRevision: 2, minutes: 90 }); // 2 × 45
  });

  it('defaults the minutes to quantity × standard minutes, rounded, at most a day', () => {
    const minutes = (quantity: number) => logWork({ ...w, quantity, minutes: null }, state(), self()).entity.minutes;
    expect(minutes(150)).toBe(68); // 1.5 × 45 = 67.5
    expect(minutes(1)).toBe(1); // 0.01 × 45 = 0.45: never below one minute
    expect(minutes(10_000)).toBe(1440); // 100 × 45 = 4,500: capped at a day
  });

  it('allows minutes within the range the coefficients give, and names minutes outside it', () => {
    // 2 × 45 = 90; difficulty 0.80–1.50, urgency 1.00–1.20: from 90 × 0.80 = 72 to 90 × 1.50 × 1.20 = 162.
    const at = (minutes: number) => failureOf(() => logWork({ ...w, minutes }, state(), self()));
    expect(at(72)).toBeUndefined();
    expect(at(162)).toBeUndefined();
    expect(at(71)).toEqual({ reason: 'INVALID_FIELD', field: 'minutes' });
    expect(at(163)).toEqual({ reason: 'INVALID_FIELD', field: 'minutes' });
    // Revision 1 has no range: exactly the standard time.
    const june = (minutes: number) => failureOf(() => logWork({ ...w, workDate: '2026-06-30', minutes }, state(), self()));
    expect(june(120)).toBeUndefined();
    expect(june(121)).toEqual({ reason: 'INVALID_FIELD', field: 'minutes' });
  });

  it('checks the task: assigned to the official (lead or supporting) and not cancelled', () => {
    const task = (over: Partial<TaskRef> = {}): TaskRef => ({
      id: TASK,
      workItemId: ITEM,
      status: 'IN_PROGRESS',
      leadAssigneeId: OFFICIAL,
      supportingAssigneeIds: [],
      ...over,
    });
    const withTask = { ...w, taskId: TASK };
    expect(logWork(withTask, state({ task: task() }), self()).entity.taskId).toBe(TASK);
    expect(
      logWork(withTask, state({ task: task({ leadAssigneeId: OTHER, supportingAssigneeIds: [OFFICIAL] }) }), self()).entity.taskId,
    ).toBe(TASK);
    const failure = (t: TaskRef | null) => failureOf(() => logWork(withTask, state({ task: t }), self()));
    expect(failure(null)).toEqual({ reason: 'INVALID_FIELD', field: 'task_id' });
    expect(failure(task({ leadAssigneeId: OTHER }))).toEqual({ reason: 'INVALID_FIELD', field: 'task_id' });
    expect(failure(task({ status: 'CANCELLED' }))).toEqual({ reason: 'INVALID_FIELD', field: 'task_id' });
  });

  it('refuses an exact duplicate of the day as ALREADY_EXISTS, but not one that differs or was deleted', () => {
    const first = stored();
    const day = (...entries: WorkLogEntry[]) => state({ day: { entries } });
    expect(failureOf(() => logWork(w, day(first), self()))).toEqual({ reason: 'ALREADY_EXISTS', field: 'work_item_id' });
    // A default that works out to the same minutes is the same entry too.
    expect(failureOf(() => logWork({ ...w, minutes: null }, day(first), self()))).toEqual({
      reason: 'ALREADY_EXISTS',
      field: 'work_item_id',
    });
    expect(failureOf(() => logWork({ ...w, note: 'Soạn công văn số 13' }, day(first), self()))).toBeUndefined();
    expect(failureOf(() => logWork({ ...w, minutes: 91 }, day(first), self()))).toBeUndefined();
    expect(failureOf(() => logWork(w, day({ ...first, status: 'DELETED' }), self()))).toBeUndefined();
    // Another day's twin is no duplicate (the store hands over the entry's own day only, but the rule still holds on content).
    expect(failureOf(() => logWork(w, state(), self()))).toBeUndefined();
  });

  it('refuses times that overlap another entry of the day, naming start_time; touching is fine', () => {
    const morning = stored({ startTime: '08:00', endTime: '10:00', note: 'Họp giao ban' });
    const day = state({ day: { entries: [morning] } });
    const at = (startTime: string, endTime: string) => failureOf(() => logWork({ ...w, startTime, endTime }, day, self()));
    expect(at('09:30', '11:00')).toEqual({ reason: 'INVALID_FIELD', field: 'start_time' });
    expect(at('07:00', '08:01')).toEqual({ reason: 'INVALID_FIELD', field: 'start_time' });
    expect(at('08:30', '09:00')).toEqual({ reason: 'INVALID_FIELD', field: 'start_time' });
    expect(at('10:00', '11:00')).toBeUndefined();
    expect(at('07:00', '08:00')).toBeUndefined();
    // Without times nothing overlaps.
    expect(failureOf(() => logWork(w, day, self()))).toBeUndefined();
  });

  it('refuses a day total above the hard limit (960) naming minutes; exactly the limit is accepted', () => {
    const long = stored({ minutes: 870, quantity: 1000, note: 'Thẩm định hồ sơ' });
    const day = state({ day: { entries: [long] } });
    expect(failureOf(() => logWork({ ...w, minutes: 90 }, day, self()))).toBeUndefined(); // 960
    expect(failureOf(() => logWork({ ...w, minutes: 91 }, day, self()))).toEqual({ reason: 'INVALID_FIELD', field: 'minutes' }); // 961
    // Deleted entries do not count; the tenant's own limit does.
    expect(
      failureOf(() => logWork({ ...w, minutes: 91 }, state({ day: { entries: [{ ...long, status: 'DELETED' }] } }), self())),
    ).toBeUndefined();
    const strict = state({ context: contextOf({ hardLimitMinutes: 900 }), day: { entries: [long] } });
    expect(failureOf(() => logWork({ ...w, minutes: 72 }, strict, self()))).toEqual({ reason: 'INVALID_FIELD', field: 'minutes' });
  });

  it('writes nothing into a closed month', () => {
    const closed = state({ context: contextOf({ closedMonths: ['2026-11'] }) });
    expect(failureOf(() => logWork(w, closed, self()))).toEqual({ reason: 'FAILED_PRECONDITION', field: 'work_date' });
    expect(logWork({ ...w, workDate: '2026-10-30' }, closed, self()).entity.workDate).toBe('2026-10-30');
  });

  it('marks entries past the late window (3 working days) as awaiting approval', () => {
    // Friday 20 November: Thursday 19, Wednesday 18 and Tuesday 17 are the window.
    expect(logWork({ ...w, workDate: '2026-11-17' }, state(), self()).entity.status).toBe('LOGGED');
    expect(logWork({ ...w, workDate: '2026-11-16' }, state(), self()).entity.status).toBe('AWAITING_LATE_APPROVAL');
    expect(
      logWork({ ...w, workDate: '2026-11-16' }, state({ context: contextOf({ lateAfterWorkingDays: 4 }) }), self()).entity.status,
    ).toBe('LOGGED');
  });

  it('counts the late window in working days across Tết: on Monday 23 Feb 2026, Friday 13 Feb is on time (16–20 are Tết, then 13, 12, 11)', () => {
    const afterTet = state({ context: contextOf({}, '2026-02-23') });
    expect(logWork({ ...w, workDate: '2026-02-13', minutes: null }, afterTet, self()).entity.status).toBe('LOGGED');
    expect(logWork({ ...w, workDate: '2026-02-11', minutes: null }, afterTet, self()).entity.status).toBe('LOGGED');
    expect(logWork({ ...w, workDate: '2026-02-10', minutes: null }, afterTet, self()).entity.status).toBe('AWAITING_LATE_APPROVAL');
  });

  it('counts the late window across a weekend: on Monday 23 Nov, Wednesday 18 is on time and Tuesday 17 late', () => {
    const monday = contextOf({}, '2026-11-23');
    expect(isLate(monday, '2026-11-18')).toBe(false);
    expect(isLate(monday, '2026-11-17')).toBe(true);
    expect(isLate(monday, '2026-11-21')).toBe(false); // the Saturday inside the window
  });

  it('answers a repeated request id with the first entry, and refuses the id for other content', () => {
    const withId = { ...w, requestId: REQUEST };
    const first: WorkLogEntry = logWork(withId, state(), self()).entity;
    expect(logWork(withId, state({ sameRequest: first }), self())).toEqual({ entity: first, events: [], unchanged: true });
    // The default minutes work out to the stored 90: the same request.
    expect(logWork({ ...withId, minutes: null }, state({ sameRequest: first }), self()).unchanged).toBe(true);
    // A repeat is answered even when the day has filled up since.
    expect(logWork(withId, state({ sameRequest: first, day: { entries: [first] } }), self()).unchanged).toBe(true);
    for (const change of [{ minutes: 91 }, { note: 'khác' }, { evidence: 'CV 1' }, { startTime: '08:00', endTime: '09:00' }])
      expect(failureOf(() => logWork({ ...withId, ...change }, state({ sameRequest: first }), self()))).toEqual({
        reason: 'ALREADY_EXISTS',
        field: 'request_id',
      });
  });
});

describe('minutesFor', () => {
  it('gives the standard time of the quantity and the range of the coefficients', () => {
    expect(minutesFor(revision(2, '2026-07-01', null, 45, { min: 80, max: 150 }, { min: 100, max: 120 }), 200)).toEqual({
      standard: 90,
      min: 72,
      max: 162,
    });
  });

  it('works the range out exactly, without binary rounding moving a bound by a minute', () => {
    // 20 minutes × 6.46 × 2.50 = 323 exactly (in doubles 322.99999999999994).
    expect(minutesFor(revision(1, '2026-01-01', null, 20, { min: 250, max: 250 }), 646)).toEqual({ standard: 129, min: 323, max: 323 });
    // 14 minutes × 9.20 × 1.25 = 161 exactly (in doubles 161.00000000000003).
    expect(minutesFor(revision(1, '2026-01-01', null, 14, { min: 125, max: 125 }), 920)).toEqual({ standard: 129, min: 161, max: 161 });
  });
});

describe('warningsFor', () => {
  const codes = (e: WorkLogEntry, total: number, context = contextOf()) => warningsFor(e, total, context).map((x) => x.code);

  it('warns above the standard day (480), not at it', () => {
    const e = stored();
    expect(codes(e, 480)).toEqual([]);
    expect(codes(e, 481)).toEqual(['DAY_OVER_STANDARD']);
    expect(codes(e, 481, contextOf({ standardDayMinutes: 500 }))).toEqual([]);
  });

  it('says a late entry needs approval', () => {
    const late = logWork({ ...w, workDate: '2026-11-16' }, state(), self()).entity;
    expect(codes(late, 90)).toEqual(['LATE_NEEDS_APPROVAL']);
  });

  it('warns on holidays and weekends, naming the holiday; the swapped working Saturday 2026-01-10 is a working day', () => {
    const on = (workDate: string) => warningsFor(stored({ workDate }), 90, contextOf());
    expect(on('2026-02-17').map((x) => x.code)).toEqual(['NOT_A_WORKING_DAY']);
    expect(on('2026-02-17')[0].text.vi).toContain('Tết Nguyên đán');
    expect(on('2026-09-02').map((x) => x.code)).toEqual(['NOT_A_WORKING_DAY']);
    expect(on('2026-09-02')[0].text.en).toContain('Quốc khánh');
    expect(on('2026-11-14').map((x) => x.code)).toEqual(['NOT_A_WORKING_DAY']); // a Saturday
    expect(on('2026-01-10')).toEqual([]);
    expect(on('2026-01-11').map((x) => x.code)).toEqual(['NOT_A_WORKING_DAY']); // the Sunday after it
  });

  it('gives every warning that applies', () => {
    const e = { ...stored({ workDate: '2026-09-02' }), status: 'AWAITING_LATE_APPROVAL' as const };
    expect(codes(e, 500)).toEqual(['DAY_OVER_STANDARD', 'LATE_NEEDS_APPROVAL', 'NOT_A_WORKING_DAY']);
  });
});

const LATER = new Date('2026-11-20T05:00:00Z');

describe('updateWorkLog', () => {
  const fields = (over: Partial<NewWorkLog> = {}) => {
    const { officialId: _, requestId: __, ...rest } = { ...w, ...over };
    return rest;
  };
  const edit = (
    e: WorkLogEntry | undefined,
    over: Partial<NewWorkLog> = {},
    s: Partial<UpdateWorkLogState> = {},
    version = 1,
    actor = self(),
  ) =>
    updateWorkLog(
      { id: e?.id ?? REQUEST, version, fields: fields(over) },
      { context: contextOf(), revisions: REVISIONS, entry: e, day: { entries: e ? [e] : [] }, ...s },
      { ...actor, now: LATER },
    );

  it('changes the entry, measures it again, and sends the values before with the event', () => {
    const e = stored();
    const d = edit(e, { quantity: 300, minutes: null, note: 'Soạn 3 công văn' });
    expect(d.entity).toMatchObject({ id: e.id, quantity: 300, minutes: 135, note: 'Soạn 3 công văn', version: 2, updatedAt: LATER });
    expect(d.entity.createdAt).toEqual(e.createdAt);
    expect(d.events).toEqual([{ kind: 'WorkLogChanged', entry: d.entity, previous: e, change: 'UPDATED' }]);
  });

  it('moves an entry to another date under the revision in force there, late when past the window', () => {
    const e = stored();
    const moved = edit(e, { workDate: '2026-06-30', minutes: null }, { day: { entries: [] } }).entity;
    expect(moved).toMatchObject({ workDate: '2026-06-30', workItemRevision: 1, minutes: 120, status: 'AWAITING_LATE_APPROVAL' });
  });

  it('sends a returned entry back for review', () => {
    const e = stored({ status: 'RETURNED', review: { by: 'head', at: NOW, comment: 'Thiếu số văn bản' } });
    expect(edit(e, { evidence: 'CV 12/UBND' }).entity.status).toBe('LOGGED');
  });

  it('checks the day without the entry itself: its own old values are no duplicate and do not count twice', () => {
    const e = stored({ minutes: 900, quantity: 1000 });
    expect(edit(e, { quantity: 1000, minutes: 960 }, { revisions: [revision(3, '2026-01-01', null, 96)] }).entity.minutes).toBe(960);
    const twin = stored({ note: 'Khác' });
    expect(failureOf(() => edit(e, { note: 'Khác' }, { day: { entries: [e, twin] } }))).toEqual({
      reason: 'ALREADY_EXISTS',
      field: 'work_item_id',
    });
  });

  it('answers NOT_FOUND for a missing entry and one out of reach, alike', () => {
    expect(failureOf(() => edit(undefined))).toEqual({ reason: 'NOT_FOUND', field: 'id' });
    const other = actorFor('worklog.write', [], { officialId: OTHER, directory: directory() });
    expect(failureOf(() => edit(stored(), {}, {}, 1, other))).toEqual({ reason: 'NOT_FOUND', field: 'id' });
  });

  it('refuses a stale version (0: whatever it is now)', () => {
    const e = stored({ version: 4 });
    expect(failureOf(() => edit(e, {}, {}, 3))?.reason).toBe('VERSION_CONFLICT');
    expect(edit(e, {}, {}, 0).entity.version).toBe(5);
  });

  it('refuses approved and deleted entries, and closed months (the old one or the new one)', () => {
    expect(failureOf(() => edit(stored({ status: 'APPROVED' })))).toEqual({ reason: 'FAILED_PRECONDITION', field: 'id' });
    expect(failureOf(() => edit(stored({ status: 'DELETED' })))).toEqual({ reason: 'FAILED_PRECONDITION', field: 'id' });
    const october = stored({ workDate: '2026-10-30' });
    const closed = { context: contextOf({ closedMonths: ['2026-10'] }) };
    expect(failureOf(() => edit(october, {}, closed))).toEqual({ reason: 'FAILED_PRECONDITION', field: 'id' });
    expect(failureOf(() => edit(stored(), { workDate: '2026-10-30' }, closed))).toEqual({
      reason: 'FAILED_PRECONDITION',
      field: 'work_date',
    });
  });
});

describe('deleteWorkLog', () => {
  const remove = (e: WorkLogEntry | undefined, version = 1, actor = self(), settings: Partial<DiarySettings> = {}) =>
    deleteWorkLog(version, { context: contextOf(settings), entry: e }, { ...actor, now: LATER });

  it('marks the entry DELETED, a new version, with the values before', () => {
    const e = stored();
    const d = remove(e);
    expect(d.entity).toMatchObject({ id: e.id, status: 'DELETED', version: 2, updatedAt: LATER });
    expect(d.events).toEqual([{ kind: 'WorkLogChanged', entry: d.entity, previous: e, change: 'DELETED' }]);
  });

  it('refuses approved and deleted entries, closed months, stale versions; hides what is out of reach', () => {
    expect(failureOf(() => remove(stored({ status: 'APPROVED' })))).toEqual({ reason: 'FAILED_PRECONDITION', field: 'id' });
    expect(failureOf(() => remove(stored({ status: 'DELETED' })))).toEqual({ reason: 'FAILED_PRECONDITION', field: 'id' });
    expect(failureOf(() => remove(stored(), 1, self(), { closedMonths: ['2026-11'] }))).toEqual({
      reason: 'FAILED_PRECONDITION',
      field: 'id',
    });
    expect(failureOf(() => remove(stored(), 2))?.reason).toBe('VERSION_CONFLICT');
    expect(failureOf(() => remove(undefined))).toEqual({ reason: 'NOT_FOUND', field: 'id' });
    const other = actorFor('worklog.write', [], { officialId: OTHER, directory: directory() });
    expect(failureOf(() => remove(stored(), 1, other))).toEqual({ reason: 'NOT_FOUND', field: 'id' });
  });

  it('withdraws an entry awaiting approval or returned', () => {
    expect(remove(stored({ status: 'AWAITING_LATE_APPROVAL' })).entity.status).toBe('DELETED');
    expect(remove(stored({ status: 'RETURNED' })).entity.status).toBe('DELETED');
  });
});

describe('parseReview', () => {
  const one = [{ id: REQUEST, version: 1 }];

  it('reads the entries, the decision and a trimmed comment', () => {
    expect(parseReview({ entries: one, decision: 'RETURN', comment: ' Thiếu minh chứng ' })).toEqual({
      entries: one,
      decision: 'RETURN',
      comment: 'Thiếu minh chứng',
    });
    expect(parseReview({ entries: one, decision: 'APPROVE', comment: '' }).comment).toBe('');
  });

  it.each([
    [{ entries: [] }, 'entries'],
    [
      {
        entries: Array.from({ length: MAX_REVIEW + 1 }, (_, i) => ({
          id: `0190f3a2-4444-7aaa-8bbb-${String(i).padStart(12, '0')}`,
          version: 1,
        })),
      },
      'entries',
    ],
    [{ decision: 'REJECT' }, 'decision'],
    [{ decision: '' }, 'decision'],
    [{ decision: 'RETURN', comment: '  ' }, 'comment'],
    [{ comment: 'x'.repeat(2001) }, 'comment'],
    [{ entries: [{ id: 'x', version: 1 }] }, 'entries[0].id'],
    [{ entries: [...one, { id: 'x', version: 1 }] }, 'entries[1].id'],
    [{ entries: [...one, ...one] }, 'entries[1].id'],
  ])('names the field for %#', (req, name) => {
    expect(fieldOf(() => parseReview({ entries: one, decision: 'APPROVE', comment: '', ...req }))).toBe(name);
  });
});

describe('reviewWorkLog', () => {
  const approve: ReviewRequest = { entries: [], decision: 'APPROVE', comment: 'Đạt' };
  const giveBack: ReviewRequest = { entries: [], decision: 'RETURN', comment: 'Thiếu số văn bản' };
  const head = () =>
    actorFor('worklog.review', [], { officialId: MANAGER, grants: [{ role: 'unit_head', unitId: TOP }], directory: directory() }, LATER);
  const review = (r: ReviewRequest, e: WorkLogEntry | undefined, version = e?.version ?? 1, actor = head(), context = contextOf()) =>
    reviewWorkLog(r, { id: e?.id ?? REQUEST, version }, e, context, actor);

  it('approves an entry of an official under the manager, recording who, when and what', () => {
    const e = stored();
    const actor = head();
    const d = review(approve, e, 1, actor);
    expect(d.entity).toMatchObject({
      status: 'APPROVED',
      review: { by: actor.principal.subject, at: LATER, comment: 'Đạt' },
      version: 2,
      updatedAt: LATER,
    });
    expect(d.events).toEqual([{ kind: 'WorkLogChanged', entry: d.entity, previous: e, change: 'APPROVED' }]);
  });

  it('returns an entry with a comment', () => {
    const d = review(giveBack, stored({ status: 'AWAITING_LATE_APPROVAL' }));
    expect(d.entity).toMatchObject({ status: 'RETURNED', review: { comment: 'Thiếu số văn bản' } });
    expect(d.events[0]).toMatchObject({ change: 'RETURNED' });
  });

  it('refuses a manager’s own entries', () => {
    const mine = stored({ officialId: MANAGER, unitId: TOP });
    expect(failureOf(() => review(approve, mine))?.reason).toBe('PERMISSION_DENIED');
  });

  it('answers approving an approved entry (or returning a returned one) as unchanged, whatever version was read', () => {
    const approved = review(approve, stored()).entity;
    expect(review(approve, approved, 1)).toEqual({ entity: approved, events: [], unchanged: true });
    const returned = review(giveBack, stored()).entity;
    expect(review(giveBack, returned, 1).unchanged).toBe(true);
  });

  it('approves a returned entry, but never returns an approved one nor reviews a deleted one', () => {
    expect(review(approve, stored({ status: 'RETURNED' })).entity.status).toBe('APPROVED');
    expect(failureOf(() => review(giveBack, stored({ status: 'APPROVED' })))).toEqual({ reason: 'FAILED_PRECONDITION', field: 'entries' });
    expect(failureOf(() => review(approve, stored({ status: 'DELETED' })))).toEqual({ reason: 'FAILED_PRECONDITION', field: 'entries' });
  });

  it('refuses a stale version, a closed month; hides entries out of reach', () => {
    expect(failureOf(() => review(approve, stored({ version: 3 }), 2))?.reason).toBe('VERSION_CONFLICT');
    expect(review(approve, stored({ version: 3 }), 0).entity.version).toBe(4);
    expect(failureOf(() => review(approve, stored(), 1, head(), contextOf({ closedMonths: ['2026-11'] })))).toEqual({
      reason: 'FAILED_PRECONDITION',
      field: 'entries',
    });
    expect(failureOf(() => review(approve, undefined))).toEqual({ reason: 'NOT_FOUND', field: 'id' });
    const elsewhere = actorFor('worklog.review', [], { grants: [{ role: 'unit_head', unitId: U9 }], directory: directory() });
    expect(failureOf(() => review(approve, stored(), 1, elsewhere))).toEqual({ reason: 'NOT_FOUND', field: 'id' });
  });
});

describe('listing a diary', () => {
  const list = (actor: Actor, officialId = OFFICIAL, fromDate = '2026-11-01', toDate = '2026-11-30', pageSize = 0, extra = {}) =>
    planListWorkLogs({ officialId, unitId: '', fromDate, toDate, statuses: [], pageSize, pageToken: '', ...extra }, actor);
  const auditor = actorFor('worklog.read', ['auditor'], { directory: directory() });

  it('validates the range, the statuses and the page', () => {
    expect(list(auditor).page).toEqual({ size: 50, after: null });
    expect(fieldOf(() => list(auditor, OFFICIAL, '2026-11-30', '2026-11-01'))).toBe('to_date');
    expect(fieldOf(() => list(auditor, OFFICIAL, '2025-11-01', '2026-11-30'))).toBe('to_date');
    expect(fieldOf(() => list(auditor, OFFICIAL, '2026-11-01', '2026-11-30', 1001))).toBe('page_size');
    expect(fieldOf(() => list(auditor, OFFICIAL, '2026-11-01', '2026-11-30', 0, { statuses: ['APPROVED', ''] }))).toBe('statuses[1]');
    expect(
      list(auditor, OFFICIAL, '2026-11-01', '2026-11-30', 0, { statuses: ['RETURNED', 'APPROVED', 'RETURNED'] }).filters.statuses,
    ).toEqual(['APPROVED', 'RETURNED']);
    expect(fieldOf(() => list(auditor, '', '2026-11-01', '2026-11-30', 0, { unitId: '0190f3a2-5555-7aaa-8bbb-00000000dead' }))).toBe(
      'unit_id',
    );
  });

  it('lets in the owner, tenant-wide readers, and readers whose grants reach the official’s post; nobody else', () => {
    expect(list(actorFor('worklog.read', [], { officialId: OFFICIAL, directory: directory() })).reach.officialId).toBe(OFFICIAL);
    expect(list(auditor).reach.all).toBe(true);
    const leader = actorFor('worklog.read', [], { grants: [{ role: 'agency_leader', agencyId: A1 }], directory: directory() });
    expect(list(leader).reach.agencies).toEqual([A1]);
    const head = actorFor('worklog.read', [], { grants: [{ role: 'unit_head', unitId: TOP }], directory: directory() });
    expect(
      list(head)
        .reach.intervals.map((i) => i.unitId)
        .sort(),
    ).toEqual([TOP, U1].sort());
    expect(failureOf(() => list(leader, OTHER))?.reason).toBe('PERMISSION_DENIED');
    expect(failureOf(() => list(head, OTHER))?.reason).toBe('PERMISSION_DENIED');
    expect(failureOf(() => list(actorFor('worklog.read', [], { officialId: OTHER, directory: directory() })))?.reason).toBe(
      'PERMISSION_DENIED',
    );
  });

  it('lists a unit with the units that lay under it on each date', () => {
    // MOVING lay under TOP until 10 November, then under U9's agency sibling ELSEWHERE.
    const MOVING = '0190f3a2-5555-7aaa-8bbb-0000000000cc';
    const ELSEWHERE = '0190f3a2-5555-7aaa-8bbb-0000000000bb';
    const dir = directory();
    directoryWith(
      [
        unitRecord(ELSEWHERE, A1),
        {
          kind: 'unit',
          id: MOVING,
          version: 1,
          removed: false,
          value: {
            id: MOVING,
            tenantId: TENANT,
            agencyId: A1,
            validFrom: '2020-01-01',
            validTo: null,
            periods: [
              { validFrom: '2020-01-01', validTo: '2026-11-10', parentUnitId: TOP },
              { validFrom: '2026-11-10', validTo: null, parentUnitId: ELSEWHERE },
            ],
            predecessors: [],
          },
        },
      ],
      dir,
    );
    const reader = actorFor('worklog.read', ['auditor'], { directory: dir });
    const byUnit = <T extends { unitId: string }>(xs: T[]) => [...xs].sort((a, b) => (a.unitId < b.unitId ? -1 : 1));
    expect(byUnit(unitsUnder(reader, TOP, '2026-11-01', '2026-11-20'))).toEqual(
      byUnit([
        { unitId: TOP, from: '2026-11-01', to: '2026-11-21' },
        { unitId: U1, from: '2026-11-01', to: '2026-11-21' },
        { unitId: MOVING, from: '2026-11-01', to: '2026-11-10' },
      ]),
    );
    expect(unitsUnder(reader, ELSEWHERE, '2026-11-01', '2026-11-20')).toEqual(
      expect.arrayContaining([{ unitId: MOVING, from: '2026-11-10', to: '2026-11-21' }]),
    );
    expect(list(reader, '', '2026-11-01', '2026-11-20', 0, { unitId: TOP }).units).toHaveLength(3);
  });
});

describe('batches', () => {
  const request = (over: Partial<LogWorkRequest> = {}): LogWorkRequest => ({ ...valid, quantityDecimal: '8', minutes: 0, ...over });
  const batchState = (over: Partial<BatchState> = {}): BatchState => ({
    context: contextOf(),
    revisions: new Map([[ITEM, REVISIONS]]),
    tasks: new Map(),
    sameRequests: new Map(),
    days: new Map(),
    ...over,
  });
  const summary = (items: BatchItem[]) =>
    items.map((x) =>
      'error' in x ? { reason: x.error.reason, field: x.error.field } : x.decision.unchanged ? 'unchanged' : x.decision.entity.minutes,
    );

  it('parses entry by entry, naming the field inside the batch', () => {
    const parsed = parseBatch([request(), request({ minutes: 1441 }), request({ officialId: '' })], rules, NOW);
    expect('entry' in parsed[0]).toBe(true);
    expect(parsed.slice(1).map((p) => ('error' in p ? p.error.field : null))).toEqual(['entries[1].minutes', 'entries[2].official_id']);
    const error = (parsed[1] as { error: DomainError }).error;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.reason).toBe('INVALID_FIELD');
  });

  it('refuses an empty batch and one above the limit', () => {
    expect(fieldOf(() => parseBatch([], rules, NOW))).toBe('entries');
    expect(
      fieldOf(() =>
        parseBatch(
          Array.from({ length: MAX_BATCH + 1 }, () => request()),
          rules,
          NOW,
        ),
      ),
    ).toBe('entries');
    expect(
      parseBatch(
        Array.from({ length: MAX_BATCH }, () => request()),
        rules,
        NOW,
      ),
    ).toHaveLength(MAX_BATCH);
  });

  it('decides entries in order, the batch’s own duplicates and totals counting', () => {
    const parsed = parseBatch(
      [
        request({ note: 'a' }), // 8 × 45 = 360
        request({ note: 'a' }), // the same as the first
        request({ note: 'b' }), // 720
        request({ note: 'c' }), // 1,080: above the limit
        request({ note: 'd', officialId: OTHER }), // out of reach
        request({ note: 'e', minutes: 1441 }), // unreadable
        request({ note: 'f', quantityDecimal: '2', workDate: '2026-11-19' }), // another day: 90
        request({ note: 'g', workItemId: '0190f3a2-2222-7aaa-8bbb-00000000dead' }), // unknown item
      ],
      rules,
      NOW,
    );
    const s = batchState();
    const items = logWorkBatch(parsed, s, self(), false);
    expect(summary(items)).toEqual([
      360,
      { reason: 'ALREADY_EXISTS', field: 'entries[1].work_item_id' },
      360,
      { reason: 'INVALID_FIELD', field: 'entries[3].minutes' },
      { reason: 'PERMISSION_DENIED', field: 'entries[4]' },
      { reason: 'INVALID_FIELD', field: 'entries[5].minutes' },
      90,
      { reason: 'INVALID_FIELD', field: 'entries[7].work_item_id' },
    ]);
    expect(s.days.get(dayKey(OFFICIAL, '2026-11-20'))?.entries.map((e) => e.note)).toEqual(['a', 'b']);
    expect(s.days.get(dayKey(OFFICIAL, '2026-11-19'))?.entries.map((e) => e.note)).toEqual(['f']);
  });

  it('counts what the day already holds', () => {
    const held = stored({ minutes: 700, quantity: 1000, note: 'Thẩm định' });
    const s = batchState({ days: new Map([[dayKey(OFFICIAL, '2026-11-20'), { entries: [held] }]]) });
    const items = logWorkBatch(
      parseBatch([request({ note: 'a' }), request({ note: 'b', quantityDecimal: '2' })], rules, NOW),
      s,
      self(),
      false,
    );
    expect(summary(items)).toEqual([{ reason: 'INVALID_FIELD', field: 'entries[0].minutes' }, 90]);
  });

  it('answers a request id repeated inside the batch, or already written, with the first entry', () => {
    const R2 = '0190f3a2-4444-7aaa-8bbb-000000000002';
    const earlier = stored({ requestId: R2, note: 'x', quantity: 800, minutes: 360 });
    const parsed = parseBatch(
      [
        request({ note: 'a', requestId: REQUEST }),
        request({ note: 'a', requestId: REQUEST }),
        request({ note: 'other', requestId: REQUEST }),
        request({ note: 'x', requestId: R2 }),
      ],
      rules,
      NOW,
    );
    const items = logWorkBatch(parsed, batchState({ sameRequests: new Map([[R2, earlier]]) }), self(), false);
    expect(summary(items)).toEqual([360, 'unchanged', { reason: 'ALREADY_EXISTS', field: 'entries[2].request_id' }, 'unchanged']);
    const [first, repeat, , known] = items as { decision: { entity: WorkLogEntry } }[];
    expect(repeat.decision.entity).toBe(first.decision.entity);
    expect(known.decision.entity).toBe(earlier);
  });

  it('with all or nothing, one refused entry stops every new one; repeats are still answered', () => {
    const R2 = '0190f3a2-4444-7aaa-8bbb-000000000002';
    const earlier = stored({ requestId: R2, note: 'x', quantity: 800, minutes: 360 });
    const parsed = parseBatch(
      [request({ note: 'a' }), request({ note: 'x', requestId: R2 }), request({ note: 'b', minutes: 5 })],
      rules,
      NOW,
    );
    const items = logWorkBatch(parsed, batchState({ sameRequests: new Map([[R2, earlier]]) }), self(), true);
    expect(summary(items)).toEqual([
      { reason: 'FAILED_PRECONDITION', field: 'all_or_nothing' },
      'unchanged',
      { reason: 'INVALID_FIELD', field: 'entries[2].minutes' },
    ]);
    const fine = logWorkBatch(parseBatch([request({ note: 'a' }), request({ note: 'b' })], rules, NOW), batchState(), self(), true);
    expect(summary(fine)).toEqual([360, 360]);
  });
});
