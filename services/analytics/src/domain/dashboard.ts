import { check, daysBetween, PermissionDeniedError, type Principal, ValidationError } from '@thuocdo/kit';
import type { analyticsV1, worklogV1 } from '@thuocdo/proto';

export const MAX_RANGE_DAYS = 366;

export interface DailyWorkQuery {
  fromDate: string;
  toDate: string;
  agencyId: string | null;
}

export function parseDailyWorkQuery(req: analyticsV1.GetAgencyDailyWorkRequest): DailyWorkQuery {
  const fromDate = check.date('from_date', req.fromDate);
  const toDate = check.date('to_date', req.toDate);
  const span = daysBetween(fromDate, toDate);
  if (span < 0)
    throw new ValidationError('to_date', { vi: 'Ngày kết thúc phải sau ngày bắt đầu', en: 'to_date must not be before from_date' });
  if (span >= MAX_RANGE_DAYS)
    throw new ValidationError('to_date', {
      vi: `Khoảng thời gian tối đa ${MAX_RANGE_DAYS} ngày`,
      en: `The range may span at most ${MAX_RANGE_DAYS} days`,
    });
  return { fromDate, toDate, agencyId: req.agencyId ? check.uuid('agency_id', req.agencyId) : null };
}

const TENANT_WIDE = ['province_leader', 'hr_admin', 'auditor', 'sys_admin'] as const;
const OWN_AGENCY = ['agency_leader', 'unit_head'] as const;

/**
 * Which agencies a caller may see: tenant-wide roles see all (optionally filtered); agency
 * leaders and unit heads only their own agency, whatever they asked for. Others: denied.
 */
export function scopeQuery(p: Principal, q: DailyWorkQuery): DailyWorkQuery {
  if (p.roles.some((r) => (TENANT_WIDE as readonly string[]).includes(r))) return q;
  if (p.agencyId && p.roles.some((r) => (OWN_AGENCY as readonly string[]).includes(r))) {
    if (q.agencyId && q.agencyId !== p.agencyId) throw new PermissionDeniedError();
    return { ...q, agencyId: p.agencyId };
  }
  throw new PermissionDeniedError();
}

/** A work_log_fact row from a WorkLogged event. */
export interface WorkLogFact {
  tenant_id: string;
  agency_id: string;
  unit_id: string;
  official_id: string;
  work_item_id: string;
  entry_id: string;
  work_date: string;
  quantity: string;
  minutes: number;
  event_id: string;
  created_at: string;
  version: number;
}

export function toFact(entry: worklogV1.WorkLogEntry, eventId: string, version: number): WorkLogFact {
  return {
    tenant_id: entry.tenantId,
    agency_id: entry.agencyId,
    unit_id: entry.unitId,
    official_id: entry.officialId,
    work_item_id: entry.workItemId,
    entry_id: entry.id,
    work_date: entry.workDate,
    quantity: entry.quantity.toFixed(2),
    minutes: entry.minutes,
    event_id: eventId,
    created_at: (entry.createTime ?? new Date(0)).toISOString().replace('T', ' ').replace('Z', ''),
    version,
  };
}

/** Keeps the first fact of each entry and drops entries already stored. */
export function newFacts(facts: WorkLogFact[], stored: ReadonlySet<string>): WorkLogFact[] {
  const seen = new Set(stored);
  return facts.filter((f) => {
    if (seen.has(f.entry_id)) return false;
    seen.add(f.entry_id);
    return true;
  });
}
