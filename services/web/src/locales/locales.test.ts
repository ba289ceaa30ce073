import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import vi from './vi.json';

const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(e) && !/\.test\.tsx?$/.test(e) ? [p] : [];
  });

describe('the texts of the app', () => {
  it('has every text in both languages', () => {
    expect(keys(en).sort()).toEqual(keys(vi).sort());
  });

  it('has a text for every key the code names', () => {
    const known = new Set(keys(vi));
    const used = sources(path.resolve(__dirname, '..')).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z.]+)'/g)].map((m) => m[1]!),
    );
    expect(used.length).toBeGreaterThan(50);
    expect(used.filter((k) => !known.has(k))).toEqual([]);
  });
});
