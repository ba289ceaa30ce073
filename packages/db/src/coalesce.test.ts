import { Coalescer } from './coalesce';

/** A batch runner whose batches finish when the test says so. */
function runner() {
  const batches: { items: string[]; finish: (results?: (string | Error)[]) => void; fail: (e: Error) => void }[] = [];
  const run = (items: string[]) =>
    new Promise<(string | Error)[]>((resolve, reject) =>
      batches.push({ items, finish: (results) => resolve(results ?? items.map((x) => `ok ${x}`)), fail: reject }),
    );
  return { batches, run };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('Coalescer', () => {
  it('runs a write alone at once, and the writes that came meanwhile together when a batch finishes', async () => {
    const { batches, run } = runner();
    const c = new Coalescer<string, string>({ name: 'test', maxInFlight: 1, maxBatch: 10, keysOf: (x) => [x], run });
    const first = c.submit('a');
    expect(batches.map((b) => b.items)).toEqual([['a']]);
    const rest = ['b', 'c', 'd'].map((x) => c.submit(x));
    expect(c.pending).toEqual({ queued: 3, running: 1 });
    batches[0].finish();
    expect(await first).toBe('ok a');
    await tick();
    expect(batches.map((b) => b.items)).toEqual([['a'], ['b', 'c', 'd']]);
    batches[1].finish();
    expect(await Promise.all(rest)).toEqual(['ok b', 'ok c', 'ok d']);
    expect(c.pending).toEqual({ queued: 0, running: 0 });
  });

  it('keeps writes with a key in common in different batches, in the order they came, and batches at most maxBatch', async () => {
    const { batches, run } = runner();
    const c = new Coalescer<string, string>({ name: 'test', maxInFlight: 1, maxBatch: 2, keysOf: (x) => [x[0]], run });
    const all = ['a1', 'a2', 'b1', 'c1', 'a3'].map((x) => c.submit(x));
    for (let i = 0; i < 4; i++) {
      await tick();
      batches[i]?.finish();
    }
    await Promise.all(all);
    expect(batches.map((b) => b.items)).toEqual([['a1'], ['a2', 'b1'], ['c1', 'a3']]);
  });

  it('answers each write with its own result or error, and fails a whole batch whose run fails', async () => {
    const { batches, run } = runner();
    const c = new Coalescer<string, string>({ name: 'test', maxInFlight: 2, maxBatch: 10, keysOf: (x) => [x], run });
    const a = c.submit('a');
    const b = c.submit('b');
    const rest = ['c', 'd'].map((x) => c.submit(x));
    expect(batches.map((x) => x.items)).toEqual([['a'], ['b']]);
    batches[0].finish([new Error('refused a')]);
    await expect(a).rejects.toThrow('refused a');
    await tick();
    batches[1].fail(new Error('connection lost'));
    await expect(b).rejects.toThrow('connection lost');
    await tick();
    expect(batches[2].items).toEqual(['c', 'd']);
    batches[2].finish(['ok c', new Error('refused d')]);
    expect(await Promise.allSettled(rest)).toEqual([
      { status: 'fulfilled', value: 'ok c' },
      { status: 'rejected', reason: new Error('refused d') },
    ]);
  });
});
