import { type Actor, check, FailedPreconditionError, PermissionDeniedError, ValidationError, VersionConflictError } from '@thuocdo/kit';
import { type Period, parsePeriod } from './period';

// ---------------------------------------------------------------------------------------------
// A period's state: open (scores worked out live) or closed (every official's result stored and
// frozen). Closing and reopening are the tenant's HR administrators' (a grant over the whole
// tenant: a period is the province's), each checked against the version read and audited;
// reopening says why. After its last day a period is closing until its deadline (the tenant
// sends the month's results by the 25th of the next, say): late entries and assessments still
// count; past the deadline a scheduled job closes it (events/deadline-closer.ts).

export type PeriodStatus = 'OPEN' | 'CLOSED';

export interface PeriodRecord {
  tenantId: string;
  period: string;
  status: PeriodStatus;
  closedAt: Date | null;
  /** Subject of who closed it. */
  closedBy: string | null;
  /** Why it was last reopened. */
  reason: string;
  /** Results stored when it closed. */
  results: number;
  /** 0 for a period nobody has closed yet. */
  version: number;
}

export const neverClosed = (tenantId: string, period: string): PeriodRecord => ({
  tenantId,
  period,
  status: 'OPEN',
  closedAt: null,
  closedBy: null,
  reason: '',
  results: 0,
  version: 0,
});

export interface PeriodChange {
  period: Period;
  version: number;
  reason: string;
}

const MAX_REASON = 2000;

export function parsePeriodChange(r: { period: string; version: number; reason?: string }): PeriodChange {
  return {
    period: parsePeriod(r.period),
    version: check.intRange('version', r.version, 0, Number.MAX_SAFE_INTEGER),
    reason: check.maxLength('reason', (r.reason ?? '').trim(), MAX_REASON),
  };
}

function checkChange(c: PeriodChange, current: PeriodRecord, actor: Actor): void {
  if (!actor.scope.tenant)
    throw new PermissionDeniedError({
      vi: 'Chỉ quản trị nhân sự toàn tỉnh mới đóng, mở lại kỳ đánh giá',
      en: 'Only tenant-wide HR administrators close and reopen periods',
    });
  if (c.version !== current.version)
    throw new VersionConflictError(
      {
        vi: `Kỳ đánh giá vừa được người khác thay đổi (phiên bản ${current.version}), vui lòng tải lại`,
        en: `The period was changed since you read it (now version ${current.version}), please reload`,
      },
      'version',
    );
}

/** Closes an open period that has started (a tenant may close before the month ends, by its deadline). */
export function closePeriod(c: PeriodChange, current: PeriodRecord, actor: Actor, results: number): PeriodRecord {
  checkChange(c, current, actor);
  if (current.status === 'CLOSED')
    throw new FailedPreconditionError({ vi: `Kỳ ${c.period.key} đã đóng`, en: `Period ${c.period.key} is already closed` }, 'period');
  if (c.period.from > actor.today)
    throw new ValidationError('period', { vi: 'Kỳ đánh giá chưa bắt đầu', en: 'the period has not started yet' });
  return { ...current, status: 'CLOSED', closedAt: actor.now, closedBy: actor.principal.subject, results, version: current.version + 1 };
}

/** Reopens a closed period, saying why; its results are worked out live again until it closes anew. */
export function reopenPeriod(c: PeriodChange, current: PeriodRecord, actor: Actor): PeriodRecord {
  checkChange(c, current, actor);
  if (current.status !== 'CLOSED')
    throw new FailedPreconditionError({ vi: `Kỳ ${c.period.key} đang mở`, en: `Period ${c.period.key} is open` }, 'period');
  if (!c.reason)
    throw new ValidationError('reason', { vi: 'Cần nêu lý do mở lại kỳ đánh giá', en: 'reason is required to reopen a period' });
  return { ...current, status: 'OPEN', reason: c.reason, results: 0, version: current.version + 1 };
}

/** Nothing about a closed period's results changes any more. */
export function checkOpen(p: PeriodRecord): void {
  if (p.status === 'CLOSED')
    throw new FailedPreconditionError(
      { vi: `Kỳ ${p.period} đã đóng: kết quả không thay đổi được nữa`, en: `Period ${p.period} is closed: its results no longer change` },
      'period',
    );
}

/**
 * The day a period must close by: the `closingDay`th of the month after it ends (1–28), or its
 * own last day when `closingDay` is 0 (a tenant that closes as soon as the period ends).
 */
export function deadlineOf(p: Period, closingDay: number): string {
  if (closingDay === 0) return p.to;
  const [y, m] = p.to.split('-').map(Number);
  const next = m === 12 ? { y: y + 1, m: 1 } : { y, m: m + 1 };
  return `${next.y}-${String(next.m).padStart(2, '0')}-${String(closingDay).padStart(2, '0')}`;
}

/** Open while it runs, closing from its last day to its deadline, or closed. */
export function statusOn(r: PeriodRecord, p: Period, today: string, closingDay: number): 'OPEN' | 'CLOSING' | 'CLOSED' {
  if (r.status === 'CLOSED') return 'CLOSED';
  return today > p.to && today <= deadlineOf(p, closingDay) ? 'CLOSING' : 'OPEN';
}

/**
 * The periods whose deadline has passed by `today`, of the kinds the tenant closes on schedule,
 * among those that ended in the last `lookbackMonths` (older ones are HR's to close by hand).
 */
export function periodsPastDeadline(today: string, closingDay: number, kinds: readonly Period['kind'][], lookbackMonths = 3): Period[] {
  const [y, m] = today.split('-').map(Number);
  const out: Period[] = [];
  for (let back = 1; back <= lookbackMonths + 3; back++) {
    const total = y * 12 + (m - 1) - back;
    const key = `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
    const month = parsePeriod(key);
    const candidates = [
      ...(kinds.includes('MONTH') && back <= lookbackMonths ? [month] : []),
      ...(kinds.includes('QUARTER') && (total % 12) % 3 === 2 && back <= lookbackMonths + 2
        ? [parsePeriod(`${Math.floor(total / 12)}-Q${Math.floor((total % 12) / 3) + 1}`)]
        : []),
    ];
    for (const p of candidates) if (deadlineOf(p, closingDay) < today) out.push(p);
  }
  return out;
}
