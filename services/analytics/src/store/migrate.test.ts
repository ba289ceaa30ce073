import { readFileSync } from 'node:fs';
import path from 'node:path';
import { splitStatements } from './migrate';

describe('splitStatements', () => {
  it('splits on statement ends and drops comments', () => {
    expect(splitStatements('-- a table\nCREATE TABLE a (x UInt8) ENGINE = Memory;\n\nSELECT 1;\n')).toEqual([
      'CREATE TABLE a (x UInt8) ENGINE = Memory',
      'SELECT 1',
    ]);
  });
  it('finds every statement of the first migration', () => {
    const sql = readFileSync(path.resolve(__dirname, '../../migrations/0001_work_log.sql'), 'utf8');
    expect(splitStatements(sql).map((s) => s.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'CREATE TABLE work_log_fact',
      'CREATE TABLE agency_daily_work',
      'CREATE MATERIALIZED VIEW',
      'CREATE TABLE agency_dim',
    ]);
  });
});
