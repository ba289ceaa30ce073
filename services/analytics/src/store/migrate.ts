import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ClickHouse } from './clickhouse';

const FILE = /^(\d{4})_[a-z0-9_]+\.sql$/;

/** Splits a migration file into statements (statements end with ";" at the end of a line). */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
}

/**
 * Forward-only ClickHouse migrations: numbered files applied once, recorded in
 * schema_migrations. A partly applied file is re-run from the start, so statements use
 * names that make a re-run fail loudly rather than silently differ.
 */
export async function migrateClickHouse(ch: ClickHouse, dir: string): Promise<string[]> {
  await ch.command(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, applied_at DateTime DEFAULT now())
     ENGINE = MergeTree ORDER BY version`,
  );
  const done = new Set((await ch.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
  const applied: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => FILE.test(f))
    .sort()) {
    const version = Number(FILE.exec(file)![1]);
    if (done.has(version)) continue;
    for (const statement of splitStatements(readFileSync(path.join(dir, file), 'utf8'))) await ch.command(statement);
    await ch.insert('schema_migrations', [{ version, name: file }]);
    applied.push(file);
  }
  return applied;
}
