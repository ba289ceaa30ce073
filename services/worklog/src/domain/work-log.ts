import {
  type Actor,
  AlreadyExistsError,
  check,
  coversOfficial,
  type DatedReach,
  type Decision,
  datedReach,
  daysBetween,
  hundredthsFromNumber,
  isString,
  type Page,
  PermissionDeniedError,
  readPage,
  todayInVietnam,
  unchanged,
  ValidationError,
} from '@thuocdo/kit';

/** One declaration (kê khai) in an official's work diary (nhật ký công việc). */
export interface WorkLogEntry {
  id: string;
  tenantId: string;
  officialId: string;
  /** Agency and unit of the official when the entry was written. */
  agencyId: string;
  unitId: string;
  /** Calendar date in Asia/Ho_Chi_Minh, "YYYY-MM-DD". */
  workDate: string;
  workItemId: string;
  /** Products delivered, in hundredths (150 is 1.50). */
  quantity: number;
  minutes: number;
  note: string;
  /** The client's idempotency key, when it sent one. */
  requestId: string | null;
  /** Subject of the token that wrote it. */
  createdBy: string;
  version: number;
  createdAt: Date;
}

export type WorklogEvent = { kind: 'WorkLogged'; entry: WorkLogEntry };

/** A day has 1,440 minutes; a single entry cannot exceed it. */
export const MAX_MINUTES_PER_ENTRY = 1440;
/** Largest quantity of one entry, in hundredths (100,000 products). */
export const MAX_QUANTITY = 10_000_000;
export const MAX_NOTE_LENGTH = 2000;

export interface LogWorkRules {
  /** How far back an entry may be dated, in days. */
  maxBackdateDays: number;
}

/** LogWork as grpc/ hands it over. `legacyQuantity` is the deprecated double field. */
export interface LogWorkRequest {
  officialId: string;
  workDate: string;
  workItemId: string;
  quantityDecimal: string;
  legacyQuantity: number;
  minutes: number;
  note: string;
  requestId: string;
}

export interface NewWorkLog {
  officialId: string;
  workDate: string;
  workItemId: string;
  /** Hundredths. */
  quantity: number;
  minutes: number;
  note: string;
  requestId: string | null;
}

function parseQuantity(r: LogWorkRequest): number {
  if (r.quantityDecimal || !r.legacyQuantity)
    return check.decimal('quantity_decimal', r.quantityDecimal, { min: 0, max: MAX_QUANTITY, aboveMin: true });
  // The deprecated double: accepted only when it stands for a decimal the column can hold.
  const q = hundredthsFromNumber(r.legacyQuantity);
  if (q === undefined || q <= 0 || q > MAX_QUANTITY)
    throw new ValidationError('quantity', {
      vi: 'Số lượng phải lớn hơn 0, tối đa 100000, không quá 2 chữ số thập phân',
      en: 'quantity must be above 0, at most 100000, with at most two decimals',
    });
  return q;
}

export function parseLogWork(r: LogWorkRequest, rules: LogWorkRules, now: Date): NewWorkLog {
  const officialId = check.id('official_id', r.officialId);
  const workDate = check.date('work_date', r.workDate);
  const age = daysBetween(workDate, todayInVietnam(now));
  if (age < 0)
    throw new ValidationError('work_date', { vi: 'Không được kê khai cho ngày trong tương lai', en: 'work_date cannot be in the future' });
  if (age > rules.maxBackdateDays)
    throw new ValidationError('work_date', {
      vi: `Chỉ được kê khai trong vòng ${rules.maxBackdateDays} ngày`,
      en: `work_date must be within the last ${rules.maxBackdateDays} days`,
    });
  return {
    officialId,
    workDate,
    workItemId: check.id('work_item_id', r.workItemId),
    quantity: parseQuantity(r),
    minutes: check.intRange('minutes', r.minutes, 1, MAX_MINUTES_PER_ENTRY),
    note: check.maxLength('note', r.note.trim(), MAX_NOTE_LENGTH),
    requestId: check.optionalId('request_id', r.requestId),
  };
}

/** What LogWork decides on besides the org directory: the work item as worklog knows it, and an earlier use of the request id. */
export interface LogWorkState {
  workItemKnown: boolean;
  /** Read only after the insert found the request id taken. */
  sameRequest?: WorkLogEntry;
}

const sameContent = (e: WorkLogEntry, w: NewWorkLog) =>
  e.officialId === w.officialId &&
  e.workDate === w.workDate &&
  e.workItemId === w.workItemId &&
  e.quantity === w.quantity &&
  e.minutes === w.minutes &&
  e.note === w.note;

/**
 * Who may write an official's diary is decided first, on what the caller may know: the
 * official themself; an integrator for officials posted, on the entry's date, in what its grants
 * reach. An official unknown to the directory is refused like one out of reach, unless the
 * caller's scope is the whole tenant, so that nobody learns which ids exist outside their scope.
 * The entry belongs to the official's main post of that date (or the nearest one). A request id
 * seen before with the same content answers the stored entry; with other content it is
 * ALREADY_EXISTS.
 */
export function logWork(w: NewWorkLog, s: LogWorkState, actor: Actor): Decision<WorkLogEntry, WorklogEvent> {
  const dir = actor.directory;
  if (!coversOfficial(actor.scope, dir, w.officialId, w.workDate))
    throw new PermissionDeniedError({
      vi: 'Không có quyền kê khai công việc cho người này',
      en: 'Not allowed to log work for this official',
    });
  if (s.sameRequest) {
    if (sameContent(s.sameRequest, w)) return unchanged(s.sameRequest);
    throw new AlreadyExistsError(
      { vi: 'Mã yêu cầu đã được dùng cho một kê khai khác', en: 'request_id was already used for another entry' },
      'request_id',
    );
  }
  const known = dir.official(w.officialId)?.tenantId === actor.principal.tenantId;
  const posts = known ? dir.postsOn(w.officialId, w.workDate) : [];
  const post = posts.find((m) => m.kind === 'MAIN') ?? posts[0];
  if (!post) throw new ValidationError('official_id', { vi: 'Không tìm thấy công chức', en: 'Unknown official' });
  if (!s.workItemKnown)
    throw new ValidationError('work_item_id', { vi: 'Đầu việc không có trong danh mục', en: 'Unknown work item: not in the catalog' });
  const entry: WorkLogEntry = {
    id: actor.newId(),
    tenantId: actor.principal.tenantId,
    officialId: w.officialId,
    agencyId: post.agencyId,
    unitId: post.unitId,
    workDate: w.workDate,
    workItemId: w.workItemId,
    quantity: w.quantity,
    minutes: w.minutes,
    note: w.note,
    requestId: w.requestId,
    createdBy: actor.principal.subject,
    version: 1,
    createdAt: actor.now,
  };
  return { entity: entry, events: [{ kind: 'WorkLogged', entry }] };
}

export interface ListWorkLogsRequest {
  officialId: string;
  fromDate: string;
  toDate: string;
  pageSize: number;
  pageToken: string;
}

export interface WorkLogQuery {
  filters: { officialId: string; fromDate: string; toDate: string };
  /** Entries stay inside what the caller reaches on each entry's date. */
  reach: DatedReach;
  /** After the id of the last entry seen (ids are UUIDv7: in order of writing). */
  page: Page<string>;
}

/**
 * Reading a diary: its owner; tenant-wide readers; unit heads, agency leaders and integrators for
 * an official posted in their reach within the dates asked (only the entries of days in reach
 * are listed). An official out of reach is refused, known or not.
 */
export function planListWorkLogs(r: ListWorkLogsRequest, actor: Actor): WorkLogQuery {
  const filters = {
    officialId: check.id('official_id', r.officialId),
    fromDate: check.date('from_date', r.fromDate),
    toDate: check.date('to_date', r.toDate),
  };
  if (daysBetween(filters.fromDate, filters.toDate) < 0)
    throw new ValidationError('to_date', { vi: 'Ngày kết thúc phải sau ngày bắt đầu', en: 'to_date must not be before from_date' });
  const { scope, directory } = actor;
  const reached = [filters.fromDate, filters.toDate].some((d) => coversOfficial(scope, directory, filters.officialId, d));
  if (!reached) throw new PermissionDeniedError();
  return { filters, reach: datedReach(scope, directory), page: readPage(r, filters, isString) };
}
