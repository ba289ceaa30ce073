import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import vi from './vi.json';

/** Every key of a translation file, dotted ("imports.steps.upload"), plural forms as their base key. */
function keys(o: object, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(o)) {
    const key = `${prefix}${k.replace(/_(zero|one|two|few|many|other)$/, '')}`;
    if (typeof v === 'object' && v !== null) for (const x of keys(v, `${key}.`)) out.add(x);
    else out.add(key);
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) ? [p] : [];
  });
}

describe('translations', () => {
  it('has the same keys in Vietnamese and English', () => {
    expect([...keys(en)].sort()).toEqual([...keys(vi)].sort());
  });

  it('has every key the app asks for by name', () => {
    const known = keys(vi);
    const asked = sources(path.join(__dirname, '..')).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)].map((m) => m[1]!),
    );
    expect(asked.length).toBeGreaterThan(50);
    expect(asked.filter((k) => !known.has(k))).toEqual([]);
  });
});
