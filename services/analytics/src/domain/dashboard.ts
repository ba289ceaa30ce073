import { type Actor, check, daysBetween, isStringTuple, type Page, PermissionDeniedError, readPage, ValidationError } from '@thuocdo/kit';

/** One diary entry as analytics keeps it: the fact behind every dashboard number. */
export interface WorkLogFact {
  tenantId: string;
  agencyId: string;
  unitId: string;
  officialId: string;
  workItemId: string;
  entryId: string;
  workDate: string;
  /** Hundredths of a product. */
  quantity: number;
  minutes: number;
  /** The event it came from, and the entry's version. */
  eventId: string;
  version: number;
  createdAt: Date;
}

/** An agency's name, from org's events; the highest version wins. */
export interface AgencyName {
  tenantId: string;
  agencyId: string;
  code: string;
  name: string;
  version: number;
}

/**
 * Keeps the first fact of each entry and drops entries already stored, so that a redelivered
 * event is counted once in the rollups.
 */
export function newFacts(facts: WorkLogFact[], stored: ReadonlySet<string>): WorkLogFact[] {
  const seen = new Set(stored);
  return facts.filter((f) => {
    if (seen.has(f.entryId)) return false;
    seen.add(f.entryId);
    return true;
  });
}

export const MAX_RANGE_DAYS = 366;

export interface AgencyDailyWorkRow {
  agencyId: string;
  agencyName: string;
  workDate: string;
  minutes: number;
  entries: number;
}

export interface DailyWorkQuery {
  filters: { fromDate: string; toDate: string; agencyId: string | null };
  /** The agencies whose rows the caller sees: null for every agency (tenant-wide readers). */
  agencies: string[] | null;
  /** After [date, agency id] of the last row seen. */
  page: Page<string[]>;
}

/**
 * Minutes and entries per agency per day, over at most a year. Tenant-wide readers see every
 * agency (optionally one); agency leaders the agencies they are granted; a unit head, whose
 * grant covers part of an agency, no agency total (unit figures come with the unit dashboards).
 */
export function planDailyWork(
  r: { fromDate: string; toDate: string; agencyId: string; pageSize: number; pageToken: string },
  actor: Actor,
): DailyWorkQuery {
  const fromDate = check.date('from_date', r.fromDate);
  const toDate = check.date('to_date', r.toDate);
  const span = daysBetween(fromDate, toDate);
  if (span < 0)
    throw new ValidationError('to_date', { vi: 'Ngày kết thúc phải sau ngày bắt đầu', en: 'to_date must not be before from_date' });
  if (span >= MAX_RANGE_DAYS)
    throw new ValidationError('to_date', {
      vi: `Khoảng thời gian tối đa ${MAX_RANGE_DAYS} ngày`,
      en: `The range may span at most ${MAX_RANGE_DAYS} days`,
    });
  const agencyId = check.optionalId('agency_id', r.agencyId);
  const filters = { fromDate, toDate, agencyId };
  const agencies = actor.scope.tenant ? null : [...actor.scope.agencies];
  if (agencyId && agencies && !agencies.includes(agencyId)) throw new PermissionDeniedError();
  return { filters, agencies, page: readPage(r, filters, isStringTuple(2)) };
}
