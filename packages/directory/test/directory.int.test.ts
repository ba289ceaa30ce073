import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate, type Pool } from '@thuocdo/db';
import type { DirectoryRecord } from '@thuocdo/kit';
import { createKafka, createProducer, EventEncoder, type Producer } from '@thuocdo/messaging';
import { Events, orgV1 } from '@thuocdo/proto';
import { type BrokerProcess, createTestDatabase, spawnLocalBroker, type TestDatabase, testPool, until } from '@thuocdo/testing';
import pino from 'pino';
import { DIRECTORY_MIGRATIONS, DirectorySync, directoryConsumer, postgresDirectorySource, storeDirectoryRecords } from '../src';

const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }, pino.destination(2));
const SETTINGS = {
  CONSUMER_MAX_ATTEMPTS: 2,
  CONSUMER_OUTAGE_RETRY_SECONDS: 60,
  CONSUMER_SESSION_TIMEOUT_MS: 10_000,
  CONSUMER_HEARTBEAT_MS: 2000,
};

const grantRecord = (id: string, version: number, removed = false): DirectoryRecord => ({
  kind: 'role_grant',
  id,
  version,
  removed,
  value: {
    id,
    tenantId: 't',
    officialId: 'o1',
    clientId: null,
    role: 'agency_leader',
    nodeKind: 'AGENCY',
    nodeId: `agency-v${version}`,
    validFrom: '2026-01-01',
    validTo: null,
  },
});

describe('org directory on PostgreSQL (real database, local Kafka broker)', () => {
  let db: TestDatabase;
  let pool: Pool;
  let empty: string;
  const syncs: DirectorySync<number>[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('directory');
    pool = testPool(db.url);
    empty = mkdtempSync(path.join(tmpdir(), 'no-migrations-'));
    await migrate(pool, empty, [DIRECTORY_MIGRATIONS]);
  });
  afterAll(async () => {
    for (const s of syncs) await s.stop();
    await pool.end();
    await db.drop();
    rmSync(empty, { recursive: true, force: true });
  });

  const replica = async (pollMs = 60_000) => {
    const sync = new DirectorySync(postgresDirectorySource(pool, log), log, pollMs);
    syncs.push(sync);
    await sync.start();
    return sync;
  };
  const store = async (records: DirectoryRecord[], onStored: () => void = () => {}) => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await storeDirectoryRecords(c, records);
      onStored();
      await c.query('COMMIT');
    } finally {
      c.release();
    }
  };

  it('loads what is stored at start, and another replica sees a change through the notification, not the poll', async () => {
    await store([grantRecord('g-start', 1)]);
    const a = await replica();
    const b = await replica();
    expect(b.directory.grantsOf('t', { officialId: 'o1', clientId: null }, '2026-06-01').map((g) => g.id)).toContain('g-start');
    await store([grantRecord('g-live', 1)], () => a.apply([grantRecord('g-live', 1)]));
    // b polls once a minute: seeing the grant within the wait means the NOTIFY woke it.
    await until(
      'replica b to see g-live',
      async () => b.directory.grantsOf('t', { officialId: 'o1', clientId: null }, '2026-06-01').some((g) => g.id === 'g-live'),
      5000,
    );
  });

  it('keeps the newest version whatever the order, and follows a removal', async () => {
    const r = await replica();
    await store([grantRecord('g-order', 3)]);
    await store([grantRecord('g-order', 2)]);
    const { rows } = await pool.query("SELECT version, record->>'nodeId' AS node FROM org_directory WHERE id = 'g-order'");
    expect(rows).toEqual([{ version: 3, node: 'agency-v3' }]);
    await store([grantRecord('g-order', 4, true)]);
    await until(
      'the removal to reach memory',
      async () => !r.directory.grantsOf('t', { officialId: 'o1', clientId: null }, '2026-06-01').some((g) => g.id === 'g-order'),
    );
    // A batch carrying several versions of one record stores the newest.
    await store([grantRecord('g-batch', 1), grantRecord('g-batch', 5), grantRecord('g-batch', 2)]);
    const batch = await pool.query("SELECT version FROM org_directory WHERE id = 'g-batch'");
    expect(batch.rows).toEqual([{ version: 5 }]);
  });

  describe('from org events through the consumer group', () => {
    let broker: BrokerProcess;
    let producer: Producer;
    beforeAll(async () => {
      broker = await spawnLocalBroker();
      producer = createProducer(createKafka({ brokers: broker.brokers, clientId: 'test' }), 3000);
      await producer.connect();
    });
    afterAll(async () => {
      await producer.disconnect().catch(() => {});
      await broker.stop();
    });

    it('stores a grant and applies it in memory before the commit, and a redelivery changes nothing', async () => {
      const sync = await replica();
      const kafka = createKafka({ brokers: broker.brokers, clientId: 'test' });
      const consumer = directoryConsumer({
        kafka,
        producer,
        log,
        settings: SETTINGS,
        group: 'test.directory',
        topics: [Events.RoleGrantChanged.topic],
        sync,
        store: async (list, stored) => {
          await store(list, () => {
            // Memory first: a reader that sees the row sees the grant in memory too.
            stored();
          });
        },
      });
      await consumer.start();
      try {
        const encoder = new EventEncoder('org', [Events.RoleGrantChanged]);
        const grant = orgV1.RoleGrant.fromPartial({
          id: 'g-kafka',
          tenantId: 't',
          officialId: 'o2',
          role: 'unit_head',
          nodeKind: orgV1.OrgNodeKind.ORG_NODE_KIND_UNIT,
          nodeId: 'u1',
          validFrom: '2026-01-01',
          version: 1,
        });
        const record = encoder.encode({
          type: Events.RoleGrantChanged,
          payload: { roleGrant: grant, removed: false },
          tenantId: 't',
          aggregateId: 'g-kafka',
          aggregateVersion: 1,
          occurredAt: new Date(),
        });
        const message = { key: record.key, value: Buffer.from(record.envelope) };
        await producer.send({ topic: Events.RoleGrantChanged.topic, messages: [message, message] });
        await until(
          'the grant in the table',
          async () => (await pool.query("SELECT 1 FROM org_directory WHERE id = 'g-kafka'")).rowCount === 1,
        );
        const held = sync.directory.grantsOf('t', { officialId: 'o2', clientId: null }, '2026-06-01');
        expect(held.map((g) => [g.id, g.nodeKind, g.nodeId])).toEqual([['g-kafka', 'UNIT', 'u1']]);
        const { rows } = await pool.query("SELECT count(*)::int AS n, max(version)::int AS v FROM org_directory WHERE id = 'g-kafka'");
        expect(rows[0]).toEqual({ n: 1, v: 1 });
      } finally {
        await consumer.stop();
      }
    });
  });
});
