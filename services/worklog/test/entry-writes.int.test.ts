import type { Pool } from '@thuocdo/db';
import { DIRECTORY_MIGRATIONS } from '@thuocdo/directory';
import { assetPath, type Decision, type WriteConflict } from '@thuocdo/kit';
import { decodeEnvelope, EventEncoder } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import { service } from '@thuocdo/registry';
import { migratedTestDatabase } from '@thuocdo/testing';
import { actorFor, directoryWith, postRecords, TENANT, unitRecord } from '@thuocdo/testing/src/domain-fixtures';
import { v7 as uuidv7 } from 'uuid';
import type { WorkLogEntry, WorklogEvent } from '../src/domain/work-log';
import { worklogEvents } from '../src/events/publish';
import { WorklogStore } from '../src/store/worklog-store';

// LogWork's new entries of concurrent calls share one statement (WorklogStore.saveEntry): every
// call must still be answered for itself, exactly as when it writes alone.

const NOW = new Date('2026-11-20T03:00:00Z');
const AGENCY = '0190f3a2-2222-7aaa-8bbb-000000000101';
const UNIT = '0190f3a2-3333-7aaa-8bbb-000000000101';
const ITEM = '0190f3a2-4444-7aaa-8bbb-000000000101';
const official = (n: number) => `0190f3a2-1111-7aaa-8bbb-${String(500 + n).padStart(12, '0')}`;
const directory = directoryWith([
  { kind: 'agency', id: AGENCY, version: 1, removed: false, value: { id: AGENCY, tenantId: TENANT } },
  unitRecord(UNIT, AGENCY),
  ...Array.from({ length: 40 }, (_, i) => postRecords(official(i), AGENCY, UNIT)).flat(),
]);
const actor = actorFor(
  'worklog.write',
  ['integrator'],
  { serviceAccount: true, clientId: 'eoffice', grants: [{ role: 'integrator', agencyId: AGENCY }], directory },
  NOW,
);
const toOutbox = worklogEvents(new EventEncoder('worklog', service('worklog').produces));

function decision(officialId: string, e: Partial<WorkLogEntry> = {}): Decision<WorkLogEntry, WorklogEvent> {
  const entry: WorkLogEntry = {
    id: uuidv7(),
    tenantId: TENANT,
    officialId,
    agencyId: AGENCY,
    unitId: UNIT,
    workDate: '2026-11-20',
    workItemId: ITEM,
    workItemRevision: 1,
    quantity: 100,
    minutes: 60,
    note: `Hồ sơ ${Math.random()}`,
    taskId: null,
    evidence: '',
    startTime: null,
    endTime: null,
    status: 'LOGGED',
    review: null,
    requestId: uuidv7(),
    createdBy: actor.principal.subject,
    version: 1,
    createdAt: NOW,
    updatedAt: NOW,
    ...e,
  };
  return { entity: entry, events: [{ kind: 'WorkLogged', entry }] };
}

describe('new entries of concurrent LogWork calls, written together (real PostgreSQL)', () => {
  let pool: Pool;
  let close: () => Promise<void>;
  /** Entries in each statement the store sent. */
  const statements: number[] = [];

  beforeAll(async () => {
    ({ pool, close } = await migratedTestDatabase('worklog_entry_writes', assetPath('services/worklog/migrations'), [
      DIRECTORY_MIGRATIONS,
    ]));
    const query = pool.query.bind(pool) as (...a: unknown[]) => Promise<unknown>;
    (pool as unknown as { query: unknown }).query = (q: unknown, ...rest: unknown[]) => {
      const c = q as { name?: string; values?: unknown[][] };
      if (c?.name === 'worklog-insert-entries') statements.push(c.values![0].length);
      return query(q, ...rest);
    };
  });
  afterAll(() => close());
  beforeEach(() => {
    statements.length = 0;
  });

  const count = async (sql: string, ids: string[]) => (await pool.query(sql, [ids])).rows[0].n as number;
  const day = async (officialId: string) =>
    (await pool.query('SELECT total_minutes AS total, entry_count AS count FROM diary_day WHERE official_id = $1', [officialId])).rows[0];

  it('writes the entries of calls that come at once in few statements, each answered with its own day’s total', async () => {
    const store = new WorklogStore(pool, toOutbox, { writesInFlight: 1 });
    const ds = Array.from({ length: 30 }, (_, i) => decision(official(i), { minutes: 30 + i }));
    const totals = await Promise.all(ds.map((d) => store.saveEntry(d, actor, 960)));
    expect(totals).toEqual(ds.map((d) => d.entity.minutes));
    // The first went alone; the others waited for it and went together.
    expect(statements).toEqual([1, 29]);
    const ids = ds.map((d) => d.entity.id);
    expect(await count('SELECT count(*)::int AS n FROM work_log_entry WHERE id = ANY($1)', ids)).toBe(30);
    expect(await count('SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ANY($1::uuid[]::text[])', ids)).toBe(30);
    const { rows } = await pool.query('SELECT message_key, envelope, traceparent FROM outbox WHERE message_key = ANY($1::uuid[]::text[])', [
      ids,
    ]);
    expect(rows).toHaveLength(30);
    for (const r of rows) expect(decodeEnvelope(r.envelope).eventType).toBe(Events.WorkLogged.typeName);
    expect(await day(official(7))).toEqual({ total: 37, count: 1 });
  });

  it('answers an entry the guards refused with a WriteConflict of its own, and writes the others', async () => {
    const store = new WorklogStore(pool, toOutbox, { writesInFlight: 1 });
    const o = official(30);
    const first = decision(o, { note: 'Báo cáo tuần' });
    await store.saveEntry(first, actor, 960);
    statements.length = 0;
    // An identical entry (another request id), a closed month, and two that pass.
    await pool.query("INSERT INTO diary_closed_month VALUES ($1, '2026-10-01', 'hr', now())", [TENANT]);
    const twin = decision(o, { note: 'Báo cáo tuần', requestId: uuidv7() });
    const closed = decision(official(31), { workDate: '2026-10-15' });
    const fine = [decision(official(32)), decision(official(33))];
    const blocker = decision(official(34)); // first, alone: the rest queue behind it
    const results = await Promise.allSettled([blocker, twin, closed, ...fine].map((d) => store.saveEntry(d, actor, 960)));
    expect(statements).toEqual([1, 4]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as WriteConflict).constraint))).toEqual([
      60,
      'worklog-insert-entry',
      'worklog-insert-entry',
      60,
      60,
    ]);
    expect(await day(o)).toEqual({ total: 60, count: 1 });
    expect(
      await count('SELECT count(*)::int AS n FROM outbox WHERE message_key = ANY($1::uuid[]::text[])', [twin.entity.id, closed.entity.id]),
    ).toBe(0);
    expect(
      await count('SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ANY($1::uuid[]::text[])', [twin.entity.id, closed.entity.id]),
    ).toBe(0);
  });

  it('writes each entry on its own again when the statement fails on a day’s limit, so that only the entry over it is refused', async () => {
    const store = new WorklogStore(pool, toOutbox, { writesInFlight: 1 });
    const o = official(35);
    await store.saveEntry(decision(o, { minutes: 900 }), actor, 960);
    statements.length = 0;
    const blocker = decision(official(36));
    const over = decision(o, { minutes: 100 });
    const fine = [decision(official(37)), decision(official(38))];
    const results = await Promise.allSettled([blocker, over, ...fine].map((d) => store.saveEntry(d, actor, 960)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as WriteConflict).constraint))).toEqual([
      60,
      'diary_day_total_within_limit',
      60,
      60,
    ]);
    // Alone, then the three together (refused by the limit), then each of them alone.
    expect(statements).toEqual([1, 3, 1, 1, 1]);
    expect(await day(o)).toEqual({ total: 900, count: 1 });
    expect(await day(official(37))).toEqual({ total: 60, count: 1 });
  });

  it('never puts two entries of one official-day, or of one request id, in one statement', async () => {
    const store = new WorklogStore(pool, toOutbox, { writesInFlight: 1 });
    const o = official(39);
    const requestId = uuidv7();
    const blocker = decision(official(20), { workDate: '2026-11-19' });
    const a = decision(o, { minutes: 10 });
    const b = decision(o, { minutes: 20 });
    const c = decision(official(21), { workDate: '2026-11-19', requestId });
    const repeat = { entity: { ...c.entity, id: uuidv7() }, events: c.events };
    const results = await Promise.allSettled([blocker, a, b, c, repeat].map((d) => store.saveEntry(d, actor, 960)));
    expect(statements).toEqual([1, 2, 2]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as WriteConflict).constraint))).toEqual([
      60,
      10,
      30,
      60,
      'worklog-insert-entry',
    ]);
    expect(await day(o)).toEqual({ total: 30, count: 2 });
  });
});
