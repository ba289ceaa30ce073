import fc from 'fast-check';
import { decodeMergeToken, encodeMergeToken, mergePages, type SourcePage, startState } from './merged-pages';

/** A source that pages a sorted list (descending numbers) with tokens that are offsets. */
function source(name: string, values: number[]) {
  const sorted = [...values].sort((a, b) => b - a);
  return (token: string, size: number): SourcePage<{ v: number; s: string }> => {
    const from = token ? Number(token) : 0;
    const items = sorted.slice(from, from + size).map((v) => ({ v, s: name }));
    return { source: name, items, nextToken: from + size < sorted.length ? String(from + size) : '' };
  };
}

describe('pages merged from several services', () => {
  it('hands out every item of every source exactly once, in order, whatever the page size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 30 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 7 }),
        (lists, size) => {
          const names = lists.map((_, i) => `s${i}`);
          const sources = Object.fromEntries(names.map((n, i) => [n, source(n, lists[i])]));
          const seen: { v: number; s: string }[] = [];
          let token = '';
          for (let guard = 0; guard < 500; guard++) {
            const state = decodeMergeToken(token, names);
            const pages = names.filter((n) => !state[n].done).map((n) => sources[n](state[n].token, state[n].skip + size));
            const { items, next } = mergePages(state, pages, size, (a, b) => b.v - a.v);
            expect(items.length).toBeLessThanOrEqual(size);
            seen.push(...items);
            token = encodeMergeToken({ ...state, ...next });
            if (!token) break;
          }
          expect(seen.map((x) => x.v)).toEqual(lists.flat().sort((a, b) => b - a));
          // Nothing handed out twice: per source, the count matches.
          for (const [i, n] of names.entries()) expect(seen.filter((x) => x.s === n).length).toBe(lists[i].length);
        },
      ),
    );
  });

  it('refuses a token that is not one of its own', () => {
    expect(() => decodeMergeToken('not-base64-json', ['a'])).toThrow(/page_token/);
    expect(() => decodeMergeToken(Buffer.from('{"a":{"token":"","skip":-1,"done":false}}').toString('base64url'), ['a'])).toThrow(
      /page_token/,
    );
    expect(decodeMergeToken('', ['a', 'b'])).toEqual(startState(['a', 'b']));
  });
});
