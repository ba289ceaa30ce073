import type { Pool } from '@thuocdo/db';
import { assetPath } from '@thuocdo/kit';
import { EventEncoder } from '@thuocdo/messaging';
import { service } from '@thuocdo/registry';
import { execute } from '@thuocdo/service';
import { migratedTestDatabase } from '@thuocdo/testing';
import { actorFor, failureOf, TENANT } from '@thuocdo/testing/src/domain-fixtures';
import { type LogWorkRequest, logWork, parseLogWork } from '../src/domain/work-log';
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
  const actor = actorFor('worklog.write', ['official'], { officialId: OFFICIAL }, NOW);

  beforeAll(async () => {
    ({ pool, close } = await migratedTestDatabase('worklog', assetPath('services/worklog/migrations')));
    store = new WorklogStore(
      pool,
      worklogEvents(new EventEncoder('worklog', service('worklog').produces)),
      new ReferenceCache(30_000, 1000),
    );
    const c = await pool.connect();
    try {
      await store.upsertOfficial(c, { id: OFFICIAL, tenantId: TENANT, agencyId: AGENCY, unitId: UNIT }, 1);
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
      save: (d) => store.saveEntry(d),
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
    const id = '0190f3a2-1111-7aaa-8bbb-000000000009';
    const c = await pool.connect();
    try {
      await store.upsertOfficial(c, { id, tenantId: TENANT, agencyId: AGENCY, unitId: '0190f3a2-3333-7aaa-8bbb-000000000002' }, 2);
      await store.upsertOfficial(c, { id, tenantId: TENANT, agencyId: AGENCY, unitId: '0190f3a2-3333-7aaa-8bbb-000000000003' }, 1);
    } finally {
      c.release();
    }
    const { rows } = await pool.query('SELECT unit_id::text AS unit_id, version FROM official_ref WHERE id = $1', [id]);
    expect(rows).toEqual([{ unit_id: '0190f3a2-3333-7aaa-8bbb-000000000002', version: 2 }]);
  });
});
