import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDependencyDown } from './errors';
import { StartupFailure } from './lifecycle';

/**
 * One migration runner for every store (PostgreSQL and ClickHouse): forward-only files
 * `NNNN_description.sql`, applied once each, in order, under a lock so that replicas starting
 * together apply each file once, and recorded with a checksum so that a file edited after it
 * was applied stops the start naming it. Each store supplies a MigrationTarget.
 */

export interface MigrationFile {
  scope: string;
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export interface AppliedMigration {
  scope: string;
  version: number;
  name: string;
}

export interface MigrationTarget {
  /** Takes the store-wide migration lock; resolves with its release. */
  lock(): Promise<() => Promise<void>>;
  /** version → checksum of what this scope has applied. */
  applied(scope: string): Promise<Map<number, string>>;
  /** Runs one file and records it (in one transaction where the store has them). */
  apply(file: MigrationFile): Promise<void>;
}

/** A set of files: `scope` names it in the record (for example "platform" or "service"). */
export interface MigrationSet {
  scope: string;
  dir: string;
}

const FILE = /^(\d{4})_[a-z0-9_]+\.sql$/;

export function readMigrations(set: MigrationSet): MigrationFile[] {
  if (!existsSync(set.dir)) return [];
  const files: MigrationFile[] = [];
  const seen = new Set<number>();
  for (const name of readdirSync(set.dir).sort()) {
    const m = FILE.exec(name);
    if (!m) {
      if (name.endsWith('.sql')) throw new StartupFailure(`migration ${set.scope}/${name}: name must be NNNN_description.sql`);
      continue;
    }
    const version = Number(m[1]);
    if (seen.has(version)) throw new StartupFailure(`migration ${set.scope}/${name}: version ${m[1]} is used twice`);
    seen.add(version);
    const sql = readFileSync(path.join(set.dir, name), 'utf8');
    files.push({ scope: set.scope, version, name, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return files;
}

export async function runMigrations(target: MigrationTarget, sets: MigrationSet[]): Promise<AppliedMigration[]> {
  const files = sets.flatMap(readMigrations);
  const release = await target.lock();
  const applied: AppliedMigration[] = [];
  try {
    for (const set of sets) {
      const done = await target.applied(set.scope);
      for (const file of files.filter((f) => f.scope === set.scope)) {
        const previous = done.get(file.version);
        if (previous !== undefined) {
          // An empty checksum was recorded before the store kept checksums: nothing to compare.
          if (previous !== '' && previous !== file.checksum)
            throw new StartupFailure(`migration ${file.scope}/${file.name} was changed after it was applied`);
          continue;
        }
        try {
          await target.apply(file);
        } catch (err) {
          if (isDependencyDown(err)) throw err;
          throw new StartupFailure(`migration ${file.scope}/${file.name} failed: ${(err as Error).message}`);
        }
        applied.push({ scope: file.scope, version: file.version, name: file.name });
      }
    }
  } finally {
    await release();
  }
  return applied;
}
