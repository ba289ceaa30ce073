import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * A uniquely named database on the real PostgreSQL that does not exist yet (for code that
 * creates its own database); drop() removes it, whoever created it.
 */
export function freshDatabaseUrl(prefix = 'test'): TestDatabase {
  const name = `thuocdo_${prefix.replace(/[^a-z0-9]/g, '_')}_${randomBytes(4).toString('hex')}`;
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}) };
}

/** Creates an empty, uniquely named database; drop() removes it. */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const db = freshDatabaseUrl(prefix);
  await admin((c) => c.query(`CREATE DATABASE ${db.name}`));
  return db;
}

/** A small pool on a test database, with the defaults the services use. */
export function testPool(url: string): import('pg').Pool {
  const { createPool } = require('@thuocdo/db') as typeof import('@thuocdo/db');
  return createPool({
    url,
    size: 5,
    connectTimeoutMs: 3000,
    idleTimeoutMs: 10_000,
    statementTimeoutMs: 0,
    applicationName: 'thuocdo-test',
  });
}

/** A throwaway database with the platform's and a service's migrations applied, and a pool on it. */
export async function migratedTestDatabase(
  prefix: string,
  serviceMigrations: string,
  others: import('@thuocdo/kit').MigrationSet[] = [],
): Promise<{ pool: import('pg').Pool; close(): Promise<void> }> {
  const { migrate } = require('@thuocdo/db') as typeof import('@thuocdo/db');
  const db = await createTestDatabase(prefix);
  const pool = testPool(db.url);
  await migrate(pool, serviceMigrations, others);
  return {
    pool,
    async close() {
      await pool.end();
      await db.drop();
    },
  };
}
