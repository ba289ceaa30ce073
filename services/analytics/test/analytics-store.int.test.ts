import path from 'node:path';
import { tempChdbDir } from '@thuocdo/testing';
import { toFact } from '../src/domain/dashboard';
import { AnalyticsStore } from '../src/store/analytics-store';
import { EmbeddedClickHouse } from '../src/store/clickhouse';
import { migrateClickHouse } from '../src/store/migrate';

const A1 = '0190f3a2-1111-7aaa-8bbb-000000000001';
const A2 = '0190f3a2-1111-7aaa-8bbb-000000000002';
let n = 0;
const entry = (agencyId: string, workDate: string, minutes: number) => ({
  id: `0190f3a2-2222-7aaa-8bbb-${String(++n).padStart(12, '0')}`,
  tenantId: 'khanh-hoa',
  officialId: '0190f3a2-3333-7aaa-8bbb-000000000001',
  agencyId,
  unitId: '0190f3a2-4444-7aaa-8bbb-000000000001',
  workDate,
  workItemId: '0190f3a2-5555-7aaa-8bbb-000000000001',
  quantity: 1,
  minutes,
  note: '',
  createTime: new Date(),
});

describe('analytics store on embedded ClickHouse (chDB)', () => {
  const dir = tempChdbDir();
  const ch = new EmbeddedClickHouse(dir.dir);
  const store = new AnalyticsStore(ch);

  beforeAll(async () => {
    expect(await migrateClickHouse(ch, path.resolve(__dirname, '../migrations'))).toEqual(['0001_work_log.sql']);
    expect(await migrateClickHouse(ch, path.resolve(__dirname, '../migrations'))).toEqual([]);
  });
  afterAll(async () => {
    await ch.close();
    dir.remove();
  });

  it('rolls up minutes and entries per agency per day, counting a redelivered event once', async () => {
    const e1 = entry(A1, '2026-11-16', 120);
    const e2 = entry(A1, '2026-11-16', 60);
    const e3 = entry(A2, '2026-11-17', 45);
    const facts = [e1, e2, e3].map((e, i) => toFact(e, `0190f3a2-9999-7aaa-8bbb-00000000000${i}`, 1));
    expect(await store.addWorkLogFacts(facts, 'worklog.work-logged.v1:0:0-2')).toBe(3);
    // The same batch again (a crash before the offset commit) and one event inside another batch.
    expect(await store.addWorkLogFacts(facts, 'worklog.work-logged.v1:0:0-2')).toBe(0);
    expect(
      await store.addWorkLogFacts(
        [facts[1], toFact(entry(A2, '2026-11-17', 15), '0190f3a2-9999-7aaa-8bbb-000000000009', 1)],
        'worklog.work-logged.v1:0:3-4',
      ),
    ).toBe(1);
    await store.addAgencies([{ tenant_id: 'khanh-hoa', agency_id: A1, code: 'SNV', name: 'Sở Nội vụ', version: 1 }]);

    const rows = await store.agencyDailyWork('khanh-hoa', { fromDate: '2026-11-16', toDate: '2026-11-17', agencyId: null });
    expect(rows).toEqual([
      { agencyId: A1, agencyName: 'Sở Nội vụ', workDate: '2026-11-16', minutes: 180, entries: 2 },
      { agencyId: A2, agencyName: '', workDate: '2026-11-17', minutes: 60, entries: 2 },
    ]);
    expect(await store.agencyDailyWork('khanh-hoa', { fromDate: '2026-11-17', toDate: '2026-11-17', agencyId: A1 })).toEqual([]);
    expect(await store.agencyDailyWork('another-province', { fromDate: '2026-11-16', toDate: '2026-11-17', agencyId: null })).toEqual([]);
  });

  it('binds parameters server-side: hostile text is data, not SQL', async () => {
    const tenant = "khanh-hoa' OR 1=1 --";
    expect(await store.agencyDailyWork(tenant, { fromDate: '2026-11-16', toDate: '2026-11-17', agencyId: null })).toEqual([]);
    const [{ v }] = await ch.query<{ v: string }>('SELECT {t:String} AS v', { t: tenant });
    expect(v).toBe(tenant);
  });
});
