import { ReferenceCache } from './reference-cache';

describe('ReferenceCache', () => {
  afterEach(() => jest.useRealTimers());

  it('keeps work items per tenant until they expire', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const cache = new ReferenceCache(30_000, 1000);
    cache.rememberWorkItem('t1', 'w1');
    expect(cache.workItemKnown('t1', 'w1')).toBe(true);
    expect(cache.workItemKnown('t2', 'w1')).toBe(false);
    jest.setSystemTime(1_000_000 + 30_001);
    expect(cache.workItemKnown('t1', 'w1')).toBe(false);
  });

  it('holds at most maxEntries, dropping the oldest', () => {
    const cache = new ReferenceCache(30_000, 2);
    for (const id of ['w1', 'w2', 'w3']) cache.rememberWorkItem('t', id);
    expect(cache.workItemKnown('t', 'w1')).toBe(false);
    expect(cache.workItemKnown('t', 'w3')).toBe(true);
  });
});
