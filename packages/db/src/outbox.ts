import type { AuditRecord } from '@thuocdo/kit';
import { WriteConflict } from '@thuocdo/kit';
import { currentTraceparent } from '@thuocdo/telemetry';
import type pg from 'pg';
import { AUDIT_COLUMNS, AUDIT_INSERT, auditPlaceholders, auditValues } from './audit';
import { markOutboxWritten, outboxCommitted, withTransaction } from './pool';

export interface OutboxRecord {
  eventId: string;
  topic: string;
  /** Kafka key: the aggregate id, so one aggregate's events share a partition. */
  key: string;
  /** Encoded thuocdo.events.v1.EventEnvelope. */
  envelope: Uint8Array;
}

/** One SQL statement of a write; `name` makes it a prepared statement, parsed once per connection. */
export interface Statement {
  name?: string;
  text: string;
  values: unknown[];
  /** The rows it must change (a multi-row insert); at least one when not given. */
  rows?: number;
  /**
   * Single-statement writes only: further data-modifying CTEs (`name AS (…), …`) run in the same
   * statement, reading the statement's RETURNING rows as `written` (a counter kept beside the row).
   */
  followedBy?: string;
  /** Single-statement writes only: an expression over those CTEs that the write answers. */
  result?: string;
}

/**
 * The trace an outbox row written now carries (the caller's, as W3C traceparent), for stores that
 * insert outbox rows in statements of their own and must take it in the caller's context.
 */
export const outboxTraceparent = (): string | null => currentTraceparent() ?? null;

/** Adds events to the outbox inside the caller's transaction. */
export async function writeOutbox(client: pg.PoolClient, records: OutboxRecord[]): Promise<void> {
  if (records.length) markOutboxWritten(client);
  const traceparent = currentTraceparent() ?? null;
  for (const chunk of chunks(records)) {
    const values: unknown[] = [];
    const rows = chunk.map((r, i) => {
      values.push(r.eventId, r.topic, r.key, Buffer.from(r.envelope), traceparent);
      const b = i * 5;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`;
    });
    await client.query(`INSERT INTO outbox (event_id, topic, message_key, envelope, traceparent) VALUES ${rows.join(', ')}`, values);
  }
}

/** Adds audit rows inside the caller's transaction. */
export async function writeAudit(client: pg.PoolClient, records: AuditRecord[]): Promise<void> {
  for (const chunk of chunks(records)) {
    const values = chunk.flatMap(auditValues);
    const rows = chunk.map((_, i) => auditPlaceholders(i * AUDIT_COLUMNS + 1));
    await client.query(`${AUDIT_INSERT} VALUES ${rows.join(', ')}`, values);
  }
}

/** Rows per multi-row INSERT: PostgreSQL takes at most 65,535 parameters in one statement. */
const ROWS_PER_INSERT = 1000;

function* chunks<T>(items: T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += ROWS_PER_INSERT) yield items.slice(i, i + ROWS_PER_INSERT);
}

/**
 * Unique and foreign-key violations, and deadlocks: the state a decision was made on changed
 * underneath it. Stores that write through their own transaction map errors with it too.
 */
export function conflictOf(err: unknown): WriteConflict | undefined {
  const e = err as { code?: string; constraint?: string } | null;
  if (e?.code === '23505' || e?.code === '23503') return new WriteConflict(e.constraint ?? 'unknown');
  if (e?.code === '40P01') return new WriteConflict('deadlock');
  // A check named *_within_limit guards a total that concurrent writers could pass together.
  if (e?.code === '23514' && e.constraint?.endsWith('_within_limit')) return new WriteConflict(e.constraint);
  return undefined;
}

/**
 * The one way a store persists a change: the entity's statements, its outbox rows and its audit
 * rows, in one transaction. Every statement must change a row (an `INSERT … ON CONFLICT DO NOTHING` that
 * inserted nothing, or an `UPDATE … WHERE version = $n` that matched nothing, is a lost race),
 * and a unique or foreign-key violation is one too: both throw WriteConflict, and the command
 * runner reads again and lets the domain decide. A change of one statement (which must end
 * with RETURNING) goes in one round trip: the outbox rows are inserted from its result.
 */
export class EntityWriter {
  /** The combined SQL of a named statement and n events, built once. */
  private readonly texts = new Map<string, string>();

  constructor(private readonly pool: pg.Pool) {}

  async write(statements: Statement[], events: OutboxRecord[], audit: AuditRecord[] = []): Promise<void> {
    try {
      if (statements.length === 1 && events.length > 0 && audit.length <= 1) {
        await this.writeOne(statements[0], events, audit[0]);
        return;
      }
      if (statements.some((s) => s.followedBy || s.result))
        throw new Error('EntityWriter: then/result need a single statement with events');
      await withTransaction(this.pool, async (c) => {
        for (const s of statements) {
          const { rowCount } = await c.query(
            s.name ? { name: s.name, text: s.text, values: s.values } : { text: s.text, values: s.values },
          );
          if (s.rows === undefined ? !rowCount : rowCount !== s.rows) throw new WriteConflict(s.name ?? 'statement');
        }
        await writeOutbox(c, events);
        await writeAudit(c, audit);
      });
    } catch (err) {
      throw conflictOf(err) ?? err;
    }
  }

  /** One statement with its events and audit row, in one round trip; answers the statement's `result`. */
  async writeOneWithResult(statement: Statement, events: OutboxRecord[], audit?: AuditRecord): Promise<unknown> {
    if (!events.length) throw new Error('EntityWriter: a write with a result needs its events');
    try {
      return await this.writeOne(statement, events, audit);
    } catch (err) {
      throw conflictOf(err) ?? err;
    }
  }

  private combined(s: Statement, events: number, audited: boolean): string {
    const key = s.name ? `${s.name}+outbox${events}${audited ? '+audit' : ''}` : undefined;
    const cached = key && this.texts.get(key);
    if (cached) return cached;
    const n = s.values.length;
    const traceparent = `$${n + 1}`;
    // One row of parameters per event (bytea travels as binary, not as an escaped array literal).
    const rows = Array.from({ length: events }, (_, i) => {
      const b = n + 2 + i * 4;
      return `($${b}::uuid, $${b + 1}, $${b + 2}, $${b + 3}::bytea, ${traceparent})`;
    });
    const auditFirst = n + 2 + events * 4;
    const audit = audited
      ? `, audited AS (${AUDIT_INSERT} SELECT * FROM (VALUES ${auditPlaceholders(auditFirst)}) AS a WHERE EXISTS (SELECT 1 FROM written))`
      : '';
    const text = `WITH written AS (${s.text})${s.followedBy ? `, ${s.followedBy}` : ''}${audit}
        INSERT INTO outbox (event_id, topic, message_key, envelope, traceparent)
        SELECT e.* FROM (VALUES ${rows.join(', ')}) AS e(event_id, topic, message_key, envelope, traceparent)
         WHERE EXISTS (SELECT 1 FROM written)${s.result ? ` RETURNING (${s.result}) AS result` : ''}`;
    if (key) this.texts.set(key, text);
    return text;
  }

  private async writeOne(s: Statement, events: OutboxRecord[], audit: AuditRecord | undefined): Promise<unknown> {
    const values = s.values.concat(currentTraceparent() ?? null);
    for (const e of events)
      values.push(e.eventId, e.topic, e.key, Buffer.from(e.envelope.buffer, e.envelope.byteOffset, e.envelope.byteLength));
    if (audit) values.push(...auditValues(audit));
    const { rowCount, rows } = await this.pool.query({
      name: s.name ? `${s.name}+outbox${events.length}${audit ? '+audit' : ''}` : undefined,
      text: this.combined(s, events.length, audit !== undefined),
      values,
    });
    if (rowCount !== events.length) throw new WriteConflict(s.name ?? 'statement');
    outboxCommitted(this.pool);
    return rows[0]?.result;
  }
}

/** Records an event as applied by a consumer group; false when it was applied before. */
export async function claimInbox(client: pg.PoolClient, group: string, eventId: string, topic: string): Promise<boolean> {
  const { rowCount } = await client.query(
    'INSERT INTO inbox (consumer_group, event_id, topic) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [group, eventId, topic],
  );
  return rowCount === 1;
}
