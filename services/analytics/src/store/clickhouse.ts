import { mkdirSync } from 'node:fs';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { int, type Resource } from '@thuocdo/kit';
import { z } from 'zod';

/** Values bound server-side to {name:Type} placeholders; SQL text is never built from input. */
export type Params = Record<string, unknown>;

/**
 * The one interface analytics code talks to. Two transports run the same SQL: the embedded
 * engine (chDB, default, one data directory per process) and a ClickHouse server over HTTP.
 */
export interface ClickHouse {
  query<T>(sql: string, params?: Params): Promise<T[]>;
  /** Runs a statement that returns nothing (DDL). */
  command(sql: string): Promise<void>;
  /** Inserts rows as JSONEachRow; a repeated token makes ClickHouse drop the repeat. */
  insert(table: string, rows: object[], deduplicationToken?: string): Promise<void>;
  close(): Promise<void>;
}

/** Embedded ClickHouse (chDB). Calls are serialised: one engine connection per process. */
export class EmbeddedClickHouse implements ClickHouse {
  private session: import('chdb').Session;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    const { Session } = require('chdb') as typeof import('chdb');
    this.session = new Session(dataDir);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  query<T>(sql: string, params: Params = {}): Promise<T[]> {
    return this.serial(async () => {
      const r = await this.session.queryBindAsync(sql, params, { format: 'JSONEachRow' });
      const text = r.text();
      return text
        ? text
            .trimEnd()
            .split('\n')
            .map((l) => JSON.parse(l) as T)
        : [];
    });
  }

  command(sql: string): Promise<void> {
    return this.serial(async () => {
      await this.session.queryAsync(sql, { format: 'TSV' });
    });
  }

  insert(table: string, rows: object[], deduplicationToken?: string): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return this.serial(async () => {
      await this.session.insert({
        table,
        values: Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n')),
        format: 'JSONEachRow',
        settings: deduplicationToken ? { insert_deduplication_token: deduplicationToken } : {},
      });
    });
  }

  async close(): Promise<void> {
    await this.queue;
    this.session.close();
  }
}

/** A ClickHouse server or cluster through the official HTTP client. */
export class ServerClickHouse implements ClickHouse {
  private client: ReturnType<typeof createClient>;

  constructor(url: string, requestTimeoutMs: number) {
    this.client = createClient({
      url,
      request_timeout: requestTimeoutMs,
      clickhouse_settings: { date_time_output_format: 'iso' },
      // Failures reach the caller as errors, and the service logs them its own way (JSON, no data).
      log: { level: ClickHouseLogLevel.OFF },
    });
  }

  async query<T>(sql: string, params: Params = {}): Promise<T[]> {
    const rs = await this.client.query({ query: sql, query_params: params, format: 'JSONEachRow' });
    return rs.json<T>();
  }

  async command(sql: string): Promise<void> {
    await this.client.command({ query: sql });
  }

  async insert(table: string, rows: object[], deduplicationToken?: string): Promise<void> {
    if (rows.length === 0) return;
    await this.client.insert({
      table,
      values: rows,
      format: 'JSONEachRow',
      clickhouse_settings: deduplicationToken ? { insert_deduplication_token: deduplicationToken } : {},
    });
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

export const clickhouseConfigShape = {
  /** A ClickHouse server (http://user:password@host:8123/database); unset runs the embedded engine. */
  CLICKHOUSE_URL: z.url().optional(),
  /** Data directory of the embedded engine; one per process. */
  CHDB_PATH: z.string().min(1).default('.run/chdb/analytics'),
  CLICKHOUSE_REQUEST_TIMEOUT_MS: int(30_000, 1000, 600_000),
};
export type ClickHouseConfig = z.infer<z.ZodObject<typeof clickhouseConfigShape>>;

export function openClickHouse(c: ClickHouseConfig): ClickHouse {
  if (c.CLICKHOUSE_URL) return new ServerClickHouse(c.CLICKHOUSE_URL, c.CLICKHOUSE_REQUEST_TIMEOUT_MS);
  mkdirSync(c.CHDB_PATH, { recursive: true });
  return new EmbeddedClickHouse(c.CHDB_PATH);
}

/**
 * ClickHouse as a start-up resource: opened (a server that does not answer yet is retried),
 * migrated, healthy while it answers SELECT 1.
 */
export function clickhouse(
  c: ClickHouseConfig,
  migrate: (ch: ClickHouse, log: import('@thuocdo/kit').Logger) => Promise<void>,
): Resource<ClickHouse> {
  return {
    name: 'clickhouse',
    async open(log) {
      const ch = openClickHouse(c);
      try {
        await ch.query('SELECT 1 AS ok');
        await migrate(ch, log);
        return ch;
      } catch (err) {
        await ch.close().catch(() => {});
        throw err;
      }
    },
    check: (ch) => ch.query('SELECT 1 AS ok'),
    close: (ch) => ch.close(),
  };
}
