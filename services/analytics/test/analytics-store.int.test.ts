import { tempChdbDir } from '@thuocdo/testing';
import { actorFor } from '@thuocdo/testing/src/domain-fixtures';
import { planDailyWork, type WorkLogFact } from '../src/domain/dashboard';
import { AnalyticsStore } from '../src/store/analytics-store';
import { EmbeddedClickHouse } from '../src/store/clickhouse';
import { migrateClickHouse } from '../src/store/migrate';

const A1 = '0190f3a2-1111-7aaa-8bbb-000000000001';
const A2 = '0190f3a2-1111-7aaa-8bbb-000000000002';
let n = 0;
const fact = (agencyId: string, workDate: string, minutes: number): WorkLogFact => {
  n++;
  return {
    tenantId: 'khanh-hoa',
    agencyId,
    unitId: '0190f3a2-4444-7aaa-8bbb-000000000001',
    officialId: '0190f3a2-3333-7aaa-8bbb-000000000001',
    workItemId: '0190f3a2-5555-7aaa-8bbb-000000000001',
    entryId: `0190f3a2-2222-7aaa-8bbb-${String(n).padStart(12, '0')}`,
    workDate,
    quantity: 100,
    minutes,
    eventId: `0190f3a2-9999-7aaa-8bbb-${String(n).padStart(12, '0')}`,
    version: 1,
    createdAt: new Date(),
  };
};
const leader = actorFor('analytics.read', ['province_leader']);
const query = (fromDate: string, toDate: string, agencyId = '', pageSize = 0, pageToken = '') =>
  planDailyWork({ fromDate, toDate, agencyId, pageSize, pageToken }, leader);

describe('analytics store on embedded ClickHouse (chDB)', () => {
  const dir = tempChdbDir();
  const ch = new EmbeddedClickHouse(dir.dir);
  const store = new AnalyticsStore(ch);

  beforeAll(async () => {
    expect((await migrateClickHouse(ch)).map((m) => m.name)).toEqual(['0001_work_log.sql']);
    expect(await migrateClickHouse(ch)).toEqual([]);
  });
  afterAll(async () => {
    await ch.close();
    dir.remove();
  });

  it('rolls up minutes and entries per agency per day, counting a redelivered event once', async () => {
    const facts = [fact(A1, '2026-11-16', 120), fact(A1, '2026-11-16', 60), fact(A2, '2026-11-17', 45)];
    expect(await store.addWorkLogFacts(facts, 'batch-1')).toBe(3);
    // The same batch again (a crash before the offset commit) and one event inside another batch.
    expect(await store.addWorkLogFacts(facts, 'batch-1')).toBe(0);
    expect(await store.addWorkLogFacts([facts[1], fact(A2, '2026-11-17', 15)], 'batch-2')).toBe(1);
    await store.addAgencies([{ tenantId: 'khanh-hoa', agencyId: A1, code: 'SNV', name: 'Sở Nội vụ', version: 1 }]);

    const { items } = await store.agencyDailyWork('khanh-hoa', query('2026-11-16', '2026-11-17'));
    expect(items).toEqual([
      { agencyId: A1, agencyName: 'Sở Nội vụ', workDate: '2026-11-16', minutes: 180, entries: 2 },
      { agencyId: A2, agencyName: '', workDate: '2026-11-17', minutes: 60, entries: 2 },
    ]);
    expect((await store.agencyDailyWork('khanh-hoa', query('2026-11-17', '2026-11-17', A1))).items).toEqual([]);
    expect((await store.agencyDailyWork('another-province', query('2026-11-16', '2026-11-17'))).items).toEqual([]);
  });

  it('pages through rows in date and agency order without gaps or repeats', async () => {
    const days = ['2026-10-01', '2026-10-02', '2026-10-03'];
    await store.addWorkLogFacts(
      days.flatMap((d) => [fact(A1, d, 10), fact(A2, d, 20)]),
      'batch-pages',
    );
    const seen: string[] = [];
    let token = '';
    let pages = 0;
    do {
      const page = await store.agencyDailyWork('khanh-hoa', query('2026-10-01', '2026-10-03', '', 4, token));
      seen.push(...page.items.map((r) => `${r.workDate}/${r.agencyId}`));
      token = page.nextPageToken;
      pages++;
    } while (token);
    expect(pages).toBe(2);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });

  it('binds parameters server-side: hostile text is data, not SQL', async () => {
    const tenant = "khanh-hoa' OR 1=1 --";
    expect((await store.agencyDailyWork(tenant, query('2026-11-16', '2026-11-17'))).items).toEqual([]);
    const [{ v }] = await ch.query<{ v: string }>('SELECT {t:String} AS v', { t: tenant });
    expect(v).toBe(tenant);
  });
});
