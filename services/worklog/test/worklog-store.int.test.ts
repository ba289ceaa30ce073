import type { Pool } from '@thuocdo/db';
import { DIRECTORY_MIGRATIONS } from '@thuocdo/directory';
import { assetPath } from '@thuocdo/kit';
import { EventEncoder } from '@thuocdo/messaging';
import { service } from '@thuocdo/registry';
import { execute } from '@thuocdo/service';
import { migratedTestDatabase } from '@thuocdo/testing';
import { actorFor, directoryWith, failureOf, postRecords, TENANT, unitRecord } from '@thuocdo/testing/src/domain-fixtures';
import { type LogWorkRequest, logWork, parseLogWork, planListWorkLogs } from '../src/domain/work-log';
import { worklogEvents } from '../src/events/publish';
import { ReferenceCache } from '../src/store/reference-cache';
import { WorklogStore } from '../src/store/worklog-store';

const OFFICIAL = '0190f3a2-1111-7aaa-8bbb-000000000001';
const AGENCY = '0190f3a2-2222-7aaa-8bbb-000000000001';
const UNIT = '0190f3a2-3333-7aaa-8bbb-000000000001';
const ITEM = '0190f3a2-4444-7aaa-8bbb-000000000001';
const NOW = new Date('2026-11-20T03:00:00Z');

describe('worklog store (real PostgreSQL)', () => {
  let pool: Pool;
  let close: () => Promise<void>;
  let store: WorklogStore;
  const directory = directoryWith([unitRecord(UNIT, AGENCY), ...postRecords(OFFICIAL, AGENCY, UNIT)]);
  const actor = actorFor('worklog.write', [], { officialId: OFFICIAL, directory }, NOW);

  beforeAll(async () => {
    ({ pool, close } = await migratedTestDatabase('worklog', assetPath('services/worklog/migrations'), [DIRECTORY_MIGRATIONS]));
    store = new WorklogStore(
      pool,
      worklogEvents(new EventEncoder('worklog', service('worklog').produces)),
      new ReferenceCache(30_000, 1000),
    );
    const c = await pool.connect();
    try {
      await store.upsertWorkItem(c, { id: ITEM, tenantId: TENANT, code: 'B.01', standardMinutes: 60 }, 1);
    } finally {
      c.release();
    }
  });
  afterAll(() => close());

  const request = (r: Partial<LogWorkRequest>): LogWorkRequest => ({
    officialId: OFFICIAL,
    workDate: '2026-11-20',
    workItemId: ITEM,
    quantityDecimal: '1.25',
    legacyQuantity: 0,
    minutes: 45,
    note: 'Soạn công văn',
    requestId: '',
    ...r,
  });
  const log = (r: LogWorkRequest) => {
    const w = parseLogWork(r, { maxBackdateDays: 31 }, NOW);
    return execute({
      load: (conflict) => store.logWorkState(TENANT, w, Boolean(conflict)),
      decide: (s) => logWork(w, s, actor),
      save: (d) => store.saveEntry(d, actor),
    });
  };
  const countFor = async (requestId: string) =>
    (
      await pool.query(
        `SELECT count(*)::int AS entries, (SELECT count(*)::int FROM outbox o JOIN work_log_entry e ON o.message_key = e.id::text WHERE e.request_id = $1) AS events
           FROM work_log_entry WHERE request_id = $1`,
        [requestId],
      )
    ).rows[0];

  it('stores the quantity exactly and the entry with its event in one statement', async () => {
    const { entity } = await log(request({ quantityDecimal: '0.07' }));
    const { rows } = await pool.query('SELECT quantity::text AS q, version FROM work_log_entry WHERE id = $1', [entity.id]);
    expect(rows).toEqual([{ q: '0.07', version: 1 }]);
    expect(entity.quantity).toBe(7);
  });

  it('answers many concurrent repeats of one request id with one entry and one event', async () => {
    const requestId = '0190f3a2-5555-7aaa-8bbb-000000000001';
    const results = await Promise.all(Array.from({ length: 10 }, () => log(request({ requestId }))));
    expect(new Set(results.map((r) => r.entity.id)).size).toBe(1);
    expect(results.filter((r) => !r.unchanged)).toHaveLength(1);
    expect(await countFor(requestId)).toEqual({ entries: 1, events: 1 });
  });

  it('refuses a request id reused for other content, even when both race', async () => {
    const requestId = '0190f3a2-5555-7aaa-8bbb-000000000002';
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => log(request({ requestId, minutes: 30 + i }))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected'))
      expect(
        failureOf(() => {
          throw (r as PromiseRejectedResult).reason;
        }),
      ).toEqual({ reason: 'ALREADY_EXISTS', field: 'request_id' });
    expect(await countFor(requestId)).toEqual({ entries: 1, events: 1 });
  });

  it('keeps a read model at the newest version, whatever the order events arrive in', async () => {
    const id = '0190f3a2-4444-7aaa-8bbb-000000000009';
    const c = await pool.connect();
    try {
      await store.upsertWorkItem(c, { id, tenantId: TENANT, code: 'B.09', standardMinutes: 90 }, 2);
      await store.upsertWorkItem(c, { id, tenantId: TENANT, code: 'B.09', standardMinutes: 30 }, 1);
    } finally {
      c.release();
    }
    const { rows } = await pool.query('SELECT standard_minutes, version FROM work_item_ref WHERE id = $1', [id]);
    expect(rows).toEqual([{ standard_minutes: 90, version: 2 }]);
  });

  it("lists to a unit head only the entries of days the official's unit lay under theirs", async () => {
    // MOVER's unit "moving" lay under the head's unit until 2026-11-10, then under another.
    const MOVER = '0190f3a2-1111-7aaa-8bbb-0000000000aa';
    const HEAD_UNIT = '0190f3a2-3333-7aaa-8bbb-0000000000aa';
    const ELSEWHERE = '0190f3a2-3333-7aaa-8bbb-0000000000bb';
    const MOVING = '0190f3a2-3333-7aaa-8bbb-0000000000cc';
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
    const writer = actorFor('worklog.write', [], { officialId: MOVER, directory: dir }, NOW);
    for (const workDate of ['2026-11-05', '2026-11-09', '2026-11-10', '2026-11-18']) {
      const w = parseLogWork(request({ officialId: MOVER, workDate }), { maxBackdateDays: 31 }, NOW);
      await execute({
        load: (conflict) => store.logWorkState(TENANT, w, Boolean(conflict)),
        decide: (st) => logWork(w, st, writer),
        save: (d) => store.saveEntry(d, writer),
      });
    }
    const head = actorFor('worklog.read', [], { grants: [{ role: 'unit_head', unitId: HEAD_UNIT }], directory: dir }, NOW);
    const q = planListWorkLogs({ officialId: MOVER, fromDate: '2026-11-01', toDate: '2026-11-20', pageSize: 0, pageToken: '' }, head);
    expect((await store.listEntries(TENANT, q)).items.map((e) => e.workDate).sort()).toEqual(['2026-11-05', '2026-11-09']);
    const own = actorFor('worklog.read', [], { officialId: MOVER, directory: dir }, NOW);
    const mine = planListWorkLogs({ officialId: MOVER, fromDate: '2026-11-01', toDate: '2026-11-20', pageSize: 0, pageToken: '' }, own);
    expect((await store.listEntries(TENANT, mine)).items).toHaveLength(4);
  });
});
