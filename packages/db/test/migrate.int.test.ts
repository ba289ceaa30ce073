import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshDatabaseUrl, type TestDatabase, testPool } from '@thuocdo/testing';
import { ensureDatabase, migrate, type Pool } from '../src';

describe('migrations (real PostgreSQL)', () => {
  let db: TestDatabase;
  let pool: Pool;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'thuocdo-migrations-'));

  beforeAll(async () => {
    db = freshDatabaseUrl('migrate');
    await ensureDatabase(db.url); // creates it
    await ensureDatabase(db.url); // and is a no-op the second time
    pool = testPool(db.url);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('applies platform then service migrations once', async () => {
    writeFileSync(path.join(dir, '0001_things.sql'), 'CREATE TABLE thing (id int PRIMARY KEY);');
    const first = await migrate(pool, dir);
    expect(first.map((m) => `${m.scope}/${m.name}`)).toEqual(['platform/0001_outbox_inbox.sql', 'service/0001_things.sql']);
    expect(await migrate(pool, dir)).toEqual([]);
    const { rows } = await pool.query("SELECT to_regclass('outbox') AS o, to_regclass('inbox') AS i, to_regclass('thing') AS t");
    expect(rows[0]).toEqual({ o: 'outbox', i: 'inbox', t: 'thing' });
  });

  it('rolls back a failing file and names it', async () => {
    writeFileSync(path.join(dir, '0002_broken.sql'), 'CREATE TABLE half (id int); SELECT no_such_function();');
    await expect(migrate(pool, dir)).rejects.toThrow(/service\/0002_broken\.sql failed/);
    const { rows } = await pool.query("SELECT to_regclass('half') AS h");
    expect(rows[0].h).toBeNull();
  });

  it('refuses a file edited after it was applied', async () => {
    writeFileSync(path.join(dir, '0002_broken.sql'), 'SELECT 1;');
    expect((await migrate(pool, dir)).map((m) => m.name)).toEqual(['0002_broken.sql']);
    writeFileSync(path.join(dir, '0001_things.sql'), 'CREATE TABLE thing (id bigint PRIMARY KEY);');
    await expect(migrate(pool, dir)).rejects.toThrow(/0001_things\.sql was changed/);
  });

  it('lets concurrent starters apply each file once', async () => {
    const dir2 = mkdtempSync(path.join(os.tmpdir(), 'thuocdo-migrations-'));
    writeFileSync(path.join(dir2, '0001_counter.sql'), 'CREATE TABLE counter (n int); INSERT INTO counter VALUES (1);');
    const other = freshDatabaseUrl('migrate_race');
    await ensureDatabase(other.url);
    const p = testPool(other.url);
    try {
      await Promise.all([migrate(p, dir2), migrate(p, dir2), migrate(p, dir2)]);
      expect((await p.query('SELECT count(*)::int AS n FROM counter')).rows[0].n).toBe(1);
    } finally {
      await p.end();
      await other.drop();
    }
  });
});
