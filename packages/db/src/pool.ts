import { int } from '@thuocdo/kit';
import pg from 'pg';
import { z } from 'zod';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

// int8 comes back as a string by default; counts and minutes fit in a JS number. numeric stays a
// string: quantities and scores are exact decimals.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
// Calendar dates stay "YYYY-MM-DD": a Date would put them at a midnight in some time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

/** The environment of a service that owns a PostgreSQL database. */
export const postgresConfigShape = (defaultDatabase: string) => ({
  /** The service's own database; created if missing and migrated at start. */
  DATABASE_URL: z.url().default(`postgres://postgres@127.0.0.1:5432/${defaultDatabase}`),
  DATABASE_POOL_SIZE: int(10, 1, 500),
  DATABASE_CONNECT_TIMEOUT_MS: int(3000, 100, 60_000),
  /** Idle connections are closed after this long. */
  DATABASE_IDLE_TIMEOUT_MS: int(30_000, 1000, 3_600_000),
  /** A statement running longer is cancelled by the server (0: no limit). */
  DATABASE_STATEMENT_TIMEOUT_MS: int(30_000, 0, 3_600_000),
});

export interface PoolOptions {
  url: string;
  size: number;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  statementTimeoutMs: number;
  applicationName: string;
  /**
   * Whether an outbox insert on these connections sends NOTIFY outbox (the platform trigger).
   * A service's own pool says no: its relay runs in the same process and is woken in-process
   * (onOutboxCommitted). PostgreSQL serializes the commits of every transaction that notifies,
   * on the whole cluster and through their WAL flush, which caps a busy writer at one commit per
   * flush. Other writers (tests, tools) keep the notification. Default: true.
   */
  notifyOutbox?: boolean;
}

export function createPool(o: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: o.url,
    max: o.size,
    connectionTimeoutMillis: o.connectTimeoutMs,
    idleTimeoutMillis: o.idleTimeoutMs,
    statement_timeout: o.statementTimeoutMs || undefined,
    // The server cancels slow statements; TCP keep-alives find a peer that went silent.
    keepAlive: true,
    application_name: o.applicationName,
    // Read by the outbox trigger (packages/db/migrations/0003_outbox_notify_optional.sql).
    ...(o.notifyOutbox === false ? { options: '-c thuocdo.outbox_notify=off' } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return pool;
}

/**
 * A client taken from the pool. A connection that breaks while the client is checked out but
 * between two queries emits 'error' on the client, which would end the process when nobody
 * listens: the failure shows in the next query instead, and the client is discarded on release.
 */
export async function checkout(pool: pg.Pool): Promise<pg.PoolClient & { broken?: boolean }> {
  const client: pg.PoolClient & { broken?: boolean } = await pool.connect();
  const onError = () => {
    client.broken = true;
  };
  client.on('error', onError);
  // The listener goes with this checkout; the next one adds its own.
  const release = client.release.bind(client);
  client.release = (destroy?: boolean | Error) => {
    client.removeListener('error', onError);
    return release(destroy);
  };
  return client;
}

const outboxListeners = new WeakMap<pg.Pool, Set<() => void>>();
const OUTBOX_WRITTEN = Symbol('outbox rows written in this transaction');

/**
 * Calls `fn` each time outbox rows written through this pool have committed (EntityWriter, or
 * writeOutbox inside withTransaction): the relay of the same process wakes at once, without a
 * NOTIFY round through PostgreSQL. Answers the function that stops it.
 */
export function onOutboxCommitted(pool: pg.Pool, fn: () => void): () => void {
  let set = outboxListeners.get(pool);
  if (!set) {
    set = new Set();
    outboxListeners.set(pool, set);
  }
  set.add(fn);
  return () => set.delete(fn);
}

/** Tells the pool's listeners that outbox rows committed. */
export function outboxCommitted(pool: pg.Pool): void {
  for (const fn of outboxListeners.get(pool) ?? []) fn();
}

/** Marks the transaction on this client as having written outbox rows (writeOutbox). */
export function markOutboxWritten(client: pg.PoolClient): void {
  (client as pg.PoolClient & { [OUTBOX_WRITTEN]?: boolean })[OUTBOX_WRITTEN] = true;
}

/** Runs fn in one transaction; commits on success, rolls back on any error. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client: pg.PoolClient & { broken?: boolean; [OUTBOX_WRITTEN]?: boolean } = await checkout(pool);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    if (client[OUTBOX_WRITTEN]) outboxCommitted(pool);
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client[OUTBOX_WRITTEN] = false;
    client.release(client.broken);
  }
}

/** Creates the database named in the URL when it does not exist (connecting to "postgres"). */
export async function ensureDatabase(connectionString: string, connectTimeoutMs = 3000): Promise<void> {
  const url = new URL(connectionString);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`DATABASE_URL: database name "${name}" must be snake_case`);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: connectTimeoutMs });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await admin.query(`CREATE DATABASE ${name}`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // created concurrently
      });
    }
  } finally {
    await admin.end();
  }
}
