import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshDatabaseUrl, testPool } from '@thuocdo/testing';
import { ensureDatabase, migrate, type Pool } from '../src';

/** A database and a migrations folder of a test's own. */
async function scratch(files: Record<string, string>) {
  const db = freshDatabaseUrl('migrate');
  await ensureDatabase(db.url); // creates it
  await ensureDatabase(db.url); // and is a no-op the second time
  const pool: Pool = testPool(db.url);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'thuocdo-migrations-'));
  const write = (f: Record<string, string>) => {
    for (const [name, sql] of Object.entries(f)) writeFileSync(path.join(dir, name), sql);
  };
  write(files);
  return {
    pool,
    dir,
    write,
    async done() {
      await pool.end();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('migrations (real PostgreSQL)', () => {
  it('applies platform then service migrations once', async () => {
    const s = await scratch({ '0001_things.sql': 'CREATE TABLE thing (id int PRIMARY KEY);' });
    try {
      const first = await migrate(s.pool, s.dir);
      expect(first.map((m) => `${m.scope}/${m.name}`)).toEqual([
        'platform/0001_outbox_inbox.sql',
        'platform/0002_audit_log.sql',
        'platform/0003_outbox_notify_optional.sql',
        'service/0001_things.sql',
      ]);
      expect(await migrate(s.pool, s.dir)).toEqual([]);
      const { rows } = await s.pool.query("SELECT to_regclass('outbox') AS o, to_regclass('inbox') AS i, to_regclass('thing') AS t");
      expect(rows[0]).toEqual({ o: 'outbox', i: 'inbox', t: 'thing' });
    } finally {
      await s.done();
    }
  });

  it('rolls back a failing file and names it', async () => {
    const s = await scratch({ '0001_broken.sql': 'CREATE TABLE half (id int); SELECT no_such_function();' });
    try {
      await expect(migrate(s.pool, s.dir)).rejects.toThrow(/service\/0001_broken\.sql failed/);
      const { rows } = await s.pool.query("SELECT to_regclass('half') AS h");
      expect(rows[0].h).toBeNull();
    } finally {
      await s.done();
    }
  });

  it('refuses a file edited after it was applied', async () => {
    const s = await scratch({ '0001_things.sql': 'CREATE TABLE thing (id int PRIMARY KEY);' });
    try {
      await migrate(s.pool, s.dir);
      s.write({ '0001_things.sql': 'CREATE TABLE thing (id bigint PRIMARY KEY);' });
      await expect(migrate(s.pool, s.dir)).rejects.toThrow(/0001_things\.sql was changed/);
    } finally {
      await s.done();
    }
  });

  it('refuses a folder with two files of one version, or a badly named file', async () => {
    const s = await scratch({ '0001_a.sql': 'SELECT 1;', '0001_b.sql': 'SELECT 1;' });
    try {
      await expect(migrate(s.pool, s.dir)).rejects.toThrow(/version 0001 is used twice/);
      rmSync(path.join(s.dir, '0001_b.sql'));
      s.write({ 'add-things.sql': 'SELECT 1;' });
      await expect(migrate(s.pool, s.dir)).rejects.toThrow(/add-things\.sql: name must be NNNN_description\.sql/);
    } finally {
      await s.done();
    }
  });

  it('lets concurrent starters apply each file once', async () => {
    const s = await scratch({ '0001_counter.sql': 'CREATE TABLE counter (n int); INSERT INTO counter VALUES (1);' });
    try {
      await Promise.all([migrate(s.pool, s.dir), migrate(s.pool, s.dir), migrate(s.pool, s.dir)]);
      expect((await s.pool.query('SELECT count(*)::int AS n FROM counter')).rows[0].n).toBe(1);
    } finally {
      await s.done();
    }
  });
});
