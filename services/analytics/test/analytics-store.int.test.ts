import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runMigrations, StartupFailure } from '@thuocdo/kit';
import { tempChdbDir } from '@thuocdo/testing';
import { actorFor } from '@thuocdo/testing/src/domain-fixtures';
import { planDailyWork, type WorkLogFact } from '../src/domain/dashboard';
import { AnalyticsStore } from '../src/store/analytics-store';
import { type ClickHouse, EmbeddedClickHouse, ServerClickHouse } from '../src/store/clickhouse';
import { ANALYTICS_MIGRATIONS, clickhouseMigrationTarget, migrateClickHouse } from '../src/store/migrate';

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

/**
 * The same tests on every transport: the embedded engine always, and a ClickHouse server when
 * CLICKHOUSE_URL is given (a database of its own is created there and dropped after).
 */
interface Transport {
  name: string;
  open(): Promise<{ ch: ClickHouse; close(): Promise<void> }>;
}
const transports: Transport[] = [
  {
    name: 'embedded ClickHouse (chDB)',
    async open() {
      const dir = tempChdbDir();
      const ch = new EmbeddedClickHouse(dir.dir);
      return {
        ch,
        close: async () => {
          await ch.close();
          dir.remove();
        },
      };
    },
  },
];
if (process.env.CLICKHOUSE_URL) {
  const server = process.env.CLICKHOUSE_URL;
  transports.push({
    name: `the ClickHouse server at ${new URL(server).host}`,
    async open() {
      const database = `thuocdo_test_${randomBytes(4).toString('hex')}`;
      const admin = new ServerClickHouse(server, 30_000);
      await admin.command(`CREATE DATABASE ${database}`);
      const url = new URL(server);
      url.pathname = `/${database}`;
      const ch = new ServerClickHouse(url.toString(), 30_000);
      return {
        ch,
        close: async () => {
          await ch.close();
          await admin.command(`DROP DATABASE IF EXISTS ${database}`);
          await admin.close();
        },
      };
    },
  });
}

describe.each(transports)('analytics store on $name', (transport) => {
  let ch: ClickHouse;
  let store: AnalyticsStore;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ ch, close } = await transport.open());
    store = new AnalyticsStore(ch);
    expect((await migrateClickHouse(ch)).map((m) => m.name)).toEqual(['0001_work_log.sql', '0002_org_directory.sql']);
    expect(await migrateClickHouse(ch)).toEqual([]);
  });
  afterAll(() => close());

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

  it('drops a retried insert that carries the same deduplication token, even past the stored-entry check', async () => {
    const facts = [fact(A1, '2026-09-01', 30), fact(A1, '2026-09-01', 40)];
    const count = async () =>
      Number((await ch.query<{ n: string }>("SELECT count() AS n FROM work_log_fact WHERE work_date = '2026-09-01'"))[0].n);
    expect(await store.addWorkLogFacts(facts, 'token-retried')).toBe(2);
    // The retry of a batch whose first insert landed but whose answer was lost: the same rows
    // with the same token reach ClickHouse again, and ClickHouse drops them.
    const rows = (await ch.query<Record<string, unknown>>(
      "SELECT * EXCEPT ingested_at FROM work_log_fact WHERE work_date = '2026-09-01'",
    )) as object[];
    await ch.insert('work_log_fact', rows, 'token-retried');
    expect(await count()).toBe(2);
    // Without the token the same rows would be stored twice: the token did the work.
    await ch.insert('work_log_fact', rows, 'another-token');
    expect(await count()).toBe(4);
  });

  it('binds parameters server-side: hostile text is data, not SQL', async () => {
    const tenant = "khanh-hoa' OR 1=1 --";
    expect((await store.agencyDailyWork(tenant, query('2026-11-16', '2026-11-17'))).items).toEqual([]);
    const [{ v }] = await ch.query<{ v: string }>('SELECT {t:String} AS v', { t: tenant });
    expect(v).toBe(tenant);
  });
});

describe('ClickHouse migrations (embedded)', () => {
  const open = () => {
    const dir = tempChdbDir();
    const ch = new EmbeddedClickHouse(dir.dir);
    return {
      ch,
      done: async () => {
        await ch.close();
        dir.remove();
      },
    };
  };

  it('waits for a lock another process holds, and breaks one left by a process that died', async () => {
    const { ch, done } = open();
    try {
      await ch.command("CREATE TABLE schema_migrations_lock (owner String, acquired_at DateTime64(3, 'UTC')) ENGINE = Memory");
      await ch.insert('schema_migrations_lock', [
        { owner: 'other-host:1', acquired_at: new Date().toISOString().replace('T', ' ').replace('Z', '') },
      ]);
      await expect(migrateClickHouse(ch, undefined, { staleAfterMs: 600_000, waitMs: 1000 })).rejects.toThrow(/locked by other-host:1/);
      // The same lock, old enough to be stale: broken, and the migrations run.
      expect((await migrateClickHouse(ch, undefined, { staleAfterMs: 0, waitMs: 1000 })).map((m) => m.name)).toEqual([
        '0001_work_log.sql',
        '0002_org_directory.sql',
      ]);
      const [{ n }] = await ch.query<{ n: string }>(
        "SELECT count() AS n FROM system.tables WHERE name = 'schema_migrations_lock' AND database = currentDatabase()",
      );
      expect(Number(n)).toBe(0);
    } finally {
      await done();
    }
  });

  it('refuses a file edited after it was applied', async () => {
    const { ch, done } = open();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'thuocdo-ch-migrations-'));
    try {
      writeFileSync(path.join(dir, '0001_t.sql'), 'CREATE TABLE IF NOT EXISTS t (x UInt8) ENGINE = Memory;\n');
      const target = clickhouseMigrationTarget(ch, { staleAfterMs: 600_000, waitMs: 1000 });
      expect(await runMigrations(target, [{ scope: 'service', dir }])).toHaveLength(1);
      writeFileSync(path.join(dir, '0001_t.sql'), 'CREATE TABLE IF NOT EXISTS t (x UInt16) ENGINE = Memory;\n');
      await expect(runMigrations(target, [{ scope: 'service', dir }])).rejects.toBeInstanceOf(StartupFailure);
      expect(ANALYTICS_MIGRATIONS.scope).toBe('service');
    } finally {
      await done();
    }
  });
});
