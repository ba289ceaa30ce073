import { FailedPreconditionError, ValidationError } from '@thuocdo/kit';
import type { Grade, PackParameters } from './rule-pack';

// ---------------------------------------------------------------------------------------------
// The quota (Decree 335, art. on classification): officials graded EXCELLENT may not exceed 20%
// of the number graded GOOD, within each agency and within each group of officials with similar
// duties in it. By default (`quotaCountsMovedDown`) those the quota moves down count as GOOD, so
// with G officials graded GOOD and C candidates for EXCELLENT, the most that keep it is the
// largest E with E ≤ 20% × (G + C − E), that is E ≤ ⌊20 × (G + C) / 120⌋: 10 candidates and no
// GOOD keep 1 (the other 9 become GOOD); 4 GOOD and 1 candidate keep 0.
//
// Who keeps EXCELLENT, when not all can: the ranking below, applied over the agency, each
// candidate kept while both the agency's and their group's caps allow it. An audited override
// (the exception for organisations with outstanding results) keeps named candidates beyond the
// cap, up to the pack's ceiling.

export interface QuotaCandidate {
  officialId: string;
  agencyId: string;
  dutyGroup: string;
  grade: Grade;
  /** Hundredths. */
  total: number;
  taskPoints: number;
  /** The quality and timeliness measures, in basis points, for the ranking. */
  qualityBp: number;
  timelinessBp: number;
}

export interface QuotaOverride {
  officialId: string;
  reason: string;
  /** Subject of the HR administrator who granted it. */
  by: string;
}

export type QuotaOutcome = 'KEPT' | 'MOVED_DOWN' | 'KEPT_BY_OVERRIDE';

export interface QuotaDecision {
  officialId: string;
  gradeBefore: Grade;
  grade: Grade;
  /** Only for candidates for EXCELLENT. */
  outcome?: QuotaOutcome;
  /** 1 for the best-ranked candidate of the agency. */
  rank?: number;
}

export interface QuotaGroupSummary {
  agencyId: string;
  /** Null for the agency as a whole. */
  dutyGroup: string | null;
  good: number;
  candidates: number;
  cap: number;
  kept: number;
}

/** The most that keep EXCELLENT in a group with `good` GOOD and `candidates` candidates. */
export function quotaCap(
  good: number,
  candidates: number,
  p: Pick<PackParameters, 'quotaPercent' | 'quotaCountsMovedDown'>,
  percent = p.quotaPercent,
): number {
  const bp = Math.round(percent * 100);
  const cap = p.quotaCountsMovedDown ? Math.floor((bp * (good + candidates)) / (10_000 + bp)) : Math.floor((bp * good) / 10_000);
  return Math.min(candidates, cap);
}

/**
 * Ranking of candidates: the higher total; then the higher task-result points; then quality;
 * then timeliness; then the official id, a stable if arbitrary last resort (a real tie is HR's to
 * settle by an override).
 */
export function byRank(a: QuotaCandidate, b: QuotaCandidate): number {
  return (
    b.total - a.total ||
    b.taskPoints - a.taskPoints ||
    b.qualityBp - a.qualityBp ||
    b.timelinessBp - a.timelinessBp ||
    (a.officialId < b.officialId ? -1 : a.officialId > b.officialId ? 1 : 0)
  );
}

export function applyQuota(
  graded: QuotaCandidate[],
  p: Pick<PackParameters, 'quotaPercent' | 'quotaCountsMovedDown' | 'overrideCeilingPercent'>,
  overrides: QuotaOverride[] = [],
): { decisions: QuotaDecision[]; groups: QuotaGroupSummary[] } {
  const decisions = new Map<string, QuotaDecision>(
    graded.map((c) => [c.officialId, { officialId: c.officialId, gradeBefore: c.grade, grade: c.grade }]),
  );
  const groups: QuotaGroupSummary[] = [];
  const overridden = new Map(overrides.map((o) => [o.officialId, o]));
  overrides.forEach((o, i) => {
    const c = graded.find((x) => x.officialId === o.officialId);
    if (!c)
      throw new ValidationError(`overrides[${i}].official_id`, {
        vi: 'Người này không có trong danh sách xếp loại',
        en: 'official is not among those graded',
      });
    if (c.grade !== 'EXCELLENT')
      throw new FailedPreconditionError(
        { vi: 'Chỉ giữ HTXS ngoại lệ cho người đạt điểm HTXS', en: 'an override keeps EXCELLENT only for a candidate graded EXCELLENT' },
        `overrides[${i}].official_id`,
      );
    if (!o.reason?.trim()) throw new ValidationError(`overrides[${i}].reason`, { vi: 'Cần lý do ngoại lệ', en: 'reason is required' });
  });

  const agencies = new Map<string, QuotaCandidate[]>();
  for (const c of graded) agencies.set(c.agencyId, [...(agencies.get(c.agencyId) ?? []), c]);
  for (const [agencyId, members] of [...agencies].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const count = (xs: QuotaCandidate[], g: Grade) => xs.filter((x) => x.grade === g).length;
    const agencyCap = quotaCap(count(members, 'GOOD'), count(members, 'EXCELLENT'), p);
    const ceiling = quotaCap(count(members, 'GOOD'), count(members, 'EXCELLENT'), p, p.overrideCeilingPercent);
    const groupCaps = new Map<string, { cap: number; kept: number; good: number; candidates: number }>();
    for (const g of new Set(members.map((m) => m.dutyGroup))) {
      const inGroup = members.filter((m) => m.dutyGroup === g);
      groupCaps.set(g, {
        cap: quotaCap(count(inGroup, 'GOOD'), count(inGroup, 'EXCELLENT'), p),
        kept: 0,
        good: count(inGroup, 'GOOD'),
        candidates: count(inGroup, 'EXCELLENT'),
      });
    }
    const candidates = members.filter((m) => m.grade === 'EXCELLENT').sort(byRank);
    let kept = 0;
    const moved: QuotaCandidate[] = [];
    candidates.forEach((c, i) => {
      const d = decisions.get(c.officialId)!;
      d.rank = i + 1;
      const group = groupCaps.get(c.dutyGroup)!;
      if (kept < agencyCap && group.kept < group.cap) {
        kept++;
        group.kept++;
        d.outcome = 'KEPT';
      } else moved.push(c);
    });
    for (const c of moved) {
      const d = decisions.get(c.officialId)!;
      if (overridden.has(c.officialId) && kept < ceiling) {
        kept++;
        groupCaps.get(c.dutyGroup)!.kept++;
        d.outcome = 'KEPT_BY_OVERRIDE';
      } else {
        if (overridden.has(c.officialId))
          throw new FailedPreconditionError(
            {
              vi: `Vượt trần ngoại lệ: cơ quan giữ tối đa ${ceiling} người HTXS`,
              en: `beyond the override ceiling: the agency keeps at most ${ceiling} EXCELLENT`,
            },
            'overrides',
          );
        d.outcome = 'MOVED_DOWN';
        d.grade = 'GOOD';
      }
    }
    groups.push({ agencyId, dutyGroup: null, good: count(members, 'GOOD'), candidates: candidates.length, cap: agencyCap, kept });
    for (const [g, x] of [...groupCaps].sort(([a], [b]) => (a < b ? -1 : 1)))
      groups.push({ agencyId, dutyGroup: g, good: x.good, candidates: x.candidates, cap: x.cap, kept: x.kept });
  }
  return { decisions: graded.map((c) => decisions.get(c.officialId)!), groups };
}
