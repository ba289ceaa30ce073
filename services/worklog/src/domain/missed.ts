import {
  type Actor,
  check,
  coversOfficial,
  coversUnit,
  daysBetween,
  inRange,
  isString,
  type Page,
  PermissionDeniedError,
  readPage,
  todayInVietnam,
  ValidationError,
} from '@thuocdo/kit';
import { unitsUnder } from './work-log';
import { type Calendars, workingDaysBetween } from './working-calendar';

/** Longest range of one missed-declarations query. */
export const MAX_MISSED_DAYS = 92;

export interface MissedDeclarationsRequest {
  unitId: string;
  fromDate: string;
  toDate: string;
  pageSize: number;
  pageToken: string;
}

export interface MissedQuery {
  unitId: string;
  fromDate: string;
  toDate: string;
  /** After the official id of the last row seen. */
  page: Page<string>;
}

/**
 * Who logged nothing on which working days (kê khai sót), for a unit with its subtree: the
 * managers over the unit and tenant-wide readers; an official for their own unit sees only
 * themselves. Without a unit, the caller's own unit (their main post today). The range ends
 * today at the latest and spans at most 92 days.
 */
export function planMissedDeclarations(r: MissedDeclarationsRequest, actor: Actor): MissedQuery {
  const today = todayInVietnam(actor.now);
  const fromDate = check.date('from_date', r.fromDate);
  const toDate = check.date('to_date', r.toDate);
  if (daysBetween(fromDate, toDate) < 0)
    throw new ValidationError('to_date', { vi: 'Ngày kết thúc phải sau ngày bắt đầu', en: 'to_date must not be before from_date' });
  if (toDate > today)
    throw new ValidationError('to_date', { vi: 'Không được chọn ngày trong tương lai', en: 'to_date cannot be in the future' });
  if (daysBetween(fromDate, toDate) >= MAX_MISSED_DAYS)
    throw new ValidationError('to_date', {
      vi: `Khoảng thời gian tối đa ${MAX_MISSED_DAYS} ngày`,
      en: `The range is at most ${MAX_MISSED_DAYS} days`,
    });
  let unitId = check.optionalId('unit_id', r.unitId);
  const own = actor.principal.officialId ? actor.directory.postsOn(actor.principal.officialId, today) : [];
  unitId ??= (own.find((m) => m.kind === 'MAIN') ?? own[0])?.unitId ?? null;
  if (!unitId) throw new ValidationError('unit_id', { vi: 'Hãy chọn đơn vị', en: 'unit_id is required' });
  const known = actor.directory.unit(unitId)?.tenantId === actor.principal.tenantId;
  if (!known && !actor.scope.tenant) throw new PermissionDeniedError();
  if (!known) throw new ValidationError('unit_id', { vi: 'Không tìm thấy đơn vị', en: 'Unknown unit' });
  const reached = [fromDate, toDate].some((d) => coversUnit(actor.scope, actor.directory, unitId!, d));
  if (!reached && !actor.scope.officialId) throw new PermissionDeniedError();
  const filters = { unitId, fromDate, toDate };
  return { ...filters, page: readPage(r, filters, isString) };
}

/** An official of the unit and the working days they were expected to log, with their post's unit. */
export interface Expected {
  officialId: string;
  unitId: string;
  days: string[];
}

/**
 * The officials posted under the unit within the range, each with the working days on which
 * their post lay under it, in the caller's reach (their own only, for an official without a
 * manager's grant), ordered by id.
 */
export function expectedDays(q: MissedQuery, calendars: Calendars, actor: Actor): Expected[] {
  const dir = actor.directory;
  const working = workingDaysBetween(calendars, q.fromDate, q.toDate);
  const byOfficial = new Map<string, Expected>();
  for (const u of unitsUnder(actor, q.unitId, q.fromDate, q.toDate)) {
    for (const post of dir.postsInUnit(u.unitId)) {
      for (const day of working) {
        if (day < u.from || (u.to !== null && day >= u.to) || !inRange(post, day)) continue;
        if (!coversOfficial(actor.scope, dir, post.officialId, day)) continue;
        const known = byOfficial.get(post.officialId) ?? { officialId: post.officialId, unitId: post.unitId, days: [] };
        byOfficial.set(post.officialId, known);
        if (!known.days.includes(day)) known.days.push(day);
      }
    }
  }
  return [...byOfficial.values()].map((e) => ({ ...e, days: e.days.sort() })).sort((a, b) => (a.officialId < b.officialId ? -1 : 1));
}

export interface MissedDeclaration {
  officialId: string;
  unitId: string;
  missedDates: string[];
  workingDays: number;
}

/** The officials with a working day on which they logged nothing, and how many had none. */
export function missedDeclarations(expected: Expected[], logged: Map<string, Set<string>>) {
  const missed: MissedDeclaration[] = [];
  let complete = 0;
  for (const e of expected) {
    const days = logged.get(e.officialId);
    const missedDates = e.days.filter((d) => !days?.has(d));
    if (missedDates.length) missed.push({ officialId: e.officialId, unitId: e.unitId, missedDates, workingDays: e.days.length });
    else complete++;
  }
  return { missed, complete };
}
