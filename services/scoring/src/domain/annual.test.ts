import { annualRankRows, annualResults, type PeriodRow } from './annual';
import { consolidate } from './consolidation';
import { DECREE_335_2025, SHIPPED_PACKS } from './packs';

const packOf = (code: string, version: number) => SHIPPED_PACKS.find((p) => p.code === code && p.version === version);
const [X, Y] = ['0190f3a2-2222-7aaa-8bbb-000000000001', '0190f3a2-2222-7aaa-8bbb-000000000002'];
const sums = { assigned: 1000, completed: 1000, qualityBp: 10_000_000, timelinessBp: 10_000_000, onTime: 1000, exceeded: 0 };
const row = (officialId: string, period: string, total: number, extra: Partial<PeriodRow> = {}): PeriodRow => ({
  officialId,
  fullName: `Cán bộ ${officialId}`,
  staffCode: '',
  period,
  agencyId: X,
  unitId: null,
  dutyGroup: 'SPECIALIST',
  packCode: DECREE_335_2025.code,
  packVersion: DECREE_335_2025.version,
  total,
  taskPoints: Math.min(total, 7000),
  generalPoints: Math.max(0, total - 7000),
  role: 'NON_MANAGER',
  sums,
  disqualifiers: [],
  ...extra,
});
const month = (m: number) => `2026-${String(m).padStart(2, '0')}`;

describe('annual results', () => {
  it('average the months when the tenant evaluates months, the quarters otherwise, only periods with a result counting', () => {
    // Months 1–11 at 80, one month on leave; the quarters closed too do not count.
    const rows = [...Array.from({ length: 11 }, (_, i) => row('A', month(i + 1), 8000)), row('A', '2026-Q1', 9500)];
    const [a] = annualResults(rows, packOf);
    expect([a.from, a.periods.length, a.total, a.grade]).toEqual(['MONTHS', 11, 8000, 'GOOD']);
    const [q] = annualResults([row('B', '2026-Q1', 9000), row('B', '2026-Q2', 9100), row('B', '2026-Q3', 9000)], packOf);
    expect([q.from, q.total, q.grade]).toEqual(['QUARTERS', 9033, 'EXCELLENT']);
  });

  it('bring a moved official’s earlier periods, list them in their latest agency, and grade the year’s disqualifiers and post', () => {
    const rows = [
      ...Array.from({ length: 6 }, (_, i) => row('A', month(i + 1), 9200, { agencyId: X })),
      ...Array.from({ length: 6 }, (_, i) => row('A', month(i + 7), 9200, { agencyId: Y, role: i === 5 ? 'MANAGER' : 'NON_MANAGER' })),
    ];
    const [a] = annualResults(rows, packOf);
    expect([a.periods.length, a.latest.agencyId, a.role, a.grade]).toEqual([12, Y, 'MANAGER', 'EXCELLENT']);
    rows[2] = { ...rows[2], disqualifiers: ['DISCIPLINED'] };
    expect(annualResults(rows, packOf)[0].grade).toBe('NOT_COMPLETED');
  });

  it('take the quota as a period’s list does: ten officials all at 90 or more end as 1 EXCELLENT and 9 GOOD', () => {
    const rows = Array.from({ length: 10 }, (_, k) =>
      Array.from({ length: 12 }, (_, i) => row(`0190f3a2-1111-7aaa-8bbb-00000000000${k}`, month(i + 1), 9000 + k * 10)),
    ).flat();
    const { rows: ranked, groups } = consolidate(annualRankRows(annualResults(rows, packOf)), [], packOf);
    expect(ranked.filter((r) => r.finalGrade === 'EXCELLENT').map((r) => r.officialId)).toEqual(['0190f3a2-1111-7aaa-8bbb-000000000009']);
    expect(ranked.filter((r) => r.finalGrade === 'GOOD')).toHaveLength(9);
    expect(groups.find((g) => g.dutyGroup === null)).toMatchObject({ candidates: 10, cap: 1, kept: 1 });
  });
});
