import { createClient } from '@clickhouse/client';

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

  constructor(url: string) {
    this.client = createClient({ url, request_timeout: 30_000, clickhouse_settings: { date_time_output_format: 'iso' } });
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

export function openClickHouse(opts: { url?: string; dataDir: string }): ClickHouse {
  return opts.url ? new ServerClickHouse(opts.url) : new EmbeddedClickHouse(opts.dataDir);
}
