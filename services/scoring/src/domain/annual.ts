import * as R from './ratio';
import type { Grade, Role, RulePack } from './rule-pack';
import { type GradeReason, gradeFor, type OfficialScore, type ProductSums } from './score';

// ---------------------------------------------------------------------------------------------
// The annual result (kết quả năm): by default the mean of the results of the periods the tenant
// evaluates (months, or quarters), graded by the pack's bands with the year's disqualifiers and
// requirements, before the quota. An official who moved brings the periods of their earlier
// agency; periods with no result (leave, not yet employed) do not count: only time worked does.

export interface AnnualResult {
  officialId: string;
  periods: { period: string; total: number }[];
  /** Hundredths. */
  total: number;
  sums: ProductSums;
  grade: Grade;
  reasons: GradeReason[];
}

export function annualResult(
  officialId: string,
  role: Role,
  periodScores: { period: string; score: OfficialScore }[],
  pack: RulePack,
  disqualifiers: string[],
): AnnualResult {
  const periods = [...periodScores].sort((a, b) => (a.period < b.period ? -1 : 1)).map((p) => ({ period: p.period, total: p.score.total }));
  const total = periods.length ? R.toHundredths(R.mean(periods.map((p) => R.ratio(p.total, 100)))) : 0;
  const sums = periodScores.reduce<ProductSums>(
    (s, { score: { sums: x } }) => ({
      assigned: s.assigned + x.assigned,
      completed: s.completed + x.completed,
      qualityBp: s.qualityBp + x.qualityBp,
      timelinessBp: s.timelinessBp + x.timelinessBp,
      onTime: s.onTime + x.onTime,
      exceeded: s.exceeded + x.exceeded,
    }),
    { assigned: 0, completed: 0, qualityBp: 0, timelinessBp: 0, onTime: 0, exceeded: 0 },
  );
  const reasons: GradeReason[] = [];
  if (!periods.length) reasons.push({ kind: 'NO_PRODUCTS' });
  const grade = gradeFor(pack, role, total, sums, disqualifiers, reasons);
  return { officialId, periods, total, sums, grade, reasons };
}
