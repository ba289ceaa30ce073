import { Listener, onOutboxCommitted, type Pool, withTransaction } from '@thuocdo/db';
import type { Logger, Worker } from '@thuocdo/kit';
import { counter, gauge } from '@thuocdo/telemetry';
import type { OutboxConfig, Producer } from './kafka';

const published = counter('outbox_published_total', 'Outbox events published to Kafka');
const failures = counter('outbox_publish_failures_total', 'Failed outbox publish attempts');
const oldestPending = gauge('outbox_oldest_pending_seconds', 'Age of the oldest unpublished outbox event');

export interface RelayOptions {
  batchSize: number;
  /** Poll interval when no notification arrives (a missed NOTIFY costs at most this much). */
  pollMs: number;
  maxBackoffMs: number;
  /** Published rows are kept this long for inspection, then deleted. */
  retainPublishedHours: number;
  /**
   * After a wake-up, wait this long so that one batch carries the rows of many commits:
   * under load, one NOTIFY arrives per commit, and a relay cycle per commit costs more than
   * the commits themselves.
   */
  lingerMs: number;
  /** Time the final flush may take at shutdown. */
  flushTimeoutMs: number;
}

export const relayOptions = (c: OutboxConfig): RelayOptions => ({
  batchSize: c.OUTBOX_BATCH_SIZE,
  pollMs: c.OUTBOX_POLL_MS,
  maxBackoffMs: c.OUTBOX_MAX_BACKOFF_MS,
  retainPublishedHours: c.OUTBOX_RETAIN_HOURS,
  lingerMs: c.OUTBOX_LINGER_MS,
  flushTimeoutMs: c.OUTBOX_FLUSH_TIMEOUT_MS,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Publishes outbox rows to Kafka in insertion (id) order: claims a batch with FOR UPDATE SKIP
 * LOCKED (so several replicas share the work), sends it with the idempotent producer, and marks
 * it published in the same transaction. One relay keeps each aggregate's events in order; with
 * several replicas two batches may overlap in time, so consumers that care about order use the
 * envelope's aggregate_version. Woken in-process when this process's writers commit outbox rows,
 * by LISTEN/NOTIFY for rows other processes write, with a short poll as a fallback.
 * A failed send leaves the rows unpublished; they are retried with backoff.
 */
export class OutboxRelay implements Worker {
  readonly name = 'outbox relay';
  private stopped = false;
  private pending = true;
  private wake?: () => void;
  private stopWaiting?: () => void;
  private loop?: Promise<void>;
  private readonly listener: Listener;
  private stopListening?: () => void;
  private lastCleanup = 0;

  constructor(
    private readonly pool: Pool,
    private readonly producer: Producer,
    private readonly log: Logger,
    private readonly o: RelayOptions,
  ) {
    this.listener = new Listener(pool, 'outbox', () => this.notify(), log);
  }

  async start(): Promise<void> {
    // Writers of this process wake the relay directly; NOTIFY still wakes it for rows other
    // processes write (a service's own pool does not notify: see PoolOptions.notifyOutbox).
    this.stopListening = onOutboxCommitted(this.pool, () => this.notify());
    await this.listener.ensure();
    this.loop = this.run();
  }

  /** Waits `ms`, or less when stop() is called. */
  private backoffWait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.stopWaiting = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  private notify(): void {
    this.pending = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    let backoff = 0;
    while (!this.stopped) {
      try {
        await this.listener.ensure();
        if (this.o.lingerMs > 0 && !this.stopped) await sleep(this.o.lingerMs);
        this.pending = false;
        const n = await this.publishBatch();
        backoff = 0;
        if (n === this.o.batchSize) continue;
        await this.cleanup();
      } catch (err) {
        failures.inc();
        backoff = Math.min(Math.max(backoff * 2, 200), this.o.maxBackoffMs);
        this.log.warn({ err: (err as Error).message, retryInMs: backoff }, 'outbox relay: publish failed');
        if (!this.stopped) await this.backoffWait(backoff);
        continue;
      }
      if (!this.pending && !this.stopped) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.o.pollMs);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  /** Publishes at most one batch; returns how many events it published. */
  async publishBatch(): Promise<number> {
    let claimed: number[] = [];
    try {
      return await withTransaction(this.pool, async (c) => {
        const { rows } = await c.query({
          name: 'outbox-claim',
          text: `SELECT id, topic, message_key, envelope, traceparent,
                        extract(epoch FROM now() - created_at) AS age
                   FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          values: [this.o.batchSize],
        });
        oldestPending.set(rows.length ? Number(rows[0].age) : 0);
        if (rows.length === 0) return 0;
        claimed = rows.map((r) => r.id);
        const byTopic = new Map<string, { key: string; value: Buffer; headers: Record<string, string> }[]>();
        for (const r of rows) {
          const list = byTopic.get(r.topic) ?? [];
          list.push({ key: r.message_key, value: r.envelope, headers: r.traceparent ? { traceparent: r.traceparent } : {} });
          byTopic.set(r.topic, list);
        }
        await this.producer.sendBatch({
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        });
        await c.query({
          name: 'outbox-mark-published',
          text: 'UPDATE outbox SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1)',
          values: [claimed],
        });
        published.inc(rows.length);
        return rows.length;
      });
    } catch (err) {
      if (claimed.length)
        await this.pool
          .query('UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1)', [
            claimed,
            String((err as Error).message).slice(0, 500),
          ])
          .catch(() => {});
      throw err;
    }
  }

  private async cleanup(): Promise<void> {
    if (Date.now() - this.lastCleanup < 600_000) return;
    this.lastCleanup = Date.now();
    await this.pool.query(`DELETE FROM outbox WHERE published_at < now() - make_interval(hours => $1)`, [this.o.retainPublishedHours]);
  }

  /** Stops the loop, then publishes what is still pending (bounded by the flush timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopListening?.();
    this.wake?.();
    this.stopWaiting?.();
    await this.loop;
    const until = Date.now() + this.o.flushTimeoutMs;
    try {
      while (Date.now() < until && (await this.publishBatch()) > 0) {}
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'outbox relay: final flush incomplete; rows stay for the next start');
    }
    this.listener.close();
  }
}
