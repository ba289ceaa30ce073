import { currentTraceparent } from '@thuocdo/telemetry';
import type pg from 'pg';

export interface OutboxRecord {
  eventId: string;
  topic: string;
  /** Kafka key: the aggregate id, so one aggregate's events share a partition. */
  key: string;
  /** Encoded thuocdo.events.v1.EventEnvelope. */
  envelope: Uint8Array;
}

/** Adds events to the outbox inside the caller's transaction. */
export async function writeOutbox(client: pg.PoolClient, records: OutboxRecord[]): Promise<void> {
  if (records.length === 0) return;
  const traceparent = currentTraceparent() ?? null;
  const values: unknown[] = [];
  const rows = records.map((r, i) => {
    values.push(r.eventId, r.topic, r.key, Buffer.from(r.envelope), traceparent);
    const b = i * 5;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`;
  });
  await client.query(`INSERT INTO outbox (event_id, topic, message_key, envelope, traceparent) VALUES ${rows.join(', ')}`, values);
}

/**
 * SQL that adds one event to the outbox for each row of `source` (a CTE name), for writers
 * that put the state change and its event in one statement: one round trip, one implicit
 * transaction. Placeholders start at $firstParam.
 */
export function outboxInsertFrom(source: string, record: OutboxRecord, firstParam: number): { sql: string; params: unknown[] } {
  const p = (i: number) => `$${firstParam + i}`;
  return {
    sql: `INSERT INTO outbox (event_id, topic, message_key, envelope, traceparent)
          SELECT ${p(0)}::uuid, ${p(1)}, ${p(2)}, ${p(3)}::bytea, ${p(4)} FROM ${source}`,
    params: [record.eventId, record.topic, record.key, Buffer.from(record.envelope), currentTraceparent() ?? null],
  };
}

/** Records an event as applied by a consumer group; false when it was applied before. */
export async function claimInbox(client: pg.PoolClient, group: string, eventId: string, topic: string): Promise<boolean> {
  const { rowCount } = await client.query(
    'INSERT INTO inbox (consumer_group, event_id, topic) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [group, eventId, topic],
  );
  return rowCount === 1;
}
