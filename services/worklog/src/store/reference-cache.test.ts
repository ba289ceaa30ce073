import { ReferenceCache } from './reference-cache';

describe('ReferenceCache', () => {
  afterEach(() => jest.useRealTimers());

  it('keeps references per tenant until they expire', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const cache = new ReferenceCache(30_000, 1000);
    cache.rememberOfficial('t1', 'o1', { agencyId: 'a1', unitId: 'u1' });
    cache.rememberWorkItem('t1', 'w1');
    expect(cache.official('t1', 'o1')).toEqual({ agencyId: 'a1', unitId: 'u1' });
    expect(cache.official('t2', 'o1')).toBeUndefined();
    expect(cache.workItemKnown('t1', 'w1')).toBe(true);
    expect(cache.workItemKnown('t2', 'w1')).toBe(false);
    jest.setSystemTime(1_000_000 + 30_001);
    expect(cache.official('t1', 'o1')).toBeUndefined();
    expect(cache.workItemKnown('t1', 'w1')).toBe(false);
  });

  it('holds at most maxEntries, dropping the oldest', () => {
    const cache = new ReferenceCache(30_000, 2);
    for (const id of ['o1', 'o2', 'o3']) cache.rememberOfficial('t', id, { agencyId: 'a', unitId: 'u' });
    expect(cache.official('t', 'o1')).toBeUndefined();
    expect(cache.official('t', 'o3')).toBeDefined();
  });
});
