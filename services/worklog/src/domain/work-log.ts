import {
  type Actor,
  AlreadyExistsError,
  type Bilingual,
  check,
  coversOfficial,
  type DatedReach,
  type Decision,
  DomainError,
  datedReach,
  daysBetween,
  FailedPreconditionError,
  hundredthsFromNumber,
  isString,
  NotFoundError,
  type Page,
  PermissionDeniedError,
  readPage,
  todayInVietnam,
  unchanged,
  ValidationError,
  VersionConflictError,
} from '@thuocdo/kit';
import { checkTimeOfDay, type DiarySettings, isClosedOn } from './diary-settings';
import { minutesFor, revisionOn, type WorkItemRevisionRef } from './work-item-ref';
import { type Calendars, exceptionOn, isWorkingDay, onTimeFrom } from './working-calendar';

export type WorkLogStatus = 'LOGGED' | 'AWAITING_LATE_APPROVAL' | 'APPROVED' | 'RETURNED' | 'DELETED';

/** Who reviewed an entry last, when, and what they said. */
export interface WorkLogReview {
  by: string;
  at: Date;
  comment: string;
}

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
  /** The catalog revision in force on workDate: the standard the entry is measured by. */
  workItemRevision: number;
  /** Products delivered, in hundredths (150 is 1.50). */
  quantity: number;
  minutes: number;
  note: string;
  taskId: string | null;
  evidence: string;
  /** "HH:MM", both or neither. */
  startTime: string | null;
  endTime: string | null;
  status: WorkLogStatus;
  review: WorkLogReview | null;
  /** The client's idempotency key, when it sent one. */
  requestId: string | null;
  /** Subject of the token that wrote it. */
  createdBy: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type WorkLogChange = 'UPDATED' | 'DELETED' | 'APPROVED' | 'RETURNED';

export type WorklogEvent =
  | { kind: 'WorkLogged'; entry: WorkLogEntry }
  | { kind: 'WorkLogChanged'; entry: WorkLogEntry; previous: WorkLogEntry; change: WorkLogChange };

/** A day has 1,440 minutes; a single entry cannot exceed it. */
export const MAX_MINUTES_PER_ENTRY = 1440;
/** Largest quantity of one entry, in hundredths (100,000 products). */
export const MAX_QUANTITY = 10_000_000;
export const MAX_NOTE_LENGTH = 2000;
export const MAX_EVIDENCE_LENGTH = 500;
/** Entries of one LogWorkBatch; entries of one ReviewWorkLogs. */
export const MAX_BATCH = 5000;
export const MAX_REVIEW = 1000;

export interface LogWorkRules {
  /** How far back an entry may be dated at all, in days (later than the late window: those need approval). */
  maxBackdateDays: number;
}

/** LogWork as grpc/ hands it over. `legacyQuantity` is the deprecated double field. */
export interface LogWorkRequest {
  officialId: string;
  workDate: string;
  workItemId: string;
  quantityDecimal: string;
  legacyQuantity: number;
  /** 0: the catalog's default. */
  minutes: number;
  note: string;
  requestId: string;
  taskId: string;
  evidence: string;
  startTime: string;
  endTime: string;
}

/** What an entry says, checked field by field. */
export interface WorkLogFields {
  officialId: string;
  workDate: string;
  workItemId: string;
  /** Hundredths. */
  quantity: number;
  /** null: the catalog's default for the quantity. */
  minutes: number | null;
  note: string;
  taskId: string | null;
  evidence: string;
  startTime: string | null;
  endTime: string | null;
}

export interface NewWorkLog extends WorkLogFields {
  requestId: string | null;
}

function parseQuantity(r: { quantityDecimal: string; legacyQuantity: number }): number {
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

function parseDate(field: string, value: string, rules: LogWorkRules, now: Date): string {
  const workDate = check.date(field, value);
  const age = daysBetween(workDate, todayInVietnam(now));
  if (age < 0)
    throw new ValidationError(field, { vi: 'Không được kê khai cho ngày trong tương lai', en: `${field} cannot be in the future` });
  if (age > rules.maxBackdateDays)
    throw new ValidationError(field, {
      vi: `Chỉ được kê khai trong vòng ${rules.maxBackdateDays} ngày`,
      en: `${field} must be within the last ${rules.maxBackdateDays} days`,
    });
  return workDate;
}

function parseTimes(startTime: string, endTime: string): { startTime: string | null; endTime: string | null } {
  if (!startTime && !endTime) return { startTime: null, endTime: null };
  const start = checkTimeOfDay('start_time', startTime);
  const end = checkTimeOfDay('end_time', endTime);
  if (end <= start)
    throw new ValidationError('end_time', { vi: 'Giờ kết thúc phải sau giờ bắt đầu', en: 'end_time must be after start_time' });
  return { startTime: start, endTime: end };
}

/** The fields every write of an entry shares (LogWork, a batch's entries, UpdateWorkLog). */
function parseFields(r: Omit<LogWorkRequest, 'requestId'>, rules: LogWorkRules, now: Date): WorkLogFields {
  return {
    officialId: check.id('official_id', r.officialId),
    workDate: parseDate('work_date', r.workDate, rules, now),
    workItemId: check.id('work_item_id', r.workItemId),
    quantity: parseQuantity(r),
    minutes: r.minutes === 0 ? null : check.intRange('minutes', r.minutes, 1, MAX_MINUTES_PER_ENTRY),
    note: check.maxLength('note', r.note.trim(), MAX_NOTE_LENGTH),
    taskId: check.optionalId('task_id', r.taskId),
    evidence: check.maxLength('evidence', r.evidence.trim(), MAX_EVIDENCE_LENGTH),
    ...parseTimes(r.startTime, r.endTime),
  };
}

export function parseLogWork(r: LogWorkRequest, rules: LogWorkRules, now: Date): NewWorkLog {
  return { ...parseFields(r, rules, now), requestId: check.optionalId('request_id', r.requestId) };
}

/** A task as the diary needs it: who may log work for it, and whether it is still open. */
export interface TaskRef {
  id: string;
  workItemId: string;
  status: string;
  leadAssigneeId: string;
  supportingAssigneeIds: string[];
}

/** The rules and calendars a diary decision is taken under, and today's date. */
export interface DiaryContext {
  settings: DiarySettings;
  calendars: Calendars;
  today: string;
}

/**
 * An official's day as stored: its entries that count (not deleted). Read when a write must be
 * explained: after the write's own guards refused it (a duplicate, an overlap, the day's limit, a
 * closed month), and for batches and edits, which check everything before writing.
 */
export interface DayState {
  entries: WorkLogEntry[];
}

export const dayKey = (officialId: string, date: string) => `${officialId}/${date}`;

/** What LogWork decides on besides the org directory. */
export interface LogWorkState {
  context: DiaryContext;
  /** The item's published revisions, newest first (none: unknown). */
  revisions: WorkItemRevisionRef[];
  /** The task named, when one is (null: not found). */
  task?: TaskRef | null;
  /** Read only after the write found the request id taken. */
  sameRequest?: WorkLogEntry;
  /** Read only after a write was refused by its guards; batches always read it. */
  day?: DayState;
}

const sameContent = (e: WorkLogEntry, w: NewWorkLog, minutes: number) =>
  e.officialId === w.officialId &&
  e.workDate === w.workDate &&
  e.workItemId === w.workItemId &&
  e.quantity === w.quantity &&
  e.minutes === minutes &&
  e.note === w.note &&
  e.taskId === w.taskId &&
  e.evidence === w.evidence &&
  e.startTime === w.startTime &&
  e.endTime === w.endTime;

/** Two entries that say the same thing: the same work, amount, time and note on the same day. */
const duplicates = (e: WorkLogEntry, w: WorkLogFields, minutes: number) =>
  e.workItemId === w.workItemId &&
  e.quantity === w.quantity &&
  e.minutes === minutes &&
  e.note === w.note &&
  e.taskId === w.taskId &&
  e.startTime === w.startTime;

const overlaps = (e: WorkLogEntry, w: WorkLogFields) =>
  w.startTime !== null && e.startTime !== null && e.endTime !== null && e.startTime < w.endTime! && w.startTime < e.endTime;

const closedMonth = (date: string): Bilingual => ({
  vi: `Tháng ${date.slice(5, 7)}/${date.slice(0, 4)} đã khóa sổ: không thể thay đổi nhật ký của tháng này`,
  en: `The diary of ${date.slice(0, 7)} is closed: nothing in it can change`,
});

/** The revision of the item in force on the date, and the minutes the entry declares. */
function measure(w: WorkLogFields, revisions: readonly WorkItemRevisionRef[]): { revision: WorkItemRevisionRef; minutes: number } {
  const revision = revisionOn(revisions, w.workDate);
  if (!revision)
    throw new ValidationError(
      'work_item_id',
      revisions.length
        ? { vi: 'Đầu việc không có hiệu lực vào ngày kê khai', en: 'The work item is not in force on work_date' }
        : { vi: 'Đầu việc không có trong danh mục', en: 'Unknown work item: not in the catalog' },
    );
  const range = minutesFor(revision, w.quantity);
  if (w.minutes === null) return { revision, minutes: Math.min(range.standard, MAX_MINUTES_PER_ENTRY) };
  if (w.minutes < range.min || w.minutes > range.max)
    throw new ValidationError('minutes', {
      vi: `Số phút phải từ ${range.min} đến ${range.max} cho số lượng này (theo thời gian chuẩn và hệ số của đầu việc)`,
      en: `minutes must be from ${range.min} to ${range.max} for this quantity (the item's standard time and coefficients)`,
    });
  return { revision, minutes: w.minutes };
}

function checkTask(w: WorkLogFields, task: TaskRef | null | undefined): void {
  if (w.taskId === null) return;
  if (!task || (task.leadAssigneeId !== w.officialId && !task.supportingAssigneeIds.includes(w.officialId)))
    throw new ValidationError('task_id', {
      vi: 'Không tìm thấy nhiệm vụ được giao cho công chức này',
      en: 'No task with this id is assigned to the official',
    });
  if (task.status === 'CANCELLED') throw new ValidationError('task_id', { vi: 'Nhiệm vụ đã bị hủy', en: 'The task was cancelled' });
}

/** Checks an entry against the day it joins (entries other than `self`): duplicates, overlaps, the hard limit. */
function checkDay(w: WorkLogFields, minutes: number, day: DayState, context: DiaryContext, self?: string): void {
  const others = day.entries.filter((e) => e.id !== self && e.status !== 'DELETED');
  const twin = others.find((e) => duplicates(e, w, minutes));
  if (twin)
    throw new AlreadyExistsError(
      {
        vi: 'Đã có một kê khai giống hệt trong ngày này; nếu làm thêm, hãy tăng số lượng của kê khai đó',
        en: 'An identical entry already exists on this day; to add more, raise its quantity',
      },
      'work_item_id',
    );
  const clash = others.find((e) => overlaps(e, w));
  if (clash)
    throw new ValidationError('start_time', {
      vi: `Thời gian trùng với kê khai ${clash.startTime}–${clash.endTime} trong cùng ngày`,
      en: `The time overlaps the entry ${clash.startTime}–${clash.endTime} of the same day`,
    });
  const total = others.reduce((sum, e) => sum + e.minutes, 0) + minutes;
  if (total > context.settings.hardLimitMinutes)
    throw new ValidationError('minutes', {
      vi: `Tổng thời gian của ngày sẽ là ${total} phút, vượt giới hạn ${context.settings.hardLimitMinutes} phút`,
      en: `The day's total would be ${total} minutes, above the limit of ${context.settings.hardLimitMinutes}`,
    });
}

/** Whether an entry of this date now waits for a manager's approval (declared after the late window). */
export const isLate = (context: DiaryContext, date: string) =>
  date < onTimeFrom(context.calendars, context.today, context.settings.lateAfterWorkingDays);

export interface DiaryWarning {
  code: 'DAY_OVER_STANDARD' | 'LATE_NEEDS_APPROVAL' | 'NOT_A_WORKING_DAY';
  text: Bilingual;
}

/** What the caller is told about an accepted entry, once the day's total after the write is known. */
export function warningsFor(entry: WorkLogEntry, dayTotal: number, context: DiaryContext): DiaryWarning[] {
  const out: DiaryWarning[] = [];
  const standard = context.settings.standardDayMinutes;
  if (dayTotal > standard)
    out.push({
      code: 'DAY_OVER_STANDARD',
      text: {
        vi: `Tổng thời gian ngày ${entry.workDate} là ${dayTotal} phút, vượt ngày làm việc chuẩn ${standard} phút: hãy kiểm tra lại`,
        en: `The total for ${entry.workDate} is ${dayTotal} minutes, above the standard working day of ${standard}: please check it`,
      },
    });
  if (entry.status === 'AWAITING_LATE_APPROVAL')
    out.push({
      code: 'LATE_NEEDS_APPROVAL',
      text: {
        vi: `Kê khai sau ${context.settings.lateAfterWorkingDays} ngày làm việc: cần người quản lý phê duyệt`,
        en: `Declared after ${context.settings.lateAfterWorkingDays} working days: it needs a manager's approval`,
      },
    });
  if (!isWorkingDay(context.calendars, entry.workDate)) {
    const name = exceptionOn(context.calendars, entry.workDate)?.name;
    out.push({
      code: 'NOT_A_WORKING_DAY',
      text: {
        vi: `Ngày ${entry.workDate} không phải ngày làm việc${name ? ` (${name})` : ''}`,
        en: `${entry.workDate} is not a working day${name ? ` (${name})` : ''}`,
      },
    });
  }
  return out;
}

/** Who may write an official's diary: the official themself; an integrator for officials posted, on the date, in its reach. */
function checkWriter(actor: Actor, officialId: string, date: string): void {
  if (!coversOfficial(actor.scope, actor.directory, officialId, date))
    throw new PermissionDeniedError({
      vi: 'Không có quyền kê khai công việc cho người này',
      en: 'Not allowed to log work for this official',
    });
}

/** The official's post the entry belongs to: the main one of that date (or the nearest). */
function postOf(actor: Actor, officialId: string, date: string) {
  const dir = actor.directory;
  const known = dir.official(officialId)?.tenantId === actor.principal.tenantId;
  const posts = known ? dir.postsOn(officialId, date) : [];
  const post = posts.find((m) => m.kind === 'MAIN') ?? posts[0];
  if (!post) throw new ValidationError('official_id', { vi: 'Không tìm thấy công chức', en: 'Unknown official' });
  return post;
}

/**
 * A new entry. Who may write is decided first, on what the caller may know (an official unknown
 * to the directory is refused like one out of reach, unless the caller's scope is the whole
 * tenant). A request id seen before with the same content answers the stored entry; with other
 * content it is ALREADY_EXISTS. The entry is measured by the item's revision in force on its
 * date; minutes default to the standard time of the quantity and may range as the item's
 * coefficients allow. An entry past the late window waits for a manager's approval. Nothing is
 * written into a closed month. The day's duplicates, overlaps and hard limit are checked when
 * the day was read (the write's own statement guards them otherwise).
 */
export function logWork(w: NewWorkLog, s: LogWorkState, actor: Actor): Decision<WorkLogEntry, WorklogEvent> {
  checkWriter(actor, w.officialId, w.workDate);
  if (s.sameRequest) {
    const { minutes } = w.minutes === null ? measure(w, s.revisions) : { minutes: w.minutes };
    if (sameContent(s.sameRequest, w, minutes)) return unchanged(s.sameRequest);
    throw new AlreadyExistsError(
      { vi: 'Mã yêu cầu đã được dùng cho một kê khai khác', en: 'request_id was already used for another entry' },
      'request_id',
    );
  }
  const post = postOf(actor, w.officialId, w.workDate);
  if (isClosedOn(s.context.settings, w.workDate)) throw new FailedPreconditionError(closedMonth(w.workDate), 'work_date');
  const { revision, minutes } = measure(w, s.revisions);
  checkTask(w, s.task);
  if (s.day) checkDay(w, minutes, s.day, s.context);
  const entry: WorkLogEntry = {
    id: actor.newId(),
    tenantId: actor.principal.tenantId,
    officialId: w.officialId,
    agencyId: post.agencyId,
    unitId: post.unitId,
    workDate: w.workDate,
    workItemId: w.workItemId,
    workItemRevision: revision.revision,
    quantity: w.quantity,
    minutes,
    note: w.note,
    taskId: w.taskId,
    evidence: w.evidence,
    startTime: w.startTime,
    endTime: w.endTime,
    status: isLate(s.context, w.workDate) ? 'AWAITING_LATE_APPROVAL' : 'LOGGED',
    review: null,
    requestId: w.requestId,
    createdBy: actor.principal.subject,
    version: 1,
    createdAt: actor.now,
    updatedAt: actor.now,
  };
  return { entity: entry, events: [{ kind: 'WorkLogged', entry }] };
}

/** Whether an entry may still change: not approved, not withdrawn, not in a closed month. */
function checkChangeable(e: WorkLogEntry, settings: DiarySettings): void {
  if (e.status === 'APPROVED' || e.status === 'DELETED')
    throw new FailedPreconditionError(
      e.status === 'APPROVED'
        ? { vi: 'Kê khai đã được phê duyệt: không thể sửa hay xóa', en: 'The entry was approved: it can no longer change' }
        : { vi: 'Kê khai đã bị xóa', en: 'The entry was deleted' },
      'id',
    );
  if (isClosedOn(settings, e.workDate)) throw new FailedPreconditionError(closedMonth(e.workDate), 'id');
}

function checkVersion(e: WorkLogEntry, version: number): void {
  if (version !== 0 && version !== e.version)
    throw new VersionConflictError({
      vi: 'Kê khai vừa được người khác thay đổi, vui lòng tải lại',
      en: 'The entry was changed since you read it, please reload',
    });
}

export interface UpdateWorkLogRequest extends Omit<LogWorkRequest, 'officialId' | 'requestId'> {
  id: string;
  version: number;
}

export interface WorkLogUpdate {
  id: string;
  version: number;
  fields: Omit<WorkLogFields, 'officialId'>;
}

export function parseUpdateWorkLog(r: UpdateWorkLogRequest, rules: LogWorkRules, now: Date): WorkLogUpdate {
  const id = check.id('id', r.id);
  // The official never changes: parse with a placeholder and drop it.
  const { officialId: _, ...fields } = parseFields({ ...r, officialId: id }, rules, now);
  return { id, version: r.version, fields };
}

export interface UpdateWorkLogState extends Omit<LogWorkState, 'sameRequest'> {
  entry: WorkLogEntry | undefined;
  /** The day the entry moves into (its own day when the date stays). */
  day: DayState;
}

/**
 * The official (or an integrator in reach) edits an entry not yet approved: measured again by
 * the revision in force on its (maybe new) date; a returned entry goes back for review; an
 * entry whose date is past the late window waits for approval again.
 */
export function updateWorkLog(u: WorkLogUpdate, s: UpdateWorkLogState, actor: Actor): Decision<WorkLogEntry, WorklogEvent> {
  const e = s.entry;
  if (!e || !coversOfficial(actor.scope, actor.directory, e.officialId, e.workDate)) throw notFound();
  const w = { ...u.fields, officialId: e.officialId };
  checkWriter(actor, e.officialId, w.workDate);
  checkVersion(e, u.version);
  checkChangeable(e, s.context.settings);
  if (isClosedOn(s.context.settings, w.workDate)) throw new FailedPreconditionError(closedMonth(w.workDate), 'work_date');
  const { revision, minutes } = measure(w, s.revisions);
  checkTask(w, s.task);
  checkDay(w, minutes, s.day, s.context, e.id);
  const post = w.workDate === e.workDate ? { agencyId: e.agencyId, unitId: e.unitId } : postOf(actor, e.officialId, w.workDate);
  const entry: WorkLogEntry = {
    ...e,
    ...w,
    agencyId: post.agencyId,
    unitId: post.unitId,
    workItemRevision: revision.revision,
    minutes,
    status: isLate(s.context, w.workDate) ? 'AWAITING_LATE_APPROVAL' : 'LOGGED',
    version: e.version + 1,
    updatedAt: actor.now,
  };
  return { entity: entry, events: [{ kind: 'WorkLogChanged', entry, previous: e, change: 'UPDATED' }] };
}

export interface DeleteWorkLogState {
  context: DiaryContext;
  entry: WorkLogEntry | undefined;
}

/** The official withdraws an entry not yet approved: it stays, marked DELETED, and counts nowhere. */
export function deleteWorkLog(version: number, s: DeleteWorkLogState, actor: Actor): Decision<WorkLogEntry, WorklogEvent> {
  const e = s.entry;
  if (!e || !coversOfficial(actor.scope, actor.directory, e.officialId, e.workDate)) throw notFound();
  checkVersion(e, version);
  checkChangeable(e, s.context.settings);
  const entry: WorkLogEntry = { ...e, status: 'DELETED', version: e.version + 1, updatedAt: actor.now };
  return { entity: entry, events: [{ kind: 'WorkLogChanged', entry, previous: e, change: 'DELETED' }] };
}

/** Not found and out of reach answer alike, so that nobody learns which ids exist outside their reach. */
const notFound = () => new NotFoundError({ vi: 'Không tìm thấy kê khai', en: 'No such entry' }, 'id');

// ─── Review ────────────────────────────────────────────────────────────────────────────────────

export type ReviewDecision = 'APPROVE' | 'RETURN';

export interface ReviewRequest {
  entries: { id: string; version: number }[];
  decision: ReviewDecision;
  comment: string;
}

export function parseReview(r: { entries: { id: string; version: number }[]; decision: string; comment: string }): ReviewRequest {
  if (!r.entries.length) throw new ValidationError('entries', { vi: 'Chưa chọn kê khai nào', en: 'entries is empty' });
  if (r.entries.length > MAX_REVIEW)
    throw new ValidationError('entries', { vi: `Tối đa ${MAX_REVIEW} kê khai mỗi lần`, en: `At most ${MAX_REVIEW} entries at a time` });
  const decision = check.oneOf<string>('decision', r.decision, ['APPROVE', 'RETURN']) as ReviewDecision;
  const comment = check.maxLength('comment', r.comment.trim(), MAX_NOTE_LENGTH);
  if (decision === 'RETURN' && !comment)
    throw new ValidationError('comment', { vi: 'Khi trả lại, hãy ghi rõ cần sửa gì', en: 'A return needs a comment saying what to fix' });
  const seen = new Set<string>();
  const entries = r.entries.map((e, i) => {
    const id = check.id(`entries[${i}].id`, e.id);
    if (seen.has(id)) throw new ValidationError(`entries[${i}].id`, { vi: 'Kê khai bị chọn hai lần', en: 'The entry is listed twice' });
    seen.add(id);
    return { id, version: e.version };
  });
  return { entries, decision, comment };
}

/** The result of one reviewed entry: its decision, or the error that stopped it. */
export type ReviewOutcome = { id: string; decision: Decision<WorkLogEntry, WorklogEvent> } | { id: string; error: Error };

/**
 * Managers over the official on the entry's date approve or return entries; never their own.
 * Approving an approved entry, or returning a returned one, changes nothing (two managers
 * approving together: one approval, no error). An entry out of reach is not found.
 */
export function reviewWorkLog(
  r: ReviewRequest,
  wanted: { id: string; version: number },
  e: WorkLogEntry | undefined,
  context: DiaryContext,
  actor: Actor,
): Decision<WorkLogEntry, WorklogEvent> {
  if (!e || !coversOfficial(actor.scope, actor.directory, e.officialId, e.workDate)) throw notFound();
  if (e.officialId === actor.principal.officialId)
    throw new PermissionDeniedError({
      vi: 'Không thể tự duyệt kê khai của chính mình',
      en: 'You cannot review your own entries',
    });
  const target: WorkLogStatus = r.decision === 'APPROVE' ? 'APPROVED' : 'RETURNED';
  if (e.status === target) return unchanged(e);
  checkVersion(e, wanted.version);
  if (isClosedOn(context.settings, e.workDate)) throw new FailedPreconditionError(closedMonth(e.workDate), 'entries');
  const allowed: WorkLogStatus[] =
    r.decision === 'APPROVE' ? ['LOGGED', 'AWAITING_LATE_APPROVAL', 'RETURNED'] : ['LOGGED', 'AWAITING_LATE_APPROVAL'];
  if (!allowed.includes(e.status))
    throw new FailedPreconditionError(
      {
        vi: `Kê khai đang ở trạng thái ${STATUS_VI[e.status]}: không thể ${r.decision === 'APPROVE' ? 'phê duyệt' : 'trả lại'}`,
        en: `The entry is ${e.status}: it cannot be ${r.decision === 'APPROVE' ? 'approved' : 'returned'}`,
      },
      'entries',
    );
  const entry: WorkLogEntry = {
    ...e,
    status: target,
    review: { by: actor.principal.subject, at: actor.now, comment: r.comment },
    version: e.version + 1,
    updatedAt: actor.now,
  };
  return {
    entity: entry,
    events: [{ kind: 'WorkLogChanged', entry, previous: e, change: r.decision === 'APPROVE' ? 'APPROVED' : 'RETURNED' }],
  };
}

const STATUS_VI: Record<WorkLogStatus, string> = {
  LOGGED: 'chờ duyệt',
  AWAITING_LATE_APPROVAL: 'chờ duyệt kê khai muộn',
  APPROVED: 'đã duyệt',
  RETURNED: 'bị trả lại',
  DELETED: 'đã xóa',
};

// ─── Reading ───────────────────────────────────────────────────────────────────────────────────

export interface ListWorkLogsRequest {
  officialId: string;
  unitId: string;
  fromDate: string;
  toDate: string;
  /** Status names as sent ('' for one the API does not know). */
  statuses: string[];
  pageSize: number;
  pageToken: string;
}

export interface WorkLogQuery {
  filters: { officialId: string | null; unitId: string | null; fromDate: string; toDate: string; statuses: WorkLogStatus[] };
  /** With unitId: the units under it on the dates they lay there (unit, from, to). */
  units: { unitId: string; from: string; to: string | null }[] | null;
  /** Entries stay inside what the caller reaches on each entry's date. */
  reach: DatedReach;
  /** After the id of the last entry seen (ids are UUIDv7: in order of writing). */
  page: Page<string>;
}

/** Longest range of one list, in days: a year. */
export const MAX_LIST_DAYS = 366;

const STATUSES: readonly WorkLogStatus[] = ['LOGGED', 'AWAITING_LATE_APPROVAL', 'APPROVED', 'RETURNED', 'DELETED'];

/**
 * Reading the diary: its owner; tenant-wide readers; unit heads, agency leaders and integrators
 * for the entries of days on which the official was posted in their reach. One official's
 * entries (refused when out of reach, known or not), a unit's with its subtree, or everything
 * the caller reaches.
 */
export function planListWorkLogs(r: ListWorkLogsRequest, actor: Actor): WorkLogQuery {
  const fromDate = check.date('from_date', r.fromDate);
  const toDate = check.date('to_date', r.toDate);
  const span = daysBetween(fromDate, toDate);
  if (span < 0)
    throw new ValidationError('to_date', { vi: 'Ngày kết thúc phải sau ngày bắt đầu', en: 'to_date must not be before from_date' });
  if (span > MAX_LIST_DAYS)
    throw new ValidationError('to_date', { vi: 'Khoảng thời gian tối đa một năm', en: 'The range is at most one year' });
  const statuses = [...new Set(r.statuses.map((s, i) => check.oneOf<string>(`statuses[${i}]`, s, STATUSES) as WorkLogStatus))].sort();
  const filters = {
    officialId: check.optionalId('official_id', r.officialId),
    unitId: check.optionalId('unit_id', r.unitId),
    fromDate,
    toDate,
    statuses,
  };
  const { scope, directory } = actor;
  if (filters.officialId) {
    const reached = [fromDate, toDate].some((d) => coversOfficial(scope, directory, filters.officialId!, d));
    if (!reached) throw new PermissionDeniedError();
  }
  let units: WorkLogQuery['units'] = null;
  if (filters.unitId) {
    if (!directory.unit(filters.unitId)) throw new ValidationError('unit_id', { vi: 'Không tìm thấy đơn vị', en: 'Unknown unit' });
    units = unitsUnder(actor, filters.unitId, fromDate, toDate);
  }
  return { filters, units, reach: datedReach(scope, directory), page: readPage(r, filters, isString) };
}

/**
 * The units that lay under a unit (itself included) on some day of a range, each with the dates
 * it did: worked out day by day over the agency's units (ranges are at most a year, units of an
 * agency at most a few hundred).
 */
export function unitsUnder(actor: Actor, rootId: string, from: string, to: string): { unitId: string; from: string; to: string | null }[] {
  const dir = actor.directory;
  const root = dir.unit(rootId);
  if (!root) return [];
  const out: { unitId: string; from: string; to: string | null }[] = [];
  for (const u of dir.unitsOfAgency(root.agencyId)) {
    let start: string | null = null;
    for (let d = from; d <= to; d = nextDay(d)) {
      const under = dir.ancestryOn(u.id, d).includes(rootId);
      if (under && start === null) start = d;
      if (!under && start !== null) {
        out.push({ unitId: u.id, from: start, to: d });
        start = null;
      }
    }
    if (start !== null) out.push({ unitId: u.id, from: start, to: nextDay(to) });
  }
  return out;
}

const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

// ─── Batches ───────────────────────────────────────────────────────────────────────────────────

/** An entry of a batch as parsed: the entry, or why it could not be read. */
export type ParsedBatchEntry = { entry: NewWorkLog } | { error: DomainError };

/** What a batch decides on, read at once for all its entries. */
export interface BatchState {
  context: DiaryContext;
  revisions: Map<string, WorkItemRevisionRef[]>;
  tasks: Map<string, TaskRef>;
  /** Entries already written under the batch's request ids. */
  sameRequests: Map<string, WorkLogEntry>;
  /** The counted entries of every official-day the batch touches, by dayKey. */
  days: Map<string, DayState>;
}

export type BatchItem = { decision: Decision<WorkLogEntry, WorklogEvent> } | { error: DomainError };

export function parseBatch(entries: LogWorkRequest[], rules: LogWorkRules, now: Date): ParsedBatchEntry[] {
  if (!entries.length) throw new ValidationError('entries', { vi: 'Lô kê khai trống', en: 'entries is empty' });
  if (entries.length > MAX_BATCH)
    throw new ValidationError('entries', { vi: `Tối đa ${MAX_BATCH} kê khai mỗi lô`, en: `At most ${MAX_BATCH} entries in a batch` });
  return entries.map((r, i) => {
    try {
      return { entry: parseLogWork(r, rules, now) };
    } catch (err) {
      if (err instanceof DomainError) return { error: withIndex(err, i) };
      throw err;
    }
  });
}

/** A batch entry's error names its field inside the batch: entries[3].minutes. */
const withIndex = (err: DomainError, i: number): DomainError => {
  const copy = Object.create(Object.getPrototypeOf(err)) as DomainError;
  Object.assign(copy, err, { field: err.field ? `entries[${i}].${err.field}` : `entries[${i}]`, message: err.message });
  return copy;
};

/**
 * Decides a batch entry by entry, in order, as LogWork would one at a time: each accepted entry
 * joins its day, so that the batch's own duplicates, overlaps and totals count; a request id
 * repeated inside the batch answers the first. With allOrNothing, one refused entry stops
 * every new one.
 */
export function logWorkBatch(parsed: ParsedBatchEntry[], s: BatchState, actor: Actor, allOrNothing: boolean): BatchItem[] {
  const seen = new Map(s.sameRequests);
  const items: BatchItem[] = parsed.map((p, i) => {
    if ('error' in p) return p;
    const w = p.entry;
    const key = dayKey(w.officialId, w.workDate);
    const day = s.days.get(key) ?? { entries: [] };
    s.days.set(key, day);
    try {
      const decision = logWork(
        w,
        {
          context: s.context,
          revisions: s.revisions.get(w.workItemId) ?? [],
          task: w.taskId ? (s.tasks.get(w.taskId) ?? null) : undefined,
          sameRequest: w.requestId ? seen.get(w.requestId) : undefined,
          day,
        },
        actor,
      );
      if (!decision.unchanged) {
        day.entries.push(decision.entity);
        if (w.requestId) seen.set(w.requestId, decision.entity);
      }
      return { decision };
    } catch (err) {
      if (err instanceof DomainError) return { error: withIndex(err, i) };
      throw err;
    }
  });
  if (!allOrNothing || !items.some((x) => 'error' in x)) return items;
  return items.map((x) =>
    'error' in x || x.decision.unchanged
      ? x
      : {
          error: new FailedPreconditionError(
            {
              vi: 'Chưa ghi: một kê khai khác trong lô bị từ chối (chế độ tất cả hoặc không)',
              en: 'Not written: another entry of the batch was refused (all or nothing)',
            },
            'all_or_nothing',
          ),
        },
  );
}

/** The day's counted total as a batch's state holds it (for repeats, which wrote nothing). */
export const dayTotalOf = (day: DayState | undefined) => (day?.entries ?? []).reduce((sum, e) => sum + e.minutes, 0);
