import type { Pool } from '@thuocdo/db';
import type { MigrationSet } from '@thuocdo/kit';
import { migratedTestDatabase } from '@thuocdo/testing';

// What the benchmarks that run against PostgreSQL share: a throwaway database, bulk inserts and
// plan summaries.

const int = (x: number) => Math.round(x).toLocaleString('en-US');

/**
 * A throwaway PostgreSQL database with a service's migrations (as the store tests make), for a
 * benchmark: dropped by `close()`, and also when the run is interrupted (Ctrl-C, SIGTERM).
 */
export async function throwawayDatabase(
  name: string,
  migrationsDir: string,
  extra: MigrationSet[] = [],
  say: (m: string) => void = (m) => process.stdout.write(`${m}\n`),
): Promise<{ pool: Pool; close: () => Promise<void> }> {
  const db = await migratedTestDatabase(name, migrationsDir, extra);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await db.close();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      say(`\n${signal}: dropping the database…`);
      void close().finally(() => process.exit(130));
    });
  return { pool: db.pool as unknown as Pool, close };
}

/** Rows (values in the order of `columns`) inserted `batch` at a time through one JSON parameter each. */
export async function insertRows(pool: Pool, table: string, columns: string[], rows: unknown[][], batch = 2000): Promise<void> {
  for (let i = 0; i < rows.length; i += batch) {
    const objects = rows.slice(i, i + batch).map((v) => Object.fromEntries(columns.map((c, j) => [c, v[j]])));
    await pool.query(
      `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`,
      [JSON.stringify(objects)],
    );
  }
}

/** The plan's scans (index or table, with rows), sort method, and planning and execution times. */
export function planSummary(explained: any): string {
  const root = explained[0];
  const parts: string[] = [];
  const walk = (n: any) => {
    const type: string = n['Node Type'];
    const rows = n['Actual Rows'] * (n['Actual Loops'] ?? 1);
    if (type.includes('Scan')) {
      const what = n['Index Name'] ?? n['Relation Name'] ?? '';
      const loops = n['Actual Loops'] > 1 ? ` × ${int(n['Actual Loops'])} loops` : '';
      parts.push(`${type.replace(' Scan', '')} ${what} (${int(rows)} rows${loops})`);
    }
    if (n['Sort Method']) parts.push(`sort: ${n['Sort Method']}`);
    for (const c of n.Plans ?? []) walk(c);
  };
  walk(root.Plan);
  return `${parts.join('; ')} | plan ${root['Planning Time'].toFixed(2)} ms, run ${root['Execution Time'].toFixed(2)} ms`;
}
