import type { Pool } from '@thuocdo/db';
import { DIRECTORY_MIGRATIONS } from '@thuocdo/directory';
import { type Actor, assetPath, createLogger, DomainError, type OrgDirectory, WriteConflict } from '@thuocdo/kit';
import { decodeEnvelope, decodePayload, EventEncoder } from '@thuocdo/messaging';
import { commonV1, Events, worklogV1 } from '@thuocdo/proto';
import { service } from '@thuocdo/registry';
import { type CallContext, execute } from '@thuocdo/service';
import { migratedTestDatabase } from '@thuocdo/testing';
import { actorFor, directoryWith, postRecords, TENANT, unitRecord } from '@thuocdo/testing/src/domain-fixtures';
import {
  type DiaryContext,
  type ListWorkLogsRequest,
  type LogWorkRequest,
  logWork,
  type NewWorkLog,
  parseLogWork,
  planListWorkLogs,
  type WorkLogEntry,
} from '../src/domain/work-log';
import { worklogEvents } from '../src/events/publish';
import { DiaryReminders } from '../src/events/reminders';
import { fromLogWorkRequest } from '../src/grpc/mapping';
import { worklogService } from '../src/grpc/worklog-service';
import { SettingsStore } from '../src/store/settings-store';
import { type PublishedRevision, WorkItemRefs } from '../src/store/work-item-refs';
import { WorklogStore } from '../src/store/worklog-store';

const NOW = new Date('2026-11-20T03:00:00Z'); // 10:00 in Hà Nội, Friday 20 November 2026
const rules = { maxBackdateDays: 366 };
const AGENCY = '0190f3a2-2222-7aaa-8bbb-000000000001';
const OUTSIDE_AGENCY = '0190f3a2-2222-7aaa-8bbb-000000000002';
const UNIT = '0190f3a2-3333-7aaa-8bbb-000000000001';
const OUTSIDE_UNIT = '0190f3a2-3333-7aaa-8bbb-000000000002';
// 60 minutes a product, difficulty 0.10–16.00: one product may take 6 to 960 minutes.
const ITEM = '0190f3a2-4444-7aaa-8bbb-000000000001';
/** The official of number n; every test writes for officials of its own, so that none sees another's rows. */
const official = (n: number) => `0190f3a2-1111-7aaa-8bbb-${String(n).padStart(12, '0')}`;
const OUTSIDER = official(999);
const BATCH_OFFICIALS = Array.from({ length: 10 }, (_, i) => official(100 + i));

const directory: OrgDirectory = directoryWith([
  { kind: 'agency', id: AGENCY, version: 1, removed: false, value: { id: AGENCY, tenantId: TENANT } },
  unitRecord(UNIT, AGENCY),
  unitRecord(OUTSIDE_UNIT, OUTSIDE_AGENCY),
  ...Array.from({ length: 40 }, (_, i) => postRecords(official(i + 1), AGENCY, UNIT)).flat(),
  ...BATCH_OFFICIALS.flatMap((o) => postRecords(o, AGENCY, UNIT)),
  ...postRecords(OUTSIDER, OUTSIDE_AGENCY, OUTSIDE_UNIT),
]);
const writer = (officialId: string) => actorFor('worklog.write', [], { officialId, directory }, NOW);
const manager = () => actorFor('worklog.review', [], { grants: [{ role: 'unit_head', unitId: UNIT }], directory }, NOW);

const encoder = new EventEncoder('worklog', service('worklog').produces);
const toOutbox = worklogEvents(encoder);

describe('worklog store (real PostgreSQL)', () => {
  let pool: Pool;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ pool, close } = await migratedTestDatabase('worklog', assetPath('services/worklog/migrations'), [DIRECTORY_MIGRATIONS]));
    await publish(new WorkItemRefs(pool, 0, 10), {
      id: ITEM,
      revision: 1,
      standardMinutes: 60,
      difficulty: { minHundredths: 10, maxHundredths: 1600 },
      effectiveFrom: '2026-01-01',
    });
  });
  afterAll(() => close());

  /** Applies a catalog event as the reference consumer does, in its own transaction. */
  const publish = async (
    refs: WorkItemRefs,
    p: Partial<PublishedRevision> & { id: string; revision: number },
    eventVersion = p.revision,
  ) => {
    const c = await pool.connect();
    try {
      await refs.apply(
        c,
        {
          tenantId: TENANT,
          code: 'B.01',
          name: 'Soạn thảo văn bản',
          productUnit: 'văn bản',
          standardMinutes: 60,
          effectiveFrom: '2026-01-01',
          effectiveTo: '',
          ...p,
        },
        eventVersion,
      );
    } finally {
      c.release();
    }
  };

  /** The diary as the gRPC server runs it: fresh stores and caches for each test, the handlers of worklog-service.ts. */
  const diary = () => {
    const store = new WorklogStore(pool, toOutbox);
    const settings = new SettingsStore(pool, 60_000);
    const workItems = new WorkItemRefs(pool, 60_000, 1000);
    const { rpcs } = worklogService({ store, settings, workItems, rules });
    const call =
      <Req, Res>(name: string) =>
      (req: Req, actor: Actor): Promise<Res> =>
        rpcs[name].handle(req, { actor, principal: actor.principal, scope: actor.scope, cancelled: () => false } as unknown as CallContext);
    return {
      store,
      settings,
      workItems,
      logWork: call<worklogV1.LogWorkRequest, worklogV1.LogWorkResponse>('logWork'),
      logWorkBatch: call<worklogV1.LogWorkBatchRequest, worklogV1.LogWorkBatchResponse>('logWorkBatch'),
      updateWorkLog: call<worklogV1.UpdateWorkLogRequest, worklogV1.UpdateWorkLogResponse>('updateWorkLog'),
      deleteWorkLog: call<worklogV1.DeleteWorkLogRequest, worklogV1.DeleteWorkLogResponse>('deleteWorkLog'),
      reviewWorkLogs: call<worklogV1.ReviewWorkLogsRequest, worklogV1.ReviewWorkLogsResponse>('reviewWorkLogs'),
    };
  };

  const request = (r: Partial<worklogV1.LogWorkRequest>): worklogV1.LogWorkRequest => ({
    officialId: official(1),
    workDate: '2026-11-20',
    workItemId: ITEM,
    quantity: 0,
    quantityDecimal: '1',
    minutes: 60,
    note: 'Soạn công văn',
    requestId: '',
    taskId: '',
    evidence: '',
    startTime: '',
    endTime: '',
    ...r,
  });
  const updateOf = (e: worklogV1.WorkLogEntry, r: Partial<worklogV1.UpdateWorkLogRequest>): worklogV1.UpdateWorkLogRequest => ({
    id: e.id,
    version: e.version,
    workDate: e.workDate,
    workItemId: e.workItemId,
    quantityDecimal: e.quantityDecimal,
    minutes: e.minutes,
    note: e.note,
    taskId: e.taskId,
    evidence: e.evidence,
    startTime: e.startTime,
    endTime: e.endTime,
    ...r,
  });
  const approve = (entries: worklogV1.WorkLogEntry[]): worklogV1.ReviewWorkLogsRequest => ({
    entries: entries.map((e) => ({ id: e.id, version: e.version })),
    decision: worklogV1.ReviewDecision.REVIEW_DECISION_APPROVE,
    comment: 'Đạt',
  });

  /** The domain error a call failed with (reason and field); undefined when it did not fail. */
  const failure = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      if (err instanceof DomainError) return { reason: err.reason, field: err.field };
      throw err;
    }
    return undefined;
  };
  const reasonOf = (r: PromiseSettledResult<unknown>) =>
    r.status === 'rejected' && r.reason instanceof DomainError ? { reason: r.reason.reason, field: r.reason.field } : r.status;

  /**
   * Holds the first n calls of a store method until all n have arrived, so that the writes they
   * carry reach PostgreSQL together, each decided on what it read before the other wrote (a
   * retry after a lost race passes straight through).
   */
  const together = <A extends unknown[], R>(n: number, fn: (...a: A) => Promise<R>) => {
    let arrived = 0;
    let release!: () => void;
    const all = new Promise<void>((r) => {
      release = r;
    });
    return async (...a: A): Promise<R> => {
      if (arrived < n) {
        arrived++;
        if (arrived === n) release();
        await all;
      }
      return fn(...a);
    };
  };

  const entries = async (officialId: string) =>
    (
      await pool.query(
        `SELECT id, to_char(work_date, 'YYYY-MM-DD') AS work_date, minutes, status, version::int AS version, quantity::text AS quantity
           FROM work_log_entry WHERE official_id = $1 ORDER BY id`,
        [officialId],
      )
    ).rows;
  const day = async (officialId: string, date: string) =>
    (
      await pool.query('SELECT total_minutes AS total, entry_count AS count FROM diary_day WHERE official_id = $1 AND work_date = $2', [
        officialId,
        date,
      ])
    ).rows[0];
  /** The outbox rows about an entry, decoded. */
  const eventsOf = async (entryId: string) =>
    (await pool.query('SELECT envelope FROM outbox WHERE message_key = $1 ORDER BY id', [entryId])).rows.map((r) => {
      const env = decodeEnvelope(r.envelope);
      if (env.eventType === Events.WorkLogged.typeName) return { type: 'WorkLogged', version: env.aggregateVersion };
      const p = decodePayload(env, Events.WorkLogChanged);
      return {
        type: 'WorkLogChanged',
        version: env.aggregateVersion,
        change: worklogV1.workLogChangeToJSON(p.change),
        previous: p.previous,
      };
    });
  const auditRows = async (entryId: string) =>
    (
      await pool.query(`SELECT action, before, after FROM audit_log WHERE entity_type = 'work_log_entry' AND entity_id = $1 ORDER BY id`, [
        entryId,
      ])
    ).rows;

  it('writes an entry with its WorkLogged outbox row, its audit row and its day’s total, and answers the total', async () => {
    const d = diary();
    const o = official(1);
    const first = await d.logWork(request({ officialId: o, quantityDecimal: '1.25', minutes: 90 }), writer(o));
    expect(first.entry).toMatchObject({
      officialId: o,
      agencyId: AGENCY,
      unitId: UNIT,
      workItemRevision: 1,
      quantityDecimal: '1.25',
      version: 1,
    });
    expect(first.outcome).toEqual({ dayTotalMinutes: 90, warnings: [] });
    const id = first.entry!.id;
    expect(await entries(o)).toEqual([{ id, work_date: '2026-11-20', minutes: 90, status: 'LOGGED', version: 1, quantity: '1.25' }]);
    expect(await eventsOf(id)).toEqual([{ type: 'WorkLogged', version: 1 }]);
    const audit = await auditRows(id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'worklog.write', before: null, after: { id, minutes: 90, status: 'LOGGED' } });
    expect(await day(o, '2026-11-20')).toEqual({ total: 90, count: 1 });

    const second = await d.logWork(request({ officialId: o, minutes: 400, note: 'Họp' }), writer(o));
    expect(second.outcome?.dayTotalMinutes).toBe(490);
    expect(second.outcome?.warnings.map((x) => worklogV1.diaryWarningCodeToJSON(x.code))).toEqual(['DIARY_WARNING_CODE_DAY_OVER_STANDARD']);
    expect(await day(o, '2026-11-20')).toEqual({ total: 490, count: 2 });
  });

  it('answers the same request id sent twice at once with one entry, one event, one audit row, counted once', async () => {
    const d = diary();
    d.store.saveEntry = together(2, d.store.saveEntry.bind(d.store));
    const o = official(2);
    const requestId = '0190f3a2-5555-7aaa-8bbb-000000000001';
    const [a, b] = await Promise.all([
      d.logWork(request({ officialId: o, requestId, minutes: 45 }), writer(o)),
      d.logWork(request({ officialId: o, requestId, minutes: 45 }), writer(o)),
    ]);
    expect(a.entry?.id).toBe(b.entry?.id);
    expect([a.outcome?.dayTotalMinutes, b.outcome?.dayTotalMinutes]).toEqual([45, 45]);
    const rows = await entries(o);
    expect(rows).toHaveLength(1);
    expect(await eventsOf(rows[0].id)).toHaveLength(1);
    expect(await auditRows(rows[0].id)).toHaveLength(1);
    expect(await day(o, '2026-11-20')).toEqual({ total: 45, count: 1 });
    // Later still a repeat; the id with other content is refused.
    expect((await d.logWork(request({ officialId: o, requestId, minutes: 45 }), writer(o))).entry?.id).toBe(rows[0].id);
    expect(await failure(d.logWork(request({ officialId: o, requestId, minutes: 46 }), writer(o)))).toEqual({
      reason: 'ALREADY_EXISTS',
      field: 'request_id',
    });
    expect(await entries(o)).toHaveLength(1);
  });

  it('refuses one of two concurrent writes that together pass the day’s hard limit, with INVALID_ARGUMENT minutes after re-loading', async () => {
    const { store, settings, workItems } = diary();
    const o = official(3);
    const save = together(2, (d: Parameters<WorklogStore['saveEntry']>[0], actor: Actor, limit: number) =>
      store.saveEntry(d, actor, limit),
    );
    const loads: (WriteConflict | undefined)[][] = [[], []];
    // As WorklogService.logWork drives it: rules and item from caches, the day read only after the write was refused.
    const run = (r: Partial<LogWorkRequest>, i: number) => {
      const actor = writer(o);
      const w: NewWorkLog = parseLogWork(
        {
          officialId: o,
          workDate: '2026-11-20',
          workItemId: ITEM,
          quantityDecimal: '1',
          legacyQuantity: 0,
          minutes: 500,
          note: '',
          requestId: '',
          taskId: '',
          evidence: '',
          startTime: '',
          endTime: '',
          ...r,
        },
        rules,
        NOW,
      );
      let context: DiaryContext;
      return execute({
        load: async (conflict) => {
          loads[i].push(conflict);
          context = await settings.contextOf(TENANT, NOW, [w.workDate], Boolean(conflict));
          const [revisions, day] = await Promise.all([
            workItems.revisionsOf(TENANT, w.workItemId),
            conflict ? store.day(TENANT, o, w.workDate) : undefined,
          ]);
          return { context, revisions, day };
        },
        decide: (s) => logWork(w, s, actor),
        save: async (d) => {
          await save(d, actor, context.settings.hardLimitMinutes);
        },
      });
    };
    const results = await Promise.allSettled([run({ note: 'Thẩm định hồ sơ A' }, 0), run({ note: 'Thẩm định hồ sơ B' }, 1)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.findIndex((r) => r.status === 'rejected');
    expect(reasonOf(results[lost])).toEqual({ reason: 'INVALID_FIELD', field: 'minutes' });
    // The loser wrote on cached state, was refused by the day's check, read the day and decided again.
    expect(loads[lost]).toHaveLength(2);
    expect(loads[lost][0]).toBeUndefined();
    expect(loads[lost][1]).toEqual(new WriteConflict('diary_day_total_within_limit'));
    expect(loads[1 - lost]).toEqual([undefined]);
    expect(await entries(o)).toHaveLength(1);
    expect(await day(o, '2026-11-20')).toEqual({ total: 500, count: 1 });
  });

  it('does the same through the LogWork handler', async () => {
    const d = diary();
    d.store.saveEntry = together(2, d.store.saveEntry.bind(d.store));
    const o = official(4);
    const results = await Promise.allSettled([
      d.logWork(request({ officialId: o, minutes: 700, note: 'a' }), writer(o)),
      d.logWork(request({ officialId: o, minutes: 300, note: 'b' }), writer(o)),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(reasonOf(results.find((r) => r.status === 'rejected')!)).toEqual({ reason: 'INVALID_FIELD', field: 'minutes' });
    const [row] = await entries(o);
    expect(await day(o, '2026-11-20')).toEqual({ total: row.minutes, count: 1 });
  });

  it('never writes into a closed month, even when the cached settings said it was open (the statement’s guard)', async () => {
    const hr = actorFor('worklog.settings.manage', ['hr_admin'], { directory }, NOW);
    // Store level: a decision taken while September was open.
    const { store } = diary();
    const o = official(5);
    const revisions = await new WorkItemRefs(pool, 0, 10).revisionsOf(TENANT, ITEM);
    const context = await new SettingsStore(pool).contextOf(TENANT, NOW, ['2026-09-15']);
    const w = parseLogWork(fromLogWorkRequest(request({ officialId: o, workDate: '2026-09-15' })), rules, NOW);
    const decision = logWork(w, { context, revisions }, writer(o));
    await new SettingsStore(pool).setMonthClosed(TENANT, '2026-09', true, hr);
    await expect(store.saveEntry(decision, writer(o), 960)).rejects.toBeInstanceOf(WriteConflict);
    expect(await entries(o)).toEqual([]);
    expect(await eventsOf(decision.entity.id)).toEqual([]);
    expect(await auditRows(decision.entity.id)).toEqual([]);
    expect(await day(o, '2026-09-15')).toBeUndefined();

    // Through the handler: October is open when the settings are cached, closed by another replica before the write.
    const d = diary();
    const p = official(6);
    expect((await d.logWork(request({ officialId: p, workDate: '2026-10-15' }), writer(p))).entry?.status).toBe(
      worklogV1.WorkLogStatus.WORK_LOG_STATUS_AWAITING_LATE_APPROVAL,
    );
    await new SettingsStore(pool).setMonthClosed(TENANT, '2026-10', true, hr);
    expect(await failure(d.logWork(request({ officialId: p, workDate: '2026-10-16' }), writer(p)))).toEqual({
      reason: 'FAILED_PRECONDITION',
      field: 'work_date',
    });
    expect((await entries(p)).map((e) => e.work_date)).toEqual(['2026-10-15']);
    expect(await day(p, '2026-10-16')).toBeUndefined();
  });

  it('refuses duplicates and overlaps in the statement itself, and explains them after re-reading the day', async () => {
    const { store, settings } = diary();
    const o = official(7);
    const context = await settings.contextOf(TENANT, NOW, ['2026-11-20']);
    const revisions = await new WorkItemRefs(pool, 0, 10).revisionsOf(TENANT, ITEM);
    const decide = (r: Partial<worklogV1.LogWorkRequest>) =>
      logWork(parseLogWork(fromLogWorkRequest(request({ officialId: o, ...r })), rules, NOW), { context, revisions }, writer(o));
    // Decided without reading the day, as LogWork's hot path does: only the statement can refuse them.
    await store.saveEntry(decide({ note: 'Báo cáo tuần' }), writer(o), 960);
    await expect(store.saveEntry(decide({ note: 'Báo cáo tuần' }), writer(o), 960)).rejects.toBeInstanceOf(WriteConflict);
    await store.saveEntry(decide({ note: 'Họp', startTime: '08:00', endTime: '10:00' }), writer(o), 960);
    await expect(
      store.saveEntry(decide({ note: 'Tiếp dân', startTime: '09:30', endTime: '11:00' }), writer(o), 960),
    ).rejects.toBeInstanceOf(WriteConflict);
    await store.saveEntry(decide({ note: 'Tiếp dân', startTime: '10:00', endTime: '11:00' }), writer(o), 960);
    expect(await entries(o)).toHaveLength(3);
    expect(await day(o, '2026-11-20')).toEqual({ total: 180, count: 3 });

    const d = diary();
    const p = official(8);
    const first = await d.logWork(request({ officialId: p, note: 'Báo cáo tuần' }), writer(p));
    await d.logWork(request({ officialId: p, note: 'Họp', startTime: '08:00', endTime: '10:00' }), writer(p));
    expect(await failure(d.logWork(request({ officialId: p, note: 'Báo cáo tuần' }), writer(p)))).toEqual({
      reason: 'ALREADY_EXISTS',
      field: 'work_item_id',
    });
    expect(await failure(d.logWork(request({ officialId: p, note: 'Tiếp dân', startTime: '07:30', endTime: '08:30' }), writer(p)))).toEqual(
      {
        reason: 'INVALID_FIELD',
        field: 'start_time',
      },
    );
    // A deleted entry is no longer a duplicate.
    await d.deleteWorkLog({ id: first.entry!.id, version: 1 }, writer(p));
    expect((await d.logWork(request({ officialId: p, note: 'Báo cáo tuần' }), writer(p))).outcome?.dayTotalMinutes).toBe(120);
    expect(await day(p, '2026-11-20')).toEqual({ total: 120, count: 2 });
  });

  it('writes a batch of 1,000 entries in one call: per-entry errors, the rest written with their events, audit rows and totals', async () => {
    const d = diary();
    const integrator = actorFor(
      'worklog.write',
      [],
      { clientId: 'eoffice', serviceAccount: true, grants: [{ role: 'integrator', agencyId: AGENCY }], directory },
      NOW,
    );
    // 10 officials × 20 days (1–20 November) × 5 entries of an hour.
    const dates = Array.from({ length: 20 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
    const batch = BATCH_OFFICIALS.flatMap((o) =>
      dates.flatMap((workDate) => Array.from({ length: 5 }, (_, k) => request({ officialId: o, workDate, note: `Việc ${k}` }))),
    );
    expect(batch).toHaveLength(1000);
    batch[7] = { ...batch[7], minutes: 2000 }; // unreadable
    batch[42] = { ...batch[42], officialId: OUTSIDER }; // out of the integrator's agency
    batch[123] = { ...batch[123], workItemId: '0190f3a2-4444-7aaa-8bbb-00000000dead' }; // not in the catalog
    batch[501] = { ...batch[501], note: batch[500].note }; // the same as the entry before it
    batch[999] = { ...batch[999], minutes: 960 }; // 4 hours already that day: 1,200 minutes
    const res = await d.logWorkBatch({ entries: batch, allOrNothing: false }, integrator);
    expect({ written: res.written, failed: res.failed }).toEqual({ written: 995, failed: 5 });
    const errors = res.results.filter((r) => r.error).map((r) => ({ index: r.index, reason: r.error!.reason, field: r.error!.field }));
    const {
      ERROR_REASON_INVALID_FIELD: invalid,
      ERROR_REASON_PERMISSION_DENIED: denied,
      ERROR_REASON_ALREADY_EXISTS: exists,
    } = commonV1.ErrorReason;
    expect(errors).toEqual([
      { index: 7, reason: invalid, field: 'entries[7].minutes' },
      { index: 42, reason: denied, field: 'entries[42]' },
      { index: 123, reason: invalid, field: 'entries[123].work_item_id' },
      { index: 501, reason: exists, field: 'entries[501].work_item_id' },
      { index: 999, reason: invalid, field: 'entries[999].minutes' },
    ]);
    const { rows } = await pool.query(
      `SELECT official_id, to_char(work_date, 'YYYY-MM-DD') AS work_date, total_minutes, entry_count,
              (SELECT count(*)::int FROM work_log_entry e WHERE e.official_id = d.official_id AND e.work_date = d.work_date) AS rows
         FROM diary_day d WHERE official_id = ANY($1::uuid[])`,
      [BATCH_OFFICIALS],
    );
    expect(rows).toHaveLength(200);
    const short = new Set([7, 42, 123, 501, 999].map((i) => `${BATCH_OFFICIALS[Math.floor(i / 100)]}/${dates[Math.floor((i % 100) / 5)]}`));
    for (const r of rows) {
      const n = short.has(`${r.official_id}/${r.work_date}`) ? 4 : 5;
      expect({ day: `${r.official_id}/${r.work_date}`, total: r.total_minutes, count: r.entry_count, rows: r.rows }).toEqual({
        day: `${r.official_id}/${r.work_date}`,
        total: n * 60,
        count: n,
        rows: n,
      });
    }
    const counts = await pool.query(
      `SELECT (SELECT count(*)::int FROM work_log_entry WHERE official_id = ANY($1::uuid[])) AS entries,
              (SELECT count(*)::int FROM outbox WHERE message_key IN (SELECT id::text FROM work_log_entry WHERE official_id = ANY($1::uuid[]))) AS events,
              (SELECT count(*)::int FROM audit_log WHERE entity_id IN (SELECT id::text FROM work_log_entry WHERE official_id = ANY($1::uuid[]))) AS audit`,
      [BATCH_OFFICIALS],
    );
    expect(counts.rows[0]).toEqual({ entries: 995, events: 995, audit: 995 });
    expect(await entries(OUTSIDER)).toEqual([]);
    // Each written entry is answered with its day's total after the whole batch.
    expect(res.results[0].outcome?.dayTotalMinutes).toBe(300);
    expect(res.results[998].outcome?.dayTotalMinutes).toBe(240);

    // The same batch again: every written entry is a duplicate now, nothing more is written.
    const again = await d.logWorkBatch({ entries: batch.slice(0, 10), allOrNothing: false }, integrator);
    expect(again.written).toBe(0);
  });

  it('writes nothing of an all-or-nothing batch with a refused entry', async () => {
    const d = diary();
    const o = official(9);
    const res = await d.logWorkBatch(
      {
        entries: [
          request({ officialId: o, note: 'a' }),
          request({ officialId: o, note: 'b', minutes: 5 }),
          request({ officialId: o, note: 'c' }),
        ],
        allOrNothing: true,
      },
      writer(o),
    );
    expect({ written: res.written, failed: res.failed }).toEqual({ written: 0, failed: 3 });
    expect(res.results.map((r) => r.error?.field)).toEqual(['all_or_nothing', 'entries[1].minutes', 'all_or_nothing']);
    expect(await entries(o)).toEqual([]);
    expect(await day(o, '2026-11-20')).toBeUndefined();
    // Without the bad entry, all of it.
    const ok = await d.logWorkBatch(
      { entries: [request({ officialId: o, note: 'a' }), request({ officialId: o, note: 'c' })], allOrNothing: true },
      writer(o),
    );
    expect(ok.written).toBe(2);
    expect(await day(o, '2026-11-20')).toEqual({ total: 120, count: 2 });
  });

  it('moves the minutes between days when an edit moves an entry, and keeps them when an edit changes only words', async () => {
    const d = diary();
    const o = official(10);
    const moving = (await d.logWork(request({ officialId: o, workDate: '2026-11-19', minutes: 120, note: 'Soạn tờ trình' }), writer(o)))
      .entry!;
    await d.logWork(request({ officialId: o, workDate: '2026-11-19', minutes: 60 }), writer(o));
    expect(await day(o, '2026-11-19')).toEqual({ total: 180, count: 2 });

    const moved = await d.updateWorkLog(updateOf(moving, { workDate: '2026-11-18', minutes: 150 }), writer(o));
    expect(moved.entry).toMatchObject({ workDate: '2026-11-18', minutes: 150, version: 2 });
    expect(moved.outcome?.dayTotalMinutes).toBe(150);
    expect(await day(o, '2026-11-19')).toEqual({ total: 60, count: 1 });
    expect(await day(o, '2026-11-18')).toEqual({ total: 150, count: 1 });
    const events = await eventsOf(moving.id);
    expect(events.map((e) => [e.type, e.version, e.change])).toEqual([
      ['WorkLogged', 1, undefined],
      ['WorkLogChanged', 2, 'WORK_LOG_CHANGE_UPDATED'],
    ]);
    expect(events[1].previous).toMatchObject({ workDate: '2026-11-19', minutes: 120 });
    const audit = await auditRows(moving.id);
    expect(audit[1]).toMatchObject({ before: { workDate: '2026-11-19', minutes: 120 }, after: { workDate: '2026-11-18', minutes: 150 } });

    // Only the note: the day's total does not change (the write is the entry's row alone).
    const reworded = await d.updateWorkLog(updateOf(moved.entry!, { note: 'Soạn tờ trình số 5' }), writer(o));
    expect(reworded.entry).toMatchObject({ note: 'Soạn tờ trình số 5', version: 3 });
    expect(await day(o, '2026-11-18')).toEqual({ total: 150, count: 1 });
    expect((await eventsOf(moving.id)).map((e) => e.change)).toEqual([undefined, 'WORK_LOG_CHANGE_UPDATED', 'WORK_LOG_CHANGE_UPDATED']);
    expect(await auditRows(moving.id)).toHaveLength(3);

    // The day it moves into is checked against the limit.
    const full = (await d.logWork(request({ officialId: o, workDate: '2026-11-17', minutes: 900, note: 'Trực' }), writer(o))).entry!;
    expect(await failure(d.updateWorkLog(updateOf(reworded.entry!, { workDate: '2026-11-17' }), writer(o)))).toEqual({
      reason: 'INVALID_FIELD',
      field: 'minutes',
    });
    expect(await day(o, '2026-11-17')).toEqual({ total: full.minutes, count: 1 });
    // A stale version is refused.
    expect((await failure(d.updateWorkLog(updateOf(moving, { note: 'cũ' }), writer(o))))?.reason).toBe('VERSION_CONFLICT');
  });

  it('subtracts a deleted entry from its day', async () => {
    const d = diary();
    const o = official(11);
    const a = (await d.logWork(request({ officialId: o, minutes: 200, note: 'a' }), writer(o))).entry!;
    await d.logWork(request({ officialId: o, minutes: 100, note: 'b' }), writer(o));
    const deleted = await d.deleteWorkLog({ id: a.id, version: 1 }, writer(o));
    expect(deleted.entry).toMatchObject({ status: worklogV1.WorkLogStatus.WORK_LOG_STATUS_DELETED, version: 2 });
    expect(await day(o, '2026-11-20')).toEqual({ total: 100, count: 1 });
    expect((await eventsOf(a.id)).map((e) => e.change)).toEqual([undefined, 'WORK_LOG_CHANGE_DELETED']);
    expect(await failure(d.deleteWorkLog({ id: a.id, version: 2 }, writer(o)))).toEqual({ reason: 'FAILED_PRECONDITION', field: 'id' });
    expect(await day(o, '2026-11-20')).toEqual({ total: 100, count: 1 });
  });

  it('lets two managers approve the same entry at once: one approval, one change event, the other answered unchanged', async () => {
    const d = diary();
    const o = official(12);
    const entry = (await d.logWork(request({ officialId: o }), writer(o))).entry!;
    d.store.saveChanges = together(2, d.store.saveChanges.bind(d.store));
    const [m1, m2] = [manager(), manager()];
    const [a, b] = await Promise.all([d.reviewWorkLogs(approve([entry]), m1), d.reviewWorkLogs(approve([entry]), m2)]);
    for (const r of [a, b]) {
      expect({ reviewed: r.reviewed, failed: r.failed }).toEqual({ reviewed: 1, failed: 0 });
      expect(r.results[0].entry).toMatchObject({ status: worklogV1.WorkLogStatus.WORK_LOG_STATUS_APPROVED, version: 2 });
    }
    const events = await eventsOf(entry.id);
    expect(events.map((e) => e.change)).toEqual([undefined, 'WORK_LOG_CHANGE_APPROVED']);
    const [row] = (await pool.query('SELECT status, version::int AS version, reviewed_by FROM work_log_entry WHERE id = $1', [entry.id]))
      .rows;
    expect(row).toMatchObject({ status: 'APPROVED', version: 2 });
    expect([m1.principal.subject, m2.principal.subject]).toContain(row.reviewed_by);
    expect(await auditRows(entry.id)).toHaveLength(2);
    expect(await day(o, '2026-11-20')).toEqual({ total: 60, count: 1 });
    // An approved entry no longer changes.
    expect(await failure(d.updateWorkLog(updateOf(entry, { version: 0, note: 'sửa' }), writer(o)))).toEqual({
      reason: 'FAILED_PRECONDITION',
      field: 'id',
    });
  });

  it('lets one of an official’s edit and a manager’s approval of the same version win; the other is refused', async () => {
    const d = diary();
    const o = official(13);
    const entry = (await d.logWork(request({ officialId: o }), writer(o))).entry!;
    d.store.saveChanges = together(2, d.store.saveChanges.bind(d.store));
    const [edit, review] = await Promise.allSettled([
      d.updateWorkLog(updateOf(entry, { note: 'Soạn công văn số 7', minutes: 75 }), writer(o)),
      d.reviewWorkLogs(approve([entry]), manager()),
    ]);
    expect(review.status).toBe('fulfilled');
    const reviewed = (review as PromiseFulfilledResult<worklogV1.ReviewWorkLogsResponse>).value;
    const [row] = (await pool.query('SELECT status, version::int AS version, minutes FROM work_log_entry WHERE id = $1', [entry.id])).rows;
    expect(row.version).toBe(2);
    const changes = (await eventsOf(entry.id)).map((e) => e.change);
    if (edit.status === 'fulfilled') {
      expect(reviewed.failed).toBe(1);
      expect(reviewed.results[0].error?.reason).toBe(commonV1.ErrorReason.ERROR_REASON_VERSION_CONFLICT);
      expect(row).toMatchObject({ status: 'LOGGED', minutes: 75 });
      expect(changes).toEqual([undefined, 'WORK_LOG_CHANGE_UPDATED']);
      expect(await day(o, '2026-11-20')).toEqual({ total: 75, count: 1 });
    } else {
      expect(['VERSION_CONFLICT', 'FAILED_PRECONDITION']).toContain((reasonOf(edit) as { reason: string }).reason);
      expect(reviewed.reviewed).toBe(1);
      expect(row).toMatchObject({ status: 'APPROVED', minutes: 60 });
      expect(changes).toEqual([undefined, 'WORK_LOG_CHANGE_APPROVED']);
      expect(await day(o, '2026-11-20')).toEqual({ total: 60, count: 1 });
    }
  });

  describe('WorkItemRefs.apply', () => {
    const revisionsIn = async (id: string) =>
      (
        await pool.query(
          `SELECT revision, standard_minutes, effective_from, effective_to, event_version::int AS event_version
             FROM work_item_revision_ref WHERE work_item_id = $1 ORDER BY revision`,
          [id],
        )
      ).rows;

    it('ends revision 1 where revision 2 begins, sets the end at retirement, and never lets an older event overwrite', async () => {
      const id = '0190f3a2-4444-7aaa-8bbb-000000000002';
      const refs = new WorkItemRefs(pool, 60_000, 100);
      await publish(refs, { id, revision: 1, standardMinutes: 60, effectiveFrom: '2026-01-01' }, 1);
      expect((await refs.revisionsOf(TENANT, id)).map((r) => r.revision)).toEqual([1]);
      await publish(refs, { id, revision: 2, standardMinutes: 45, effectiveFrom: '2026-06-01' }, 2);
      expect(await revisionsIn(id)).toEqual([
        { revision: 1, standard_minutes: 60, effective_from: '2026-01-01', effective_to: '2026-06-01', event_version: 1 },
        { revision: 2, standard_minutes: 45, effective_from: '2026-06-01', effective_to: null, event_version: 2 },
      ]);
      // The cache of this replica was dropped: it reads both revisions at once.
      expect((await refs.revisionsOf(TENANT, id)).map((r) => [r.revision, r.effectiveTo])).toEqual([
        [2, null],
        [1, '2026-06-01'],
      ]);
      // Retired from 1 December.
      await publish(refs, { id, revision: 2, standardMinutes: 45, effectiveFrom: '2026-06-01', effectiveTo: '2026-12-01' }, 3);
      // Older events arrive late: neither reopens revision 2 nor revision 1, nor changes their values.
      await publish(refs, { id, revision: 2, standardMinutes: 45, effectiveFrom: '2026-06-01' }, 2);
      await publish(refs, { id, revision: 1, standardMinutes: 999, effectiveFrom: '2026-01-01' }, 1);
      expect(await revisionsIn(id)).toEqual([
        { revision: 1, standard_minutes: 60, effective_from: '2026-01-01', effective_to: '2026-06-01', event_version: 1 },
        { revision: 2, standard_minutes: 45, effective_from: '2026-06-01', effective_to: '2026-12-01', event_version: 3 },
      ]);
    });

    it('ends a revision whose event arrives after the next one’s', async () => {
      const id = '0190f3a2-4444-7aaa-8bbb-000000000003';
      const refs = new WorkItemRefs(pool, 0, 100);
      await publish(refs, { id, revision: 2, standardMinutes: 45, effectiveFrom: '2026-06-01', effectiveTo: '2026-12-01' }, 3);
      await publish(refs, { id, revision: 1, standardMinutes: 60, effectiveFrom: '2026-01-01' }, 1);
      expect((await revisionsIn(id)).map((r) => [r.revision, r.effective_from, r.effective_to])).toEqual([
        [1, '2026-01-01', '2026-06-01'],
        [2, '2026-06-01', '2026-12-01'],
      ]);
    });
  });

  describe('DiaryReminders.runOnce', () => {
    // Its own agency and directory: only these officials are reminded.
    const REMINDED_AGENCY = '0190f3a2-2222-7aaa-8bbb-0000000000aa';
    const REMINDED_UNIT = '0190f3a2-3333-7aaa-8bbb-0000000000aa';
    const [R1, R2, R3] = [official(201), official(202), official(203)];
    const remindedDirectory = () =>
      directoryWith([
        { kind: 'agency', id: REMINDED_AGENCY, version: 1, removed: false, value: { id: REMINDED_AGENCY, tenantId: TENANT } },
        unitRecord(REMINDED_UNIT, REMINDED_AGENCY),
        ...[R1, R2, R3].flatMap((o) => postRecords(o, REMINDED_AGENCY, REMINDED_UNIT)),
      ]);
    const reminders = (now: Date) =>
      new DiaryReminders({
        pool,
        settings: new SettingsStore(pool),
        directory: remindedDirectory(),
        encoder,
        log: createLogger('worklog-test', 'silent'),
        intervalMs: 60_000,
        now: () => now,
      });
    const remindersOn = async (date: string) =>
      (await pool.query('SELECT envelope FROM outbox WHERE topic = $1 ORDER BY id', [Events.DiaryReminderDue.topic])).rows
        .map((r) => decodePayload(decodeEnvelope(r.envelope), Events.DiaryReminderDue))
        .filter((p) => p.date === date);
    const remindedOn = async (date: string) => (await remindersOn(date)).map((p) => p.officialId).sort();

    it('publishes one DiaryReminderDue per official who logged nothing, and never twice for the same day', async () => {
      const d = diary();
      await d.logWork(request({ officialId: R1 }), actorFor('worklog.write', [], { officialId: R1, directory: remindedDirectory() }, NOW));
      // Before 16:30 nothing is due, and nothing is recorded as done.
      expect(await reminders(new Date('2026-11-20T09:00:00Z')).runOnce()).toBe(0);
      // 17:00 on Friday 20 November.
      const at = new Date('2026-11-20T10:00:00Z');
      expect(await reminders(at).runOnce()).toBe(2);
      expect(await remindedOn('2026-11-20')).toEqual([R2, R3]);
      // Again, later the same day, from any replica: nothing more.
      expect(await reminders(at).runOnce()).toBe(0);
      expect(await reminders(new Date('2026-11-20T15:00:00Z')).runOnce()).toBe(0);
      expect(await remindedOn('2026-11-20')).toEqual([R2, R3]);
      const { rows } = await pool.query('SELECT reminded FROM diary_reminder_run WHERE tenant_id = $1 AND run_date = $2', [
        TENANT,
        '2026-11-20',
      ]);
      expect(rows).toEqual([{ reminded: 2 }]);
      expect((await remindersOn('2026-11-20')).find((p) => p.officialId === R2)).toEqual({
        tenantId: TENANT,
        officialId: R2,
        agencyId: REMINDED_AGENCY,
        unitId: REMINDED_UNIT,
        date: '2026-11-20',
      });
      const keys = await pool.query('SELECT DISTINCT message_key FROM outbox WHERE topic = $1', [Events.DiaryReminderDue.topic]);
      expect(keys.rows.map((r) => r.message_key)).toEqual(expect.arrayContaining([R2, R3]));
    });

    it('reminds once when two replicas run at the same moment, and not at all on a day off', async () => {
      const at = new Date('2026-11-19T10:00:00Z'); // Thursday 19 November, 17:00
      const counts = await Promise.all([reminders(at).runOnce(), reminders(at).runOnce()]);
      expect(counts.sort()).toEqual([0, 3]);
      expect(await remindedOn('2026-11-19')).toEqual([R1, R2, R3]);
      expect(await reminders(new Date('2026-11-21T10:00:00Z')).runOnce()).toBe(0); // a Saturday
      expect(await reminders(new Date('2026-09-02T10:00:00Z')).runOnce()).toBe(0); // National Day
      expect(await remindedOn('2026-11-21')).toEqual([]);
    });
  });

  it("lists to a unit head only the entries of days the official's unit lay under theirs", async () => {
    // MOVER's unit lay under the head's unit until 2026-11-10, then under another.
    const MOVER = official(300);
    const HEAD_UNIT = '0190f3a2-3333-7aaa-8bbb-0000000000b1';
    const ELSEWHERE = '0190f3a2-3333-7aaa-8bbb-0000000000b2';
    const MOVING = '0190f3a2-3333-7aaa-8bbb-0000000000b3';
    const dir = directoryWith([
      unitRecord(HEAD_UNIT, AGENCY),
      unitRecord(ELSEWHERE, AGENCY),
      {
        kind: 'unit',
        id: MOVING,
        version: 1,
        removed: false,
        value: {
          id: MOVING,
          tenantId: TENANT,
          agencyId: AGENCY,
          validFrom: '2020-01-01',
          validTo: null,
          periods: [
            { validFrom: '2020-01-01', validTo: '2026-11-10', parentUnitId: HEAD_UNIT },
            { validFrom: '2026-11-10', validTo: null, parentUnitId: ELSEWHERE },
          ],
          predecessors: [],
        },
      },
      ...postRecords(MOVER, AGENCY, MOVING),
    ]);
    const d = diary();
    const mover = actorFor('worklog.write', [], { officialId: MOVER, directory: dir }, NOW);
    for (const workDate of ['2026-11-05', '2026-11-09', '2026-11-10', '2026-11-18'])
      await d.logWork(request({ officialId: MOVER, workDate }), mover);
    const head = actorFor('worklog.read', [], { grants: [{ role: 'unit_head', unitId: HEAD_UNIT }], directory: dir }, NOW);
    const range = { officialId: MOVER, unitId: '', fromDate: '2026-11-01', toDate: '2026-11-20', statuses: [], pageSize: 0, pageToken: '' };
    const listed = async (actor: Actor, r: Partial<ListWorkLogsRequest> = {}) =>
      (await d.store.listEntries(TENANT, planListWorkLogs({ ...range, ...r }, actor))).items.map((e: WorkLogEntry) => e.workDate).sort();
    expect(await listed(head)).toEqual(['2026-11-05', '2026-11-09']);
    expect(await listed(head, { officialId: '', unitId: HEAD_UNIT })).toEqual(['2026-11-05', '2026-11-09']);
    const own = actorFor('worklog.read', [], { officialId: MOVER, directory: dir }, NOW);
    expect(await listed(own)).toHaveLength(4);
    expect(await listed(own, { statuses: ['APPROVED'] })).toEqual([]);
  });
});
