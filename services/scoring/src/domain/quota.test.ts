import { FailedPreconditionError } from '@thuocdo/kit';
import fc from 'fast-check';
import { applyQuota, type QuotaCandidate, quotaCap } from './quota';
import { DEFAULT_PARAMETERS, type Grade } from './rule-pack';

const P = DEFAULT_PARAMETERS;
const member = (id: string, grade: Grade, total: number, o: Partial<QuotaCandidate> = {}): QuotaCandidate => ({
  officialId: id,
  agencyId: 'agency-1',
  dutyGroup: 'specialists',
  grade,
  total,
  taskPoints: 7000,
  qualityBp: 10_000,
  timelinessBp: 10_000,
  ...o,
});
const gradesOf = (r: ReturnType<typeof applyQuota>) => Object.fromEntries(r.decisions.map((d) => [d.officialId, d.grade]));
const count = (r: ReturnType<typeof applyQuota>, g: Grade) => r.decisions.filter((d) => d.grade === g).length;

describe('the EXCELLENT quota: at most 20% of those graded GOOD, the moved down counting as GOOD', () => {
  it('leaves 1 EXCELLENT and 9 GOOD of 10 officials all scoring 90 or more', () => {
    // E ≤ 20% × (10 − E) → E ≤ 1.67 → 1
    const r = applyQuota(
      Array.from({ length: 10 }, (_, i) => member(`o${i}`, 'EXCELLENT', 9000 + i * 10)),
      P,
    );
    expect([count(r, 'EXCELLENT'), count(r, 'GOOD')]).toEqual([1, 9]);
    // The best-ranked keeps it.
    expect(gradesOf(r).o9).toBe('EXCELLENT');
    expect(r.decisions.find((d) => d.officialId === 'o9')).toMatchObject({ rank: 1, outcome: 'KEPT', gradeBefore: 'EXCELLENT' });
    expect(r.decisions.find((d) => d.officialId === 'o0')).toMatchObject({
      rank: 10,
      outcome: 'MOVED_DOWN',
      gradeBefore: 'EXCELLENT',
      grade: 'GOOD',
    });
    expect(r.groups[0]).toEqual({ agencyId: 'agency-1', dutyGroup: null, good: 0, candidates: 10, cap: 1, kept: 1 });
  });

  it('keeps 0 EXCELLENT in a unit with 4 GOOD and 1 candidate, 1 with 4 GOOD and 2', () => {
    const four = ['a', 'b', 'c', 'd'].map((id) => member(id, 'GOOD', 8000));
    expect(count(applyQuota([...four, member('x', 'EXCELLENT', 9500)], P), 'EXCELLENT')).toBe(0);
    expect(count(applyQuota([...four, member('x', 'EXCELLENT', 9500), member('y', 'EXCELLENT', 9400)], P), 'EXCELLENT')).toBe(1);
    // 5 GOOD and 1 candidate: E ≤ 20% × (5 + 1 − 1) = 1 → the candidate keeps it.
    expect(count(applyQuota([...four, member('e', 'GOOD', 7000), member('x', 'EXCELLENT', 9500)], P), 'EXCELLENT')).toBe(1);
  });

  it('counts only those graded GOOD beforehand when the pack says so', () => {
    const p = { ...P, quotaCountsMovedDown: false };
    expect(quotaCap(0, 10, p)).toBe(0);
    expect(quotaCap(10, 3, p)).toBe(2);
    expect(quotaCap(0, 10, P)).toBe(1);
  });

  it('applies the cap within the agency and within each group with similar duties', () => {
    // Leaders: 5 candidates, no GOOD → group cap 0 although they rank first.
    // Specialists: 10 GOOD and 1 candidate → group cap ⌊20 × 11 / 120⌋ = 1.
    // Agency: 10 GOOD, 6 candidates → cap ⌊20 × 16 / 120⌋ = 2, but only 1 fits the groups.
    const leaders = Array.from({ length: 5 }, (_, i) => member(`l${i}`, 'EXCELLENT', 9900, { dutyGroup: 'leaders' }));
    const good = Array.from({ length: 10 }, (_, i) => member(`g${i}`, 'GOOD', 8000));
    const r = applyQuota([...leaders, ...good, member('s', 'EXCELLENT', 9100)], P);
    expect(count(r, 'EXCELLENT')).toBe(1);
    expect(gradesOf(r).s).toBe('EXCELLENT');
    expect(r.groups).toEqual([
      { agencyId: 'agency-1', dutyGroup: null, good: 10, candidates: 6, cap: 2, kept: 1 },
      { agencyId: 'agency-1', dutyGroup: 'leaders', good: 0, candidates: 5, cap: 0, kept: 0 },
      { agencyId: 'agency-1', dutyGroup: 'specialists', good: 10, candidates: 1, cap: 1, kept: 1 },
    ]);
  });

  it('keeps agencies apart', () => {
    const r = applyQuota(
      [
        ...Array.from({ length: 10 }, (_, i) => member(`a${i}`, 'EXCELLENT', 9500, { agencyId: 'A' })),
        ...Array.from({ length: 10 }, (_, i) => member(`b${i}`, 'EXCELLENT', 9500, { agencyId: 'B' })),
      ],
      P,
    );
    expect(r.decisions.filter((d) => d.grade === 'EXCELLENT').map((d) => d.officialId)).toEqual(['a0', 'b0']);
  });

  it('ranks by total, then task points, quality, timeliness, then id', () => {
    const good = Array.from({ length: 5 }, (_, i) => member(`g${i}`, 'GOOD', 8000));
    const pick = (...c: QuotaCandidate[]) => applyQuota([...good, ...c], P).decisions.find((d) => d.grade === 'EXCELLENT')?.officialId;
    expect(pick(member('x', 'EXCELLENT', 9100), member('y', 'EXCELLENT', 9200))).toBe('y');
    expect(pick(member('x', 'EXCELLENT', 9200, { taskPoints: 6900 }), member('y', 'EXCELLENT', 9200))).toBe('y');
    expect(pick(member('x', 'EXCELLENT', 9200, { qualityBp: 9000 }), member('y', 'EXCELLENT', 9200))).toBe('y');
    expect(pick(member('y', 'EXCELLENT', 9200, { timelinessBp: 9000 }), member('x', 'EXCELLENT', 9200))).toBe('x');
    expect(pick(member('y', 'EXCELLENT', 9200), member('x', 'EXCELLENT', 9200))).toBe('x');
  });

  it('keeps a candidate beyond the cap by an audited override, up to the ceiling', () => {
    // Ceiling 30%: E ≤ 30% × (10 − E) → E ≤ 2.3 → 2: one override on top of the one kept.
    const ten = Array.from({ length: 10 }, (_, i) => member(`o${i}`, 'EXCELLENT', 9000 + i));
    const r = applyQuota(ten, P, [{ officialId: 'o3', reason: 'Đơn vị có thành tích xuất sắc', by: 'hr@tinh' }]);
    expect(r.decisions.find((d) => d.officialId === 'o3')).toMatchObject({ grade: 'EXCELLENT', outcome: 'KEPT_BY_OVERRIDE' });
    expect(count(r, 'EXCELLENT')).toBe(2);
    expect(() =>
      applyQuota(ten, P, [
        { officialId: 'o3', reason: 'x', by: 'hr' },
        { officialId: 'o4', reason: 'y', by: 'hr' },
      ]),
    ).toThrow(FailedPreconditionError);
    expect(() => applyQuota([...ten, member('g', 'GOOD', 8000)], P, [{ officialId: 'g', reason: 'x', by: 'hr' }])).toThrow(
      FailedPreconditionError,
    );
    expect(() => applyQuota(ten, P, [{ officialId: 'o3', reason: ' ', by: 'hr' }])).toThrow(/reason/);
  });

  it('never exceeds the cap of an agency or a group, and only ever moves EXCELLENT to GOOD (property)', () => {
    const grade = fc.constantFrom<Grade>('EXCELLENT', 'GOOD', 'COMPLETED', 'NOT_COMPLETED');
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            grade,
            total: fc.integer({ min: 0, max: 10_000 }),
            agency: fc.constantFrom('A', 'B'),
            group: fc.constantFrom('g1', 'g2', 'g3'),
          }),
          {
            maxLength: 60,
          },
        ),
        fc.boolean(),
        (rows, countsMovedDown) => {
          const p = { ...P, quotaCountsMovedDown: countsMovedDown };
          const members = rows.map((x, i) => member(`o${i}`, x.grade, x.total, { agencyId: x.agency, dutyGroup: x.group }));
          const r = applyQuota(members, p);
          for (const [i, d] of r.decisions.entries()) {
            expect(d.gradeBefore).toBe(members[i].grade);
            if (d.grade !== d.gradeBefore) expect([d.gradeBefore, d.grade]).toEqual(['EXCELLENT', 'GOOD']);
          }
          for (const g of r.groups) {
            const inIt = r.decisions.filter(
              (_d, i) => members[i].agencyId === g.agencyId && (g.dutyGroup === null || members[i].dutyGroup === g.dutyGroup),
            );
            const excellent = inIt.filter((d) => d.grade === 'EXCELLENT').length;
            const good = inIt.filter((d) => d.grade === 'GOOD').length;
            expect(excellent).toBe(g.kept);
            expect(excellent).toBeLessThanOrEqual(g.cap);
            // The legal rule itself: EXCELLENT at most 20% of GOOD (after, or before, the moves).
            const goodBasis = countsMovedDown ? good : inIt.filter((d) => d.gradeBefore === 'GOOD').length;
            expect(excellent * 100).toBeLessThanOrEqual(p.quotaPercent * goodBasis);
          }
        },
      ),
    );
  });
});
