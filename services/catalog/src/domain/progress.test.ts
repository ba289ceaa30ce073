import { fieldOf } from '@thuocdo/testing/src/domain-fixtures';
import fc from 'fast-check';
import { checkMeasure, type KeyResultMeasure, keyResultProgress, type ObjectiveNode, rollUp, weightedProgress } from './progress';

const kr = (start: number, target: number, current: number, extra: Partial<KeyResultMeasure> = {}): KeyResultMeasure => ({
  kind: 'NUMBER',
  direction: target >= start ? 'INCREASING' : 'DECREASING',
  start,
  target,
  current,
  ...extra,
});

describe('key result progress', () => {
  it('goes linearly from start to target', () => {
    expect([0, 25, 50, 100].map((c) => keyResultProgress(kr(0, 100, c)))).toEqual([0, 0.25, 0.5, 1]);
    expect(keyResultProgress(kr(20, 120, 45))).toBe(0.25);
  });

  it('works for decreasing targets: late dossiers from 40 down to 10', () => {
    expect([40, 30, 25, 10].map((c) => keyResultProgress(kr(40, 10, c)))).toEqual([0, 1 / 3, 0.5, 1]);
  });

  it('is 1 past the target and 0 behind the start, in either direction', () => {
    expect(keyResultProgress(kr(0, 100, 150))).toBe(1);
    expect(keyResultProgress(kr(0, 100, -20))).toBe(0);
    expect(keyResultProgress(kr(40, 10, 5))).toBe(1);
    expect(keyResultProgress(kr(40, 10, 55))).toBe(0);
  });

  it('holds a level when the target equals the start (a zero-width range)', () => {
    const hold = (direction: 'INCREASING' | 'DECREASING', current: number) => keyResultProgress(kr(95, 95, current, { direction }));
    expect([hold('INCREASING', 95), hold('INCREASING', 97), hold('INCREASING', 94)]).toEqual([1, 1, 0]);
    expect([hold('DECREASING', 95), hold('DECREASING', 90), hold('DECREASING', 96)]).toEqual([1, 1, 0]);
  });

  it('counts a milestone as done or not, and a value that is not a number as no progress', () => {
    const milestone = (current: number) => keyResultProgress({ kind: 'MILESTONE', direction: 'INCREASING', start: 0, target: 1, current });
    expect([milestone(0), milestone(1)]).toEqual([0, 1]);
    expect(keyResultProgress(kr(0, 100, Number.NaN))).toBe(0);
  });

  it('refuses measures whose direction, range or kind do not hold together, naming the field', () => {
    const refused = (m: Omit<KeyResultMeasure, 'current'>) => fieldOf(() => checkMeasure(m));
    expect(refused({ kind: 'NUMBER', direction: 'INCREASING', start: 10, target: 5 })).toBe('target');
    expect(refused({ kind: 'NUMBER', direction: 'DECREASING', start: 5, target: 10 })).toBe('target');
    expect(refused({ kind: 'PERCENT', direction: 'INCREASING', start: 0, target: 120 })).toBe('target');
    expect(refused({ kind: 'MILESTONE', direction: 'INCREASING', start: 0, target: 2 })).toBe('target');
    expect(refused({ kind: 'CURRENCY', direction: 'INCREASING', start: 0, target: Number.POSITIVE_INFINITY })).toBe('target');
    expect(refused({ kind: 'CURRENCY', direction: 'INCREASING', start: 0, target: 5_000_000_000 })).toBeUndefined();
    expect(refused({ kind: 'PERCENT', direction: 'DECREASING', start: 12, target: 12 })).toBeUndefined();
  });

  it('always lies within 0–1', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true }),
        fc.double({ noNaN: true }),
        fc.double(),
        fc.constantFrom('INCREASING', 'DECREASING'),
        (start, target, current, direction) => {
          const p = keyResultProgress({ kind: 'NUMBER', direction: direction as 'INCREASING', start, target, current });
          return p >= 0 && p <= 1;
        },
      ),
    );
  });
});

describe('weighted progress', () => {
  it('is the weighted mean, leaving out parts of no weight, and none without any weight', () => {
    expect(
      weightedProgress([
        { progress: 1, weight: 3 },
        { progress: 0, weight: 1 },
      ]),
    ).toBe(0.75);
    expect(
      weightedProgress([
        { progress: 0.5, weight: 1 },
        { progress: 0.9, weight: 0 },
      ]),
    ).toBe(0.5);
    expect(weightedProgress([])).toBeUndefined();
    expect(weightedProgress([{ progress: 1, weight: 0 }])).toBeUndefined();
  });

  it('never leaves the range of its parts', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ progress: fc.double({ min: 0, max: 1, noNaN: true }), weight: fc.double({ min: 0.01, max: 1000, noNaN: true }) }),
          {
            minLength: 1,
          },
        ),
        (parts) => {
          const p = weightedProgress(parts)!;
          const values = parts.map((x) => x.progress);
          return p >= Math.min(...values) - 1e-12 && p <= Math.max(...values) + 1e-12;
        },
      ),
    );
  });
});

describe('rolling progress up the alignment tree', () => {
  const node = (id: string, parentId: string | null, ...keyResults: [number, number, number, number][]): ObjectiveNode => ({
    id,
    parentId,
    keyResults: keyResults.map(([start, target, current, weight]) => ({ ...kr(start, target, current), weight })),
  });

  it('takes an objective’s own key results, or else the mean of the objectives aligned to it', () => {
    const progress = rollUp([
      node('province', null),
      node('agency-1', 'province', [0, 100, 50, 1], [0, 10, 10, 1]),
      node('agency-2', 'province', [40, 10, 40, 2]),
      node('unit-1', 'agency-1', [0, 4, 4, 1]),
      node('empty', 'province'),
    ]);
    expect(progress.get('agency-1')).toBe(0.75);
    expect(progress.get('agency-2')).toBe(0);
    expect(progress.get('province')).toBe(0.375);
    expect(progress.get('empty')).toBeUndefined();
  });

  it('refuses alignments that form a cycle', () => {
    expect(() => rollUp([node('a', 'b'), node('b', 'a')])).toThrow(/cycle/);
  });

  it('never puts a parent outside the range of its children', () => {
    const tree = fc
      .array(fc.tuple(fc.nat(), fc.double({ min: 0, max: 100, noNaN: true }), fc.integer({ min: 1, max: 5 })), {
        minLength: 2,
        maxLength: 40,
      })
      .map((rows) =>
        // Each objective aligns to an earlier one (no cycles); the first is the top. Leaves carry one key result.
        rows.map(([parent, current, weight], i) => ({ parent: i === 0 ? null : `o${parent % i}`, current, weight, id: `o${i}` })),
      );
    fc.assert(
      fc.property(tree, (rows) => {
        const parents = new Set(rows.map((r) => r.parent));
        const objectives = rows.map((r) =>
          parents.has(r.id) ? node(r.id, r.parent) : node(r.id, r.parent, [0, 100, r.current, r.weight]),
        );
        const progress = rollUp(objectives);
        return rows
          .filter((r) => parents.has(r.id))
          .every((r) => {
            const kids = rows.filter((c) => c.parent === r.id).map((c) => progress.get(c.id)!);
            const p = progress.get(r.id)!;
            return p >= Math.min(...kids) - 1e-12 && p <= Math.max(...kids) + 1e-12 && p >= 0 && p <= 1;
          });
      }),
    );
  });
});
