import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';

const PLATFORM_DIR = path.resolve(__dirname, '../migrations');
const FILE = /^(\d{4})_[a-z0-9_]+\.sql$/;
// Any constant works; it only has to be the same in every process migrating this database.
const LOCK_KEY = 7_226_110_335;

export interface AppliedMigration {
  scope: string;
  version: number;
  name: string;
}

/**
 * Applies forward-only SQL migrations: first the platform's (outbox, inbox), then the
 * service's own folder. Each file runs once, in its own transaction, under an advisory lock
 * so that several replicas starting together apply it once. An edited file that was already
 * applied stops the start with an error naming it.
 */
export async function migrate(pool: pg.Pool, serviceDir: string): Promise<AppliedMigration[]> {
  const client = await pool.connect();
  const applied: AppliedMigration[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      scope text NOT NULL, version integer NOT NULL, name text NOT NULL, checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (scope, version))`);
    for (const [scope, dir] of [
      ['platform', PLATFORM_DIR],
      ['service', serviceDir],
    ] as const) {
      const done = new Map<number, string>(
        (await client.query('SELECT version, checksum FROM schema_migrations WHERE scope = $1', [scope])).rows.map((r) => [
          r.version,
          r.checksum,
        ]),
      );
      for (const file of readdirSync(dir)
        .filter((f) => FILE.test(f))
        .sort()) {
        const version = Number(FILE.exec(file)![1]);
        const sql = readFileSync(path.join(dir, file), 'utf8');
        const checksum = createHash('sha256').update(sql).digest('hex');
        const previous = done.get(version);
        if (previous) {
          if (previous !== checksum) throw new Error(`migration ${scope}/${file} was changed after it was applied`);
          continue;
        }
        await client.query('BEGIN');
        try {
          await client.query(sql);
          await client.query('INSERT INTO schema_migrations (scope, version, name, checksum) VALUES ($1, $2, $3, $4)', [
            scope,
            version,
            file,
            checksum,
          ]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${scope}/${file} failed: ${(err as Error).message}`);
        }
        applied.push({ scope, version, name: file });
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    client.release();
  }
  return applied;
}
