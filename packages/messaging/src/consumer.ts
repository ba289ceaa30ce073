import { claimInbox, isDependencyDown, type Pool, type PoolClient, withTransaction } from '@thuocdo/db';
import { contextFromTraceparent, counter, histogram, inSpan, SpanKind } from '@thuocdo/telemetry';
import type { Logger } from 'pino';
import { decodeEnvelope, type EventEnvelope } from './envelope';
import type { Consumer, Kafka, Producer } from './kafka';

const consumed = counter('consumer_events_total', 'Events handled by a consumer group', ['group', 'topic', 'outcome']);
const batchSeconds = histogram('consumer_batch_seconds', 'Time to handle one batch', ['group']);

export interface ReceivedEvent {
  envelope: EventEnvelope;
  topic: string;
  partition: number;
  offset: string;
  traceparent?: string;
  /** The record as received, kept for the dead-letter topic. */
  raw: { key: Buffer | null; value: Buffer };
}

export interface BatchInfo {
  topic: string;
  partition: number;
  firstOffset: string;
  lastOffset: string;
}

export interface ConsumerOptions {
  kafka: Kafka;
  /** Producer used for dead letters. */
  producer: Producer;
  groupId: string;
  topics: string[];
  log: Logger;
  /** Handle a batch of events of one partition; must be idempotent per event. */
  handleBatch: (events: ReceivedEvent[], info: BatchInfo) => Promise<void>;
  /** Attempts before a failing single event goes to `<group>.dlq`. */
  maxAttempts?: number;
  /** Largest batch handed to handleBatch. */
  maxBatchSize?: number;
  /** How long the broker may wait to fill a fetch; trades latency for larger batches. */
  fetchWaitMs?: number;
  /** Bytes the broker waits for (up to fetchWaitMs) before answering a fetch. */
  fetchMinBytes?: number;
  /** Partitions handled at the same time (handlers that serialise anyway gain nothing from more). */
  partitionsConsumedConcurrently?: number;
}

export const deadLetterTopic = (group: string) => `${group}.dlq`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a consumer group. Each partition's batch is decoded (undecodable records go straight
 * to the dead-letter topic), then handed to handleBatch. A failing batch is retried with
 * exponential backoff; after maxAttempts it is split and each event is retried alone, so one
 * poison event goes to `<group>.dlq` (with the error in its headers) and the rest are applied.
 * While a dependency is down, nothing is dead-lettered: the batch waits and is fetched again.
 * Offsets advance only past events that were applied or dead-lettered: delivery is
 * at-least-once, and handlers make effects exactly-once (inbox, deduplicated inserts).
 */
export class ConsumerRunner {
  private consumer?: Consumer;
  private stopping = false;
  private readonly maxAttempts: number;

  constructor(private readonly o: ConsumerOptions) {
    this.maxAttempts = o.maxAttempts ?? 5;
  }

  async start(): Promise<void> {
    const consumer = this.o.kafka.consumer({
      kafkaJS: { groupId: this.o.groupId, fromBeginning: true, autoCommit: true, autoCommitInterval: 1000 },
      'js.consumer.max.batch.size': this.o.maxBatchSize ?? 2000,
      'fetch.wait.max.ms': this.o.fetchWaitMs ?? 100,
      'fetch.min.bytes': this.o.fetchMinBytes ?? 1,
      'topic.metadata.refresh.interval.ms': 5000,
      // A member that vanishes without leaving (killed, partitioned) holds its partitions this
      // long; 10 s keeps a restart or failover short without flapping on a busy event loop.
      'session.timeout.ms': 10_000,
      'heartbeat.interval.ms': 2000,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: this.o.topics });
    await consumer.run({
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.o.partitionsConsumedConcurrently ?? 2,
      eachBatch: async ({ batch, resolveOffset }) => {
        const t0 = process.hrtime.bigint();
        this.o.log.debug(
          { group: this.o.groupId, topic: batch.topic, partition: batch.partition, size: batch.messages.length },
          'consumer: batch',
        );
        const events: ReceivedEvent[] = [];
        for (const m of batch.messages) {
          try {
            const tp = m.headers?.traceparent;
            events.push({
              envelope: decodeEnvelope(m.value ?? Buffer.alloc(0)),
              topic: batch.topic,
              partition: batch.partition,
              offset: m.offset,
              traceparent: tp ? String(tp) : undefined,
              raw: { key: m.key ?? null, value: m.value ?? Buffer.alloc(0) },
            });
          } catch (err) {
            await this.deadLetter(batch.topic, batch.partition, m.offset, { key: m.key ?? null, value: m.value }, err, 1);
          }
        }
        if (events.length) {
          await this.apply(events, {
            topic: batch.topic,
            partition: batch.partition,
            firstOffset: batch.messages[0].offset,
            lastOffset: batch.messages[batch.messages.length - 1].offset,
          });
        }
        resolveOffset(batch.messages[batch.messages.length - 1].offset);
        batchSeconds.observe({ group: this.o.groupId }, Number(process.hrtime.bigint() - t0) / 1e9);
      },
    });
  }

  private async apply(events: ReceivedEvent[], info: BatchInfo): Promise<void> {
    const parent = contextFromTraceparent(events[0].traceparent);
    const attempt = () => inSpan(`${info.topic} process`, SpanKind.CONSUMER, parent, () => this.o.handleBatch(events, info));
    if ((await this.retrying(attempt, info)) === undefined) {
      consumed.inc({ group: this.o.groupId, topic: info.topic, outcome: 'applied' }, events.length);
      return;
    }
    // The batch keeps failing: isolate the event(s) at fault.
    for (const e of events) {
      const one = { ...info, firstOffset: e.offset, lastOffset: e.offset };
      const failure = await this.retrying(() => this.o.handleBatch([e], one), one);
      if (failure === undefined) consumed.inc({ group: this.o.groupId, topic: info.topic, outcome: 'applied' });
      else await this.deadLetter(info.topic, info.partition, e.offset, e.raw, failure.error, this.maxAttempts);
    }
  }

  /**
   * Runs fn up to maxAttempts times with backoff; returns undefined on success, else the last
   * error. A dependency that does not answer (database, ClickHouse) is not the events' fault:
   * those failures do not count as attempts and never lead to the dead-letter topic. After a minute of them the
   * error is thrown, so that the client fetches the same batch again (and keeps polling the
   * group) instead of holding it for the whole outage. Throws too when the consumer stops.
   */
  private async retrying(fn: () => Promise<void>, info: BatchInfo): Promise<{ error: unknown } | undefined> {
    const outageUntil = Date.now() + 60_000;
    let waited = 0;
    let last: unknown;
    for (let attempt = 1; attempt <= this.maxAttempts; ) {
      if (this.stopping) throw new Error('consumer stopping');
      try {
        await fn();
        return undefined;
      } catch (err) {
        last = err;
        if (isDependencyDown(err)) {
          if (Date.now() > outageUntil) throw err;
          this.o.log.warn({ err: (err as Error).message, ...info }, 'consumer: dependency not answering, retrying');
          await sleep(Math.min(200 * 2 ** waited++, 5000));
          continue;
        }
        this.o.log.warn({ err: (err as Error).message, ...info, attempt }, 'consumer: handling failed');
        if (attempt < this.maxAttempts) await sleep(Math.min(100 * 2 ** attempt, 5000));
        attempt++;
      }
    }
    return { error: last };
  }

  private async deadLetter(
    topic: string,
    partition: number,
    offset: string,
    record: { key: Buffer | null; value: Buffer | null },
    err: unknown,
    attempts: number,
  ): Promise<void> {
    await this.o.producer.send({
      topic: deadLetterTopic(this.o.groupId),
      messages: [
        {
          key: record.key,
          value: record.value,
          headers: {
            'x-original-topic': topic,
            'x-original-partition': String(partition),
            'x-original-offset': offset,
            'x-attempts': String(attempts),
            'x-error': String((err as Error)?.message ?? err).slice(0, 500),
          },
        },
      ],
    });
    consumed.inc({ group: this.o.groupId, topic, outcome: 'dead_lettered' });
    this.o.log.error({ topic, partition, offset, err: String((err as Error)?.message ?? err) }, 'consumer: event dead-lettered');
  }

  /** Leaves the group; offsets of applied events are committed first. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (!this.consumer) return;
    try {
      await this.consumer.commitOffsets();
    } catch {
      // nothing resolved yet, or the broker is unreachable: the events come again, and are deduplicated
    }
    await this.consumer.disconnect();
  }
}

/**
 * Per-event handling in PostgreSQL with an inbox: each event's effect and its inbox row are
 * written in one transaction, and an event already in the inbox is skipped.
 */
export function withInbox(
  pool: Pool,
  group: string,
  apply: (client: PoolClient, event: ReceivedEvent) => Promise<void>,
): ConsumerOptions['handleBatch'] {
  return async (events) => {
    await withTransaction(pool, async (client) => {
      for (const e of events) {
        if (await claimInbox(client, group, e.envelope.eventId, e.topic)) await apply(client, e);
      }
    });
  };
}
