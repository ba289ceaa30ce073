import { hostname } from 'node:os';
import { assetPath, isDependencyDown, type Logger, type MigrationSet, type MigrationTarget, runMigrations } from '@thuocdo/kit';
import type { ClickHouse } from './clickhouse';

export const ANALYTICS_MIGRATIONS: MigrationSet = { scope: 'service', dir: assetPath('services/analytics/migrations') };

/** Splits a migration file into statements (statements end with ";" at the end of a line). */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ClickHouseLockOptions {
  /** A lock older than this is taken to be left by a process that died, and broken. */
  staleAfterMs: number;
  /** How long to wait for another process's lock before giving up (the start-up retries). */
  waitMs: number;
}

/**
 * The ClickHouse side of the migration runner. ClickHouse has no advisory locks: creating a
 * table is atomic, so the lock is the table schema_migrations_lock, created by whoever holds
 * it and dropped on release; a lock older than `staleAfterMs` is broken. Statements of a file
 * run one by one (no transactions): a file that failed half-way is run again from the start,
 * so migrations use IF NOT EXISTS where ClickHouse allows it.
 */
export function clickhouseMigrationTarget(ch: ClickHouse, o: ClickHouseLockOptions): MigrationTarget {
  const owner = `${hostname()}:${process.pid}`;
  return {
    async lock() {
      const until = Date.now() + o.waitMs;
      for (;;) {
        try {
          await ch.command("CREATE TABLE schema_migrations_lock (owner String, acquired_at DateTime64(3, 'UTC')) ENGINE = Memory");
          await ch.insert('schema_migrations_lock', [{ owner, acquired_at: new Date().toISOString().replace('T', ' ').replace('Z', '') }]);
          break;
        } catch (err) {
          if (isDependencyDown(err) || !/TABLE_ALREADY_EXISTS|already exists/i.test(String((err as Error).message))) throw err;
          const [held] = await ch.query<{ owner: string; age_ms: number }>(
            "SELECT owner, toUInt64(dateDiff('millisecond', acquired_at, now64(3))) AS age_ms FROM schema_migrations_lock LIMIT 1",
          );
          if (!held || Number(held.age_ms) > o.staleAfterMs) {
            await ch.command('DROP TABLE IF EXISTS schema_migrations_lock');
            continue;
          }
          if (Date.now() > until) throw new Error(`ClickHouse migrations are locked by ${held.owner}`);
          await sleep(500);
        }
      }
      await ch.command(`CREATE TABLE IF NOT EXISTS schema_migrations
        (scope String DEFAULT 'service', version UInt32, name String, checksum String DEFAULT '', applied_at DateTime DEFAULT now())
        ENGINE = MergeTree ORDER BY (scope, version)`);
      // Tables created before the runner kept scopes and checksums.
      await ch.command("ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS scope String DEFAULT 'service'");
      await ch.command("ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum String DEFAULT ''");
      return async () => {
        await ch.command('DROP TABLE IF EXISTS schema_migrations_lock').catch(() => {});
      };
    },
    async applied(scope) {
      const rows = await ch.query<{ version: number; checksum: string }>(
        'SELECT version, any(checksum) AS checksum FROM schema_migrations WHERE scope = {scope:String} GROUP BY version',
        { scope },
      );
      return new Map(rows.map((r) => [Number(r.version), r.checksum]));
    },
    async apply(file) {
      for (const statement of splitStatements(file.sql)) await ch.command(statement);
      await ch.insert('schema_migrations', [{ scope: file.scope, version: file.version, name: file.name, checksum: file.checksum }]);
    },
  };
}

export async function migrateClickHouse(
  ch: ClickHouse,
  log?: Logger,
  lock: ClickHouseLockOptions = { staleAfterMs: 600_000, waitMs: 30_000 },
) {
  const applied = await runMigrations(clickhouseMigrationTarget(ch, lock), [ANALYTICS_MIGRATIONS]);
  if (applied.length) log?.info({ applied: applied.map((m) => m.name) }, 'clickhouse migrations applied');
  return applied;
}
