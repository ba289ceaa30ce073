import type { ResultRow } from './consolidation';
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
  /** The post the year is graded for (a leader's requirements apply to a leader). */
  role: Role;
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
  periodScores: { period: string; score: Pick<OfficialScore, 'total' | 'sums'> }[],
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
  return { officialId, role, periods, total, sums, grade, reasons };
}

/** A stored result of a closed month or quarter, as the annual result reads it. */
export interface PeriodRow {
  officialId: string;
  fullName: string;
  staffCode: string;
  period: string;
  agencyId: string;
  unitId: string | null;
  dutyGroup: string;
  packCode: string;
  packVersion: number;
  total: number;
  taskPoints: number;
  generalPoints: number;
  role: Role;
  sums: ProductSums;
  disqualifiers: string[];
}

export interface AnnualRow extends AnnualResult {
  /** Where and how the official stood in their latest period of the year (the agency whose list they are on). */
  latest: PeriodRow;
  pack: RulePack;
  /** Months or quarters: which of the official's periods made the year. */
  from: 'MONTHS' | 'QUARTERS';
  /** Means of those periods (hundredths), for the ranking after the total. */
  taskPoints: number;
  generalPoints: number;
}

const isQuarter = (period: string) => period.includes('-Q');

/**
 * Each official's annual result from their closed periods of the year: by the pack of their
 * latest period, the mean of their months or of their quarters as the pack says (by default
 * those the tenant evaluates: months when there are any, else quarters), in the role and with
 * the disqualifiers of the year. An official who moved brings their earlier agency's periods.
 */
export function annualResults(rows: PeriodRow[], packOf: (code: string, version: number) => RulePack | undefined): AnnualRow[] {
  const byOfficial = new Map<string, PeriodRow[]>();
  for (const r of rows) byOfficial.set(r.officialId, [...(byOfficial.get(r.officialId) ?? []), r]);
  const out: AnnualRow[] = [];
  for (const [officialId, own] of byOfficial) {
    const ordered = [...own].sort((a, b) => (a.period < b.period ? -1 : 1));
    const months = ordered.filter((r) => !isQuarter(r.period));
    const latest = (months.length ? months : ordered).at(-1)!;
    const pack = packOf(latest.packCode, latest.packVersion);
    if (!pack) continue;
    const from: AnnualRow['from'] =
      pack.parameters.annualFrom === 'EVALUATED_PERIODS' ? (months.length ? 'MONTHS' : 'QUARTERS') : pack.parameters.annualFrom;
    const counted = ordered.filter((r) => isQuarter(r.period) === (from === 'QUARTERS'));
    // A leader for part of the year is graded as one: the requirements of their post apply.
    const role: Role = counted.some((r) => r.role === 'MANAGER') ? 'MANAGER' : 'NON_MANAGER';
    const disqualifiers = [...new Set(counted.flatMap((r) => r.disqualifiers))];
    const result = annualResult(
      officialId,
      role,
      counted.map((r) => ({ period: r.period, score: { total: r.total, sums: r.sums } })),
      pack,
      disqualifiers,
    );
    const mean = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : 0);
    out.push({
      ...result,
      latest: counted.at(-1) ?? latest,
      pack,
      from,
      taskPoints: mean(counted.map((r) => r.taskPoints)),
      generalPoints: mean(counted.map((r) => r.generalPoints)),
    });
  }
  return out;
}

/** The annual results as rows of a consolidation: its quota and ranking apply as to a period's. */
export function annualRankRows(results: AnnualRow[]): ResultRow[] {
  return results.map((a) => ({
    officialId: a.officialId,
    fullName: a.latest.fullName,
    staffCode: a.latest.staffCode,
    agencyId: a.latest.agencyId,
    unitId: a.latest.unitId,
    dutyGroup: a.latest.dutyGroup,
    packCode: a.pack.code,
    packVersion: a.pack.version,
    generalPoints: a.generalPoints,
    taskPoints: a.taskPoints,
    total: a.total,
    qualityBp: a.sums.assigned ? Math.floor(a.sums.qualityBp / a.sums.assigned) : 0,
    timelinessBp: a.sums.assigned ? Math.floor(a.sums.timelinessBp / a.sums.assigned) : 0,
    grade: a.grade,
  }));
}
