import { type Actor, check, coversAgency, FailedPreconditionError, PermissionDeniedError, ValidationError } from '@thuocdo/kit';
import { type Period, parsePeriod } from './period';
import type { PeriodRecord } from './period-state';
import { applyQuota, byRank, type QuotaGroupSummary, type QuotaOutcome, type QuotaOverride } from './quota';
import type { Grade, RulePack } from './rule-pack';

// ---------------------------------------------------------------------------------------------
// HR's consolidation of a closed period (tổng hợp kết quả): an agency's officials ranked, each
// grade by score and after the EXCELLENT quota, the quota's caps in the agency and in each group
// of similar duties, and the overrides HR granted. The quota is applied among the officials
// scored by the same pack (civil servants under Decree 335, public employees under Decree 90 each
// have their own), with that pack's parameters.

export interface ResultRow {
  officialId: string;
  fullName: string;
  staffCode: string;
  agencyId: string;
  unitId: string | null;
  dutyGroup: string;
  packCode: string;
  packVersion: number;
  generalPoints: number;
  taskPoints: number;
  total: number;
  qualityBp: number;
  timelinessBp: number;
  grade: Grade;
}

export interface ConsolidatedRow extends ResultRow {
  /** After the quota. */
  finalGrade: Grade;
  /** For candidates for EXCELLENT. */
  outcome: QuotaOutcome | null;
  /** 1 for the first of the agency's list (by total, task points, quality, timeliness, id). */
  rank: number;
  override: QuotaOverride | null;
}

export interface StoredOverride extends QuotaOverride {
  at: Date;
}

/** The agency's list with the quota applied; throws when an override no longer fits. */
export function consolidate(
  rows: ResultRow[],
  overrides: StoredOverride[],
  packOf: (code: string, version: number) => RulePack | undefined,
): { rows: ConsolidatedRow[]; groups: (QuotaGroupSummary & { packCode: string })[] } {
  const byPack = new Map<string, ResultRow[]>();
  for (const r of rows) byPack.set(`${r.packCode}@${r.packVersion}`, [...(byPack.get(`${r.packCode}@${r.packVersion}`) ?? []), r]);
  const decided = new Map<string, { grade: Grade; outcome: QuotaOutcome | null }>();
  const groups: (QuotaGroupSummary & { packCode: string })[] = [];
  for (const [key, members] of [...byPack].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [code, version] = key.split('@');
    const pack = packOf(code, Number(version));
    if (!pack) throw new FailedPreconditionError({ vi: `Không còn bộ quy tắc ${key}`, en: `Rule pack ${key} is no longer known` });
    const ids = new Set(members.map((m) => m.officialId));
    const q = applyQuota(
      members,
      pack.parameters,
      overrides.filter((o) => ids.has(o.officialId)),
    );
    for (const d of q.decisions) decided.set(d.officialId, { grade: d.grade, outcome: d.outcome ?? null });
    groups.push(...q.groups.map((g) => ({ ...g, packCode: code })));
  }
  const overrideOf = new Map(overrides.map((o) => [o.officialId, o]));
  const ranked = [...rows].sort(byRank);
  return {
    rows: ranked.map((r, i) => ({
      ...r,
      finalGrade: decided.get(r.officialId)!.grade,
      outcome: decided.get(r.officialId)!.outcome,
      rank: i + 1,
      override: overrideOf.get(r.officialId) ?? null,
    })),
    groups,
  };
}

export interface ConsolidationRequest {
  period: Period;
  agencyId: string;
}

export function parseConsolidationRequest(r: { period: string; agencyId: string }): ConsolidationRequest {
  return { period: parsePeriod(r.period), agencyId: check.id('agency_id', r.agencyId) };
}

/** An agency's consolidation is read by those who reach the whole agency, once the period has closed. */
export function checkConsolidationReader(actor: Actor, agencyId: string, period: PeriodRecord): void {
  if (!coversAgency(actor.scope, agencyId))
    throw new PermissionDeniedError({
      vi: 'Không có quyền xem kết quả tổng hợp của cơ quan này',
      en: 'Not allowed to read this agency’s results',
    });
  if (period.status !== 'CLOSED')
    throw new FailedPreconditionError(
      {
        vi: `Kỳ ${period.period} chưa đóng: kết quả chỉ được tổng hợp khi kỳ đã đóng`,
        en: `Period ${period.period} is open: results are consolidated once it closes`,
      },
      'period',
    );
}

export interface OverrideInput {
  period: Period;
  officialId: string;
  keep: boolean;
  reason: string;
}

export function parseOverride(r: { period: string; officialId: string; keep: boolean; reason: string }): OverrideInput {
  const reason = check.maxLength('reason', r.reason.trim(), 2000);
  if (r.keep && !reason)
    throw new ValidationError('reason', {
      vi: 'Cần nêu lý do giữ HTXS ngoài tỷ lệ',
      en: 'reason is required to keep EXCELLENT beyond the quota',
    });
  return { period: parsePeriod(r.period), officialId: check.id('official_id', r.officialId), keep: r.keep, reason };
}

/** Overrides are tenant-wide HR's, on a closed period. */
export function checkOverrider(actor: Actor, period: PeriodRecord): void {
  if (!actor.scope.tenant)
    throw new PermissionDeniedError({
      vi: 'Chỉ quản trị nhân sự toàn tỉnh mới quyết định ngoại lệ tỷ lệ HTXS',
      en: 'Only tenant-wide HR grants quota exceptions',
    });
  if (period.status !== 'CLOSED')
    throw new FailedPreconditionError({ vi: `Kỳ ${period.period} chưa đóng`, en: `Period ${period.period} is open` }, 'period');
}
