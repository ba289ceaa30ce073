import { isDependencyDown, type MigrationSet, messageOf, type Resource, runMigrations, StartupFailure } from '@thuocdo/kit';
import type pg from 'pg';
import { PLATFORM_MIGRATIONS, postgresMigrationTarget } from './migrate';
import { checkout, createPool, ensureDatabase, type PoolOptions } from './pool';

/** The variables of postgresConfigShape, as a service's config holds them. */
export interface PostgresConfig {
  DATABASE_URL: string;
  DATABASE_POOL_SIZE: number;
  DATABASE_CONNECT_TIMEOUT_MS: number;
  DATABASE_IDLE_TIMEOUT_MS: number;
  DATABASE_STATEMENT_TIMEOUT_MS: number;
  OTEL_SERVICE_NAME: string;
}

export const poolOptions = (c: PostgresConfig): PoolOptions => ({
  url: c.DATABASE_URL,
  size: c.DATABASE_POOL_SIZE,
  connectTimeoutMs: c.DATABASE_CONNECT_TIMEOUT_MS,
  idleTimeoutMs: c.DATABASE_IDLE_TIMEOUT_MS,
  statementTimeoutMs: c.DATABASE_STATEMENT_TIMEOUT_MS,
  applicationName: c.OTEL_SERVICE_NAME,
  // The service's relay runs beside its writers and is woken in-process (onOutboxCommitted).
  notifyOutbox: false,
});

/**
 * The service's own database as a start-up resource: created if missing, migrated (platform
 * files, then the sets given: a shared package's, the service's `migrations/`), pooled; healthy
 * while it answers SELECT 1.
 */
export function postgres(config: PostgresConfig, ...migrations: MigrationSet[]): Resource<pg.Pool> {
  return {
    name: 'postgresql',
    async open(log) {
      await ensureDatabase(config.DATABASE_URL, config.DATABASE_CONNECT_TIMEOUT_MS);
      const pool = createPool(poolOptions(config));
      let client: pg.PoolClient | undefined;
      try {
        client = await checkout(pool);
      } catch (err) {
        await pool.end().catch(() => {});
        throw err; // not answering yet: retried
      }
      try {
        const applied = await runMigrations(postgresMigrationTarget(client), [PLATFORM_MIGRATIONS, ...migrations]);
        if (applied.length) log.info({ applied: applied.map((m) => `${m.scope}/${m.name}`) }, 'migrations applied');
        client.release();
        return pool;
      } catch (err) {
        client.release(true);
        await pool.end().catch(() => {});
        if (isDependencyDown(err)) throw err;
        throw new StartupFailure(`postgresql: ${messageOf(err)}`);
      }
    },
    check: (pool) => pool.query('SELECT 1'),
    close: (pool) => pool.end(),
  };
}
