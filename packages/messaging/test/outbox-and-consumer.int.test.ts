import path from 'node:path';
import { trace } from '@opentelemetry/api';
import { createPool, EntityWriter, migrate, type Pool, withTransaction, writeOutbox } from '@thuocdo/db';
import { Events } from '@thuocdo/proto';
import { registry, startTelemetry, tracer } from '@thuocdo/telemetry';
import { type BrokerProcess, createTestDatabase, spawnLocalBroker, type TestDatabase, testPool, until } from '@thuocdo/testing';
import pino from 'pino';
import {
  type ConsumerOptions,
  ConsumerRunner,
  createKafka,
  createProducer,
  deadLetterTopic,
  EventEncoder,
  OutboxRelay,
  on,
  type RelayOptions,
  withInbox,
} from '../src';

const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }, pino.destination(2));
const EMPTY_MIGRATIONS = path.resolve(__dirname, '../../db/migrations/none');

const encoder = new EventEncoder('test', [Events.AgencyChanged, Events.UnitChanged]);
const SETTINGS = {
  CONSUMER_MAX_ATTEMPTS: 2,
  CONSUMER_OUTAGE_RETRY_SECONDS: 60,
  CONSUMER_SESSION_TIMEOUT_MS: 10_000,
  CONSUMER_HEARTBEAT_MS: 2000,
};
const relayOptions = (o: Partial<RelayOptions> = {}): RelayOptions => ({
  batchSize: 1000,
  pollMs: 200,
  maxBackoffMs: 10_000,
  retainPublishedHours: 24,
  lingerMs: 10,
  flushTimeoutMs: 5000,
  ...o,
});

function agencyEvent(id: string, name: string) {
  return encoder.encode({
    type: Events.AgencyChanged,
    payload: { agency: { id, tenantId: 't', code: id, name, kind: 1, createTime: new Date(), version: 1 }, removed: false },
    tenantId: 't',
    aggregateId: id,
    aggregateVersion: 1,
    occurredAt: new Date(),
  });
}

describe('outbox relay and consumer runner (real PostgreSQL, local Kafka broker)', () => {
  let db: TestDatabase;
  let pool: Pool;
  let broker: BrokerProcess;
  let kafka: ReturnType<typeof createKafka>;
  let producer: ReturnType<typeof createProducer>;
  const runners: ConsumerRunner[] = [];
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('messaging');
    pool = testPool(db.url);
    require('node:fs').mkdirSync(EMPTY_MIGRATIONS, { recursive: true });
    await migrate(pool, EMPTY_MIGRATIONS);
    await pool.query('CREATE TABLE applied (event_id uuid, name text, consumer_group text)');
    broker = await spawnLocalBroker();
    kafka = createKafka({ brokers: broker.brokers, clientId: 'test' });
    producer = createProducer(kafka, 3000);
    await producer.connect();
  });

  afterAll(async () => {
    broker.resume();
    for (const r of runners) await r.stop().catch(() => {});
    for (const r of relays) await r.stop().catch(() => {});
    await producer.disconnect().catch(() => {});
    await pool.end();
    await db.drop();
    await broker.stop();
    require('node:fs').rmSync(EMPTY_MIGRATIONS, { recursive: true, force: true });
  });

  const startRunner = async (group: string, topics: string[], handleBatch: ConsumerOptions['handleBatch']) => {
    const r = new ConsumerRunner({ kafka, producer, groupId: group, topics, log, handleBatch, settings: SETTINGS });
    runners.push(r);
    await r.start();
    return r;
  };

  /**
   * A consumer group of a test's own that records agencies into `applied` through the inbox.
   * Tests share the AgencyChanged topic, so each counts only the names it wrote.
   */
  const startInboxRunner = (group: string) =>
    startRunner(
      group,
      [Events.AgencyChanged.topic],
      withInbox(pool, group, [
        on(Events.AgencyChanged, async (c, { agency }, env) => {
          await c.query('INSERT INTO applied VALUES ($1, $2, $3)', [env.eventId, agency!.name, group]);
        }),
      ]),
    );
  /** How often each of these names was applied by one group. */
  const appliedCounts = async (group: string, names: string[]) => {
    const { rows } = await pool.query(
      'SELECT name, count(*)::int AS n FROM applied WHERE consumer_group = $1 AND name = ANY($2) GROUP BY name',
      [group, names],
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.n]));
  };

  it('publishes committed events and applies each once, even when delivered twice', async () => {
    await startInboxRunner('test.inbox');
    const relay = new OutboxRelay(pool, producer, log, relayOptions());
    relays.push(relay);
    await relay.start();

    const records = [agencyEvent('a1', 'Sở Nội vụ'), agencyEvent('a2', 'Sở Tài chính')];
    await withTransaction(pool, (c) => writeOutbox(c, records));
    // A rolled-back transaction must publish nothing.
    await withTransaction(pool, async (c) => {
      await writeOutbox(c, [agencyEvent('a3', 'never')]);
      throw new Error('rollback');
    }).catch(() => {});
    const names = ['Sở Nội vụ', 'Sở Tài chính', 'never', 'Sở Y tế'];
    await until('two applied', async () => (Object.keys(await appliedCounts('test.inbox', names)).length === 2 ? true : undefined));

    // Redeliver the first event (as Kafka may after a consumer crash): the inbox skips it.
    await producer.send({ topic: Events.AgencyChanged.topic, messages: [{ key: 'a1', value: Buffer.from(records[0].envelope) }] });
    await withTransaction(pool, (c) => writeOutbox(c, [agencyEvent('a4', 'Sở Y tế')]));
    await until('third applied', async () => ((await appliedCounts('test.inbox', ['Sở Y tế']))['Sở Y tế'] === 1 ? true : undefined));
    expect(await appliedCounts('test.inbox', names)).toEqual({ 'Sở Nội vụ': 1, 'Sở Tài chính': 1, 'Sở Y tế': 1 });
    const pending = await pool.query(
      "SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL AND message_key IN ('a1', 'a2', 'a4')",
    );
    expect(pending.rows[0].n).toBe(0);
    await relay.stop();
  });

  it("wakes the relay of the writer's own process without NOTIFY, which a service's connections do not send", async () => {
    // A service's pool: outbox inserts send no NOTIFY, and the relay beside the writers is woken
    // in-process. The poll is far longer than the test's patience.
    const quiet = createPool({
      url: db.url,
      size: 2,
      connectTimeoutMs: 3000,
      idleTimeoutMs: 10_000,
      statementTimeoutMs: 0,
      applicationName: 'quiet-writer',
      notifyOutbox: false,
    });
    const listener = await pool.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.channel));
    await listener.query('LISTEN outbox');
    const relay = new OutboxRelay(quiet, producer, log, relayOptions({ pollMs: 60_000 }));
    relays.push(relay);
    try {
      await relay.start();
      await relay.publishBatch(); // what earlier tests left
      const published = async (key: string) => {
        const { rows } = await pool.query('SELECT published_at FROM outbox WHERE message_key = $1', [key]);
        return rows[0]?.published_at ? true : undefined;
      };
      await withTransaction(quiet, (c) => writeOutbox(c, [agencyEvent('q1', 'Sở Tư pháp')]));
      await until('published after withTransaction', () => published('q1'), 5000);
      await new EntityWriter(quiet).write(
        [
          {
            text: "INSERT INTO applied (event_id, name, consumer_group) VALUES (gen_random_uuid(), 'q2', 'quiet') RETURNING name",
            values: [],
          },
        ],
        [agencyEvent('q2', 'Sở Công Thương')],
      );
      await until('published after EntityWriter', () => published('q2'), 5000);
      // A rolled-back transaction wakes nobody and publishes nothing.
      await withTransaction(quiet, async (c) => {
        await writeOutbox(c, [agencyEvent('q3', 'never')]);
        throw new Error('rollback');
      }).catch(() => {});
      await new Promise((r) => setTimeout(r, 300));
      expect(heard).toEqual([]);
      // Other connections still notify.
      await withTransaction(pool, (c) => writeOutbox(c, [agencyEvent('q4', 'Sở Ngoại vụ')]));
      await until('NOTIFY from an ordinary connection', async () => (heard.length ? true : undefined), 5000);
      await until('published after NOTIFY', () => published('q4'), 5000);
      expect((await pool.query("SELECT count(*)::int AS n FROM outbox WHERE message_key = 'q3'")).rows[0].n).toBe(0);
    } finally {
      await relay.stop();
      listener.release(true);
      await quiet.end();
    }
  });

  it("carries the writer's trace from the outbox row through Kafka to the consumer", async () => {
    startTelemetry('messaging-test');
    const seen: { header?: string; activeTraceId?: string }[] = [];
    await startRunner('test.trace', [Events.UnitChanged.topic], async (events) => {
      for (const e of events) seen.push({ header: e.traceparent, activeTraceId: trace.getActiveSpan()?.spanContext().traceId });
    });
    const relay = new OutboxRelay(pool, producer, log, relayOptions());
    relays.push(relay);
    await relay.start();
    const writerTraceId = await tracer().startActiveSpan('write', async (span) => {
      const record = encoder.encode({
        type: Events.UnitChanged,
        payload: {
          unit: {
            id: 'u1',
            tenantId: 't',
            agencyId: 'a1',
            parentUnitId: '',
            code: 'VP',
            name: 'Văn phòng',
            createTime: new Date(),
            version: 1,
            validFrom: '2026-01-01',
            validTo: '',
            path: 'u1/',
          },
          removed: false,
          lineage: [],
          history: [],
        },
        tenantId: 't',
        aggregateId: 'u1',
        aggregateVersion: 1,
        occurredAt: new Date(),
      });
      await withTransaction(pool, (c) => writeOutbox(c, [record]));
      span.end();
      return span.spanContext().traceId;
    });
    const [got] = await until('the traced event', async () => (seen.length ? seen : undefined));
    // Not exported here, so not sampled (flags 00): the ids travel all the same.
    expect(got.header).toMatch(new RegExp(`^00-${writerTraceId}-[0-9a-f]{16}-00$`));
    expect(got.activeTraceId).toBe(writerTraceId);
    await relay.stop();
  });

  it('keeps events in the outbox while the broker does not answer, and delivers them after', async () => {
    await startInboxRunner('test.outage.inbox');
    const relay = new OutboxRelay(pool, producer, log, relayOptions({ maxBackoffMs: 500 }));
    relays.push(relay);
    await relay.start();
    broker.pause();
    try {
      await withTransaction(pool, (c) => writeOutbox(c, [agencyEvent('b1', 'Sở Xây dựng')]));
      const failed = await until(
        'a failed attempt',
        async () => {
          const { rows } = await pool.query("SELECT attempts, last_error, published_at FROM outbox WHERE message_key = 'b1'");
          return rows[0]?.attempts > 0 ? rows[0] : undefined;
        },
        20_000,
      );
      expect(failed.published_at).toBeNull();
      expect(failed.last_error).toBeTruthy();
      // The send timed out (3 s here) and the relay went on retrying with backoff, not giving up.
      await until(
        'a second failed attempt',
        async () => {
          const { rows } = await pool.query("SELECT attempts FROM outbox WHERE message_key = 'b1'");
          return rows[0].attempts >= 2 ? true : undefined;
        },
        20_000,
      );
      expect(await registry.getSingleMetricAsString('outbox_publish_failures_total')).toMatch(/outbox_publish_failures_total [1-9]/);
    } finally {
      broker.resume();
    }
    await until('published after the broker is back', async () => {
      const { rows } = await pool.query("SELECT published_at FROM outbox WHERE message_key = 'b1'");
      return rows[0].published_at ? true : undefined;
    });
    await until('applied', async () => ((await appliedCounts('test.outage.inbox', ['Sở Xây dựng']))['Sở Xây dựng'] ? true : undefined));
    await relay.stop();
    expect(await appliedCounts('test.outage.inbox', ['Sở Xây dựng'])).toEqual({ 'Sở Xây dựng': 1 });
  }, 90_000);

  it('isolates one poison event in a batch of 10,000 with a few dozen handler calls, not one per event', async () => {
    const group = 'test.bisect';
    const topic = 'test.bisect.v1';
    const total = 10_000;
    const poison = 'p-6789';
    const messages = Array.from({ length: total }, (_, i) => {
      const id = i === 6789 ? poison : `e-${i}`;
      return { key: 'same-partition', value: Buffer.from(agencyEvent(id, id).envelope) };
    });
    await producer.send({ topic: deadLetterTopic(group), messages: [{ key: 'marker', value: Buffer.from('') }] });
    for (let i = 0; i < total; i += 2000) await producer.send({ topic, messages: messages.slice(i, i + 2000) });
    const applied = new Set<string>();
    let calls = 0;
    const r = new ConsumerRunner({
      kafka,
      producer,
      groupId: group,
      topics: [topic],
      log,
      settings: { ...SETTINGS, CONSUMER_MAX_ATTEMPTS: 2 },
      fetch: { maxBatchSize: total },
      handleBatch: async (events) => {
        calls++;
        // All or nothing, like a transaction: a batch holding the poison event applies none of it.
        if (events.some((e) => e.envelope.aggregateId === poison)) throw new Error('cannot apply');
        for (const e of events) applied.add(e.envelope.aggregateId);
      },
    });
    runners.push(r);
    await r.start();
    await until('every good event applied', async () => (applied.size === total - 1 ? true : undefined), 60_000);
    expect(applied.has(poison)).toBe(false);
    // log2(10,000) ≈ 14 levels, two halves each, plus retries of the whole batch and of the poison event alone.
    expect(calls).toBeLessThan(80);
    process.stdout.write(`bisection: ${calls} handler calls for ${total} events with one poison event\n`);
    const text = await registry.getSingleMetricAsString('consumer_events_total');
    expect(text).toMatch(
      new RegExp(
        `consumer_events_total\\{group="${group.replace('.', '\\.')}",topic="${topic.replace(/\./g, '\\.')}",outcome="dead_lettered"\\} 1`,
      ),
    );
  }, 90_000);

  it('waits out a dependency that does not answer instead of dead-lettering', async () => {
    const topic = 'test.outage.v1';
    let failuresLeft = 8; // more than maxAttempts (2): these must not count as attempts
    const applied: string[] = [];
    await producer.send({ topic, messages: [{ key: 'o1', value: Buffer.from(agencyEvent('o1', 'o1').envelope) }] });
    await startRunner('test.outage', [topic], async (events) => {
      if (failuresLeft-- > 0) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      applied.push(...events.map((e) => e.envelope.aggregateId));
    });
    await until('applied after the outage', async () => (applied.includes('o1') ? true : undefined), 60_000);
    // Counted as attempts, two batch and two single failures would have dead-lettered it.
    expect(failuresLeft).toBeLessThan(0);
  }, 90_000);

  it('sends undecodable and persistently failing events to the dead-letter topic and goes on', async () => {
    const group = 'test.dlq';
    const topic = 'test.poison.v1';
    const handled: string[] = [];
    // Create both topics before anyone subscribes: a subscription to a topic that does not
    // exist yet only sees it at the next metadata refresh.
    await producer.send({ topic, messages: [{ key: 'warm-up', value: Buffer.from(agencyEvent('warm-up', 'warm-up').envelope) }] });
    await producer.send({ topic: deadLetterTopic(group), messages: [{ key: 'marker', value: Buffer.from('') }] });
    await startRunner(group, [topic], async (events) => {
      for (const e of events) {
        if (e.envelope.aggregateId === 'bad') throw new Error('cannot apply');
      }
      handled.push(...events.map((e) => e.envelope.aggregateId));
    });
    const dead: { key: string; error: string; attempts: string }[] = [];
    const watcher = kafka.consumer({
      kafkaJS: { groupId: 'test.dlq.watch', fromBeginning: true },
      'topic.metadata.refresh.interval.ms': 1000,
    });
    await watcher.connect();
    await watcher.subscribe({ topics: [deadLetterTopic(group)] });
    await watcher.run({
      eachMessage: async ({ message }) => {
        if (String(message.key) === 'marker') return;
        dead.push({
          key: String(message.key),
          error: String(message.headers?.['x-error']),
          attempts: String(message.headers?.['x-attempts']),
        });
      },
    });
    try {
      const ok = (id: string) => agencyEvent(id, id);
      await producer.send({
        topic,
        messages: [
          { key: 'good1', value: Buffer.from(ok('good1').envelope) },
          { key: 'garbage', value: Buffer.from('not protobuf at all') },
          { key: 'bad', value: Buffer.from(ok('bad').envelope) },
          { key: 'good2', value: Buffer.from(ok('good2').envelope) },
        ],
      });
      await until('two dead letters', async () => (dead.length >= 2 ? true : undefined), 40_000);
      await until('good events applied', async () => (handled.includes('good1') && handled.includes('good2') ? true : undefined));
      expect(dead.map((d) => d.key).sort()).toEqual(['bad', 'garbage']);
      expect(dead.find((d) => d.key === 'bad')).toMatchObject({ error: 'cannot apply', attempts: '2' });
      expect(handled).not.toContain('bad');
      expect(handled).toContain('warm-up');
    } finally {
      await watcher.disconnect();
    }
  }, 60_000);
});
