import { type ChainEntry, GENESIS, nextEntry, sha256, verifyChain } from './chain';

const OFFICIALS = ['0190f3a2-1111-7aaa-8bbb-000000000001', '0190f3a2-1111-7aaa-8bbb-000000000002'];
const digest = (official: string) => sha256(`result of ${official}`);

function chain(): ChainEntry[] {
  const out: ChainEntry[] = [];
  const add = (kind: ChainEntry['kind'], officialId: string, total: number) =>
    out.push(
      nextEntry(out.at(-1), {
        tenantId: 't',
        kind,
        period: '2026-11',
        officialId,
        total,
        grade: 'GOOD',
        packCode: 'ND335-2025',
        packVersion: 1,
        resultDigest: digest(officialId),
        by: 'hr-1',
        at: new Date(Date.UTC(2026, 11, out.length + 1)),
      }),
    );
  add('APPROVED', OFFICIALS[0], 8500);
  add('APPROVED', OFFICIALS[1], 7600);
  add('WITHDRAWN', OFFICIALS[1], 7600);
  return out;
}
const stored = (_period: string, officialId: string) => (officialId === OFFICIALS[0] ? digest(officialId) : undefined);

describe('the chain of approved results', () => {
  it('links each entry to the one before, from the genesis hash', () => {
    const c = chain();
    expect(c.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(c[0].prevHash).toBe(GENESIS);
    expect(c[1].prevHash).toBe(c[0].hash);
    expect(new Set(c.map((e) => e.hash)).size).toBe(3);
    expect(verifyChain(c, stored)).toEqual([]);
  });

  it('finds an entry changed, one removed, the order changed, and a standing approval whose stored result changed or went', () => {
    const changed = chain();
    changed[0] = { ...changed[0], total: 9500 };
    expect(verifyChain(changed, stored)).toEqual([{ seq: 1, problem: 'content does not match its hash' }]);
    const removed = chain().filter((e) => e.seq !== 2);
    expect(verifyChain(removed, stored).map((p) => p.seq)).toEqual([3, 3]);
    const swapped = chain();
    [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
    expect(verifyChain(swapped, stored).length).toBeGreaterThan(0);
    // Official 0's approval stands: a different or missing stored result is found; official 1's was withdrawn.
    expect(verifyChain(chain(), () => sha256('something else'))).toEqual([
      { seq: 1, problem: 'the stored result differs from the one approved' },
    ]);
    expect(verifyChain(chain(), () => undefined)).toEqual([{ seq: 1, problem: 'the approved result is gone' }]);
  });

  it('finds an entry rewritten with a fresh hash of its own (the next one no longer follows)', () => {
    const c = chain();
    const { hash: _, ...content } = c[0];
    const forged = nextEntry(undefined, { ...content, total: 9900 });
    c[0] = forged;
    expect(verifyChain(c, stored)).toEqual([{ seq: 2, problem: 'does not follow the entry before it' }]);
  });
});
