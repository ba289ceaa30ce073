import { claimInbox, type Pool, type PoolClient, withTransaction } from '@thuocdo/db';
import { isDependencyDown, type Logger, messageOf, type Worker } from '@thuocdo/kit';
import type { EventType } from '@thuocdo/proto';
import { contextFromTraceparent, counter, histogram, inSpan, SpanKind } from '@thuocdo/telemetry';
import { decodeEnvelope, decodePayload, type EventEnvelope } from './envelope';
import type { Consumer, ConsumerConfig, Kafka, Producer } from './kafka';

const consumed = counter('consumer_events_total', 'Events handled by a consumer group', ['group', 'topic', 'outcome']);
const handlerCalls = counter('consumer_handler_calls_total', 'Calls of a consumer group handler (batches, halves, single events)', [
  'group',
]);
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

/** How a group fetches: large batches for ClickHouse, small and quick for read models. */
export interface FetchOptions {
  /** Largest batch handed to handleBatch. */
  maxBatchSize: number;
  /** How long the broker may wait to fill a fetch; trades latency for larger batches. */
  fetchWaitMs: number;
  /** Bytes the broker waits for (up to fetchWaitMs) before answering a fetch. */
  fetchMinBytes: number;
  /** Partitions handled at the same time (handlers that serialise anyway gain nothing from more). */
  partitionsConsumedConcurrently: number;
}

export const DEFAULT_FETCH: FetchOptions = { maxBatchSize: 2000, fetchWaitMs: 100, fetchMinBytes: 1, partitionsConsumedConcurrently: 2 };

export interface ConsumerOptions {
  kafka: Kafka;
  /** Producer used for dead letters. */
  producer: Producer;
  groupId: string;
  topics: string[];
  log: Logger;
  /** Handle a batch of events of one partition; must be idempotent per event. */
  handleBatch: (events: ReceivedEvent[], info: BatchInfo) => Promise<void>;
  settings: ConsumerConfig;
  fetch?: Partial<FetchOptions>;
}

export const deadLetterTopic = (group: string) => `${group}.dlq`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a consumer group. Each partition's batch is decoded (undecodable records go straight
 * to the dead-letter topic), then handed to handleBatch. A failing batch is retried with
 * backoff; when it keeps failing it is split in halves, and each failing half again, so that
 * one poison event among thousands costs a few dozen calls, not one per event: the poison
 * event, retried alone, goes to `<group>.dlq` with the error in its headers, and the rest are
 * applied. While a dependency is down nothing is dead-lettered: the batch waits and is fetched
 * again. Offsets advance only past events that were applied or dead-lettered: delivery is
 * at-least-once, and handlers make effects exactly-once (inbox, deduplicated inserts).
 */
export class ConsumerRunner implements Worker {
  readonly name: string;
  private consumer?: Consumer;
  private stopping = false;
  private readonly fetch: FetchOptions;

  constructor(private readonly o: ConsumerOptions) {
    this.name = `consumer ${o.groupId}`;
    this.fetch = { ...DEFAULT_FETCH, ...o.fetch };
  }

  async start(): Promise<void> {
    const s = this.o.settings;
    const consumer = this.o.kafka.consumer({
      kafkaJS: { groupId: this.o.groupId, fromBeginning: true, autoCommit: true, autoCommitInterval: 1000 },
      'js.consumer.max.batch.size': this.fetch.maxBatchSize,
      'fetch.wait.max.ms': this.fetch.fetchWaitMs,
      'fetch.min.bytes': this.fetch.fetchMinBytes,
      'topic.metadata.refresh.interval.ms': 5000,
      'session.timeout.ms': s.CONSUMER_SESSION_TIMEOUT_MS,
      'heartbeat.interval.ms': s.CONSUMER_HEARTBEAT_MS,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: this.o.topics });
    await consumer.run({
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.fetch.partitionsConsumedConcurrently,
      eachBatch: async ({ batch, resolveOffset }) => {
        const t0 = process.hrtime.bigint();
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
        if (events.length) await this.apply(events, batch.topic, batch.partition);
        resolveOffset(batch.messages[batch.messages.length - 1].offset);
        batchSeconds.observe({ group: this.o.groupId }, Number(process.hrtime.bigint() - t0) / 1e9);
      },
    });
  }

  private info(events: ReceivedEvent[]): BatchInfo {
    return {
      topic: events[0].topic,
      partition: events[0].partition,
      firstOffset: events[0].offset,
      lastOffset: events[events.length - 1].offset,
    };
  }

  private call(events: ReceivedEvent[]): Promise<void> {
    handlerCalls.inc({ group: this.o.groupId });
    const parent = contextFromTraceparent(events[0].traceparent);
    const info = this.info(events);
    return inSpan(`${info.topic} process`, SpanKind.CONSUMER, parent, () => this.o.handleBatch(events, info));
  }

  private applied(events: ReceivedEvent[]): void {
    consumed.inc({ group: this.o.groupId, topic: events[0].topic, outcome: 'applied' }, events.length);
  }

  /** The whole batch with retries; when it keeps failing, its halves (see the class comment). */
  private async apply(events: ReceivedEvent[], topic: string, partition: number): Promise<void> {
    const failure = await this.retrying(() => this.call(events), this.info(events), this.o.settings.CONSUMER_MAX_ATTEMPTS);
    if (!failure) return this.applied(events);
    if (events.length === 1)
      return this.deadLetter(topic, partition, events[0].offset, events[0].raw, failure.error, this.o.settings.CONSUMER_MAX_ATTEMPTS);
    await this.bisect(events, topic, partition);
  }

  /**
   * Halves of a failing batch get one attempt each (the failure is the events', not a
   * dependency's: outages are waited out inside `retrying`); a failing half is split again,
   * down to single events, which get the full attempts before the dead-letter topic.
   */
  private async bisect(events: ReceivedEvent[], topic: string, partition: number): Promise<void> {
    const middle = Math.ceil(events.length / 2);
    for (const half of [events.slice(0, middle), events.slice(middle)]) {
      if (half.length === 1) {
        const failure = await this.retrying(() => this.call(half), this.info(half), this.o.settings.CONSUMER_MAX_ATTEMPTS);
        if (failure)
          await this.deadLetter(topic, partition, half[0].offset, half[0].raw, failure.error, this.o.settings.CONSUMER_MAX_ATTEMPTS);
        else this.applied(half);
        continue;
      }
      const failure = await this.retrying(() => this.call(half), this.info(half), 1);
      if (failure) await this.bisect(half, topic, partition);
      else this.applied(half);
    }
  }

  /**
   * Runs fn up to `attempts` times with backoff; returns undefined on success, else the last
   * error. A dependency that does not answer (database, ClickHouse) is not the events' fault:
   * those failures do not count as attempts and never lead to the dead-letter topic. After
   * CONSUMER_OUTAGE_RETRY_SECONDS of them the error is thrown, so that the client fetches the
   * same batch again (and keeps polling the group) instead of holding it for the whole outage.
   * Throws too when the consumer stops.
   */
  private async retrying(fn: () => Promise<void>, info: BatchInfo, attempts: number): Promise<{ error: unknown } | undefined> {
    const outageUntil = Date.now() + this.o.settings.CONSUMER_OUTAGE_RETRY_SECONDS * 1000;
    let waited = 0;
    let last: unknown;
    for (let attempt = 1; attempt <= attempts; ) {
      if (this.stopping) throw new Error('consumer stopping');
      try {
        await fn();
        return undefined;
      } catch (err) {
        last = err;
        if (isDependencyDown(err)) {
          if (Date.now() > outageUntil) throw err;
          this.o.log.warn({ err: messageOf(err), ...info }, 'consumer: dependency not answering, retrying');
          await sleep(Math.min(200 * 2 ** waited++, 5000));
          continue;
        }
        this.o.log.warn({ err: messageOf(err), ...info, attempt }, 'consumer: handling failed');
        if (attempt < attempts) await sleep(Math.min(100 * 2 ** attempt, 5000));
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
            'x-error': messageOf(err).slice(0, 500),
          },
        },
      ],
    });
    consumed.inc({ group: this.o.groupId, topic, outcome: 'dead_lettered' });
    this.o.log.error({ topic, partition, offset, err: messageOf(err) }, 'consumer: event dead-lettered');
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

/** How one event type changes a read model, inside the transaction of its inbox row. */
export interface EventHandler<T> {
  type: EventType<T>;
  apply: (client: PoolClient, payload: T, envelope: EventEnvelope) => Promise<void>;
}

export const on = <T>(type: EventType<T>, apply: EventHandler<T>['apply']): EventHandler<T> => ({ type, apply });

/**
 * Per-event handling in PostgreSQL with an inbox: the batch runs in one transaction, each
 * event's effect with its inbox row, and an event already in the inbox is skipped. The handlers
 * must cover every event type of the group's topics; an event of any other type is an error
 * (dead-lettered), never silently dropped.
 */
export function withInbox(pool: Pool, group: string, handlers: EventHandler<any>[]): ConsumerOptions['handleBatch'] {
  const byType = new Map(handlers.map((h) => [h.type.typeName, h]));
  return async (events) => {
    await withTransaction(pool, async (client) => {
      for (const e of events) {
        const h = byType.get(e.envelope.eventType);
        if (!h) throw new Error(`${group}: no handler for ${e.envelope.eventType}`);
        if (await claimInbox(client, group, e.envelope.eventId, e.topic))
          await h.apply(client, decodePayload(e.envelope, h.type), e.envelope);
      }
    });
  };
}
