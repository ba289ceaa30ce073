import { assetPath, type MigrationSet, type MigrationTarget, runMigrations } from '@thuocdo/kit';
import type pg from 'pg';
import { checkout } from './pool';

/** Outbox and inbox: applied to every service database before the service's own files. */
export const PLATFORM_MIGRATIONS: MigrationSet = { scope: 'platform', dir: assetPath('packages/db/migrations') };

// Any constant works; it only has to be the same in every process migrating this database.
const LOCK_KEY = 7_226_110_335;

/** The PostgreSQL side of the migration runner: an advisory lock, one transaction per file. */
export function postgresMigrationTarget(client: pg.PoolClient): MigrationTarget {
  return {
    async lock() {
      await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        scope text NOT NULL, version integer NOT NULL, name text NOT NULL, checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (scope, version))`);
      return async () => {
        await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
      };
    },
    async applied(scope) {
      const { rows } = await client.query('SELECT version, checksum FROM schema_migrations WHERE scope = $1', [scope]);
      return new Map(rows.map((r) => [r.version, r.checksum]));
    },
    async apply(file) {
      await client.query('BEGIN');
      try {
        await client.query(file.sql);
        await client.query('INSERT INTO schema_migrations (scope, version, name, checksum) VALUES ($1, $2, $3, $4)', [
          file.scope,
          file.version,
          file.name,
          file.checksum,
        ]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      }
    },
  };
}

/** Applies the platform's migrations, then other sets (a shared package's), then the service's own folder. */
export async function migrate(pool: pg.Pool, serviceDir: string, others: MigrationSet[] = []) {
  const client = await checkout(pool);
  try {
    return await runMigrations(postgresMigrationTarget(client), [PLATFORM_MIGRATIONS, ...others, { scope: 'service', dir: serviceDir }]);
  } finally {
    client.release();
  }
}
