import { actorFor, failureOf, fieldOf } from '@thuocdo/testing/src/domain-fixtures';
import { checkConsolidationReader, consolidate, parseOverride, type ResultRow } from './consolidation';
import { SHIPPED_PACKS } from './packs';
import { neverClosed } from './period-state';
import type { Grade } from './rule-pack';

const AGENCY = '0190f3a2-2222-7aaa-8bbb-000000000001';
const packOf = (code: string, version: number) => SHIPPED_PACKS.find((p) => p.code === code && p.version === version);
const row = (n: number, grade: Grade, total: number, extra: Partial<ResultRow> = {}): ResultRow => ({
  officialId: `o${n}`,
  fullName: `Cán bộ ${n}`,
  staffCode: `CB-${n}`,
  agencyId: AGENCY,
  unitId: null,
  dutyGroup: 'SPECIALIST',
  packCode: 'ND335-2025',
  packVersion: 1,
  generalPoints: 3000,
  taskPoints: total - 3000,
  total,
  qualityBp: 10_000,
  timelinessBp: 10_000,
  grade,
  ...extra,
});

describe('consolidation', () => {
  it('ranks the whole agency and applies the quota to its candidates', () => {
    const rows = [
      row(1, 'GOOD', 8000),
      row(2, 'EXCELLENT', 9500),
      row(3, 'COMPLETED', 6000),
      ...[4, 5, 6, 7].map((n) => row(n, 'GOOD', 7500 + n)),
    ];
    // 5 GOOD and 1 candidate: E ≤ 20% × (6 − E) → 1: the candidate keeps EXCELLENT.
    const { rows: out, groups } = consolidate(rows, [], packOf);
    expect(out.map((r) => [r.officialId, r.rank, r.finalGrade])).toEqual([
      ['o2', 1, 'EXCELLENT'],
      ['o1', 2, 'GOOD'],
      ['o7', 3, 'GOOD'],
      ['o6', 4, 'GOOD'],
      ['o5', 5, 'GOOD'],
      ['o4', 6, 'GOOD'],
      ['o3', 7, 'COMPLETED'],
    ]);
    expect(out[0].outcome).toBe('KEPT');
    expect(out[1].outcome).toBeNull();
    expect(groups[0]).toMatchObject({ packCode: 'ND335-2025', dutyGroup: null, good: 5, candidates: 1, cap: 1, kept: 1 });
  });

  it('applies the quota among the officials of each pack apart', () => {
    // Two civil servants both candidates (cap 0 among them), and a public employee candidate with 5 GOOD colleagues (cap 1).
    const rows = [
      row(1, 'EXCELLENT', 9900),
      row(2, 'EXCELLENT', 9800),
      row(3, 'EXCELLENT', 9000, { packCode: 'ND90-2020' }),
      ...[4, 5, 6, 7, 8].map((n) => row(n, 'GOOD', 8000, { packCode: 'ND90-2020' })),
    ];
    const { rows: out } = consolidate(rows, [], packOf);
    expect(out.filter((r) => r.finalGrade === 'EXCELLENT').map((r) => r.officialId)).toEqual(['o3']);
  });

  it('keeps a candidate by an override up to the ceiling, with its reason, and refuses one beyond it', () => {
    const rows = [1, 2, 3, 4, 5].map((n) => row(n, 'EXCELLENT', 9500 + n));
    const ok = consolidate(rows, [{ officialId: 'o2', reason: 'Thành tích xuất sắc', by: 'hr', at: new Date() }], packOf);
    expect(ok.rows.find((r) => r.officialId === 'o2')).toMatchObject({
      finalGrade: 'EXCELLENT',
      outcome: 'KEPT_BY_OVERRIDE',
      override: { reason: 'Thành tích xuất sắc' },
    });
    const two = [
      { officialId: 'o2', reason: 'x', by: 'hr', at: new Date() },
      { officialId: 'o3', reason: 'y', by: 'hr', at: new Date() },
    ];
    expect(failureOf(() => consolidate(rows, two, packOf))?.reason).toBe('FAILED_PRECONDITION');
  });

  it('is read by those over the whole agency, once the period is closed', () => {
    const closed = { ...neverClosed('t', '2026-10'), status: 'CLOSED' as const, version: 1 };
    const leader = actorFor('scoring.results.read', [], { grants: [{ role: 'agency_leader', agencyId: AGENCY }] });
    expect(() => checkConsolidationReader(leader, AGENCY, closed)).not.toThrow();
    expect(failureOf(() => checkConsolidationReader(leader, '0190f3a2-2222-7aaa-8bbb-000000000002', closed))?.reason).toBe(
      'PERMISSION_DENIED',
    );
    expect(failureOf(() => checkConsolidationReader(leader, AGENCY, neverClosed('t', '2026-10')))).toEqual({
      reason: 'FAILED_PRECONDITION',
      field: 'period',
    });
  });

  it('needs a reason to keep EXCELLENT beyond the quota, none to withdraw it', () => {
    expect(
      fieldOf(() => parseOverride({ period: '2026-10', officialId: '0190f3a2-1111-7aaa-8bbb-000000000001', keep: true, reason: ' ' })),
    ).toBe('reason');
    expect(parseOverride({ period: '2026-10', officialId: '0190f3a2-1111-7aaa-8bbb-000000000001', keep: false, reason: '' }).keep).toBe(
      false,
    );
    expect(fieldOf(() => parseOverride({ period: '2026-10', officialId: 'x', keep: false, reason: '' }))).toBe('official_id');
  });
});
