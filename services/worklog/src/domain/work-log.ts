import { check, daysBetween, PermissionDeniedError, type Principal, todayInVietnam, ValidationError } from '@thuocdo/kit';
import type { worklogV1 } from '@thuocdo/proto';

export interface NewWorkLog {
  officialId: string;
  workDate: string;
  workItemId: string;
  quantity: number;
  minutes: number;
  note: string;
  requestId: string | null;
}

/** A day has 1,440 minutes; a single entry cannot exceed it. */
export const MAX_MINUTES_PER_ENTRY = 1440;
export const MAX_QUANTITY = 100_000;
export const MAX_NOTE_LENGTH = 2000;

export interface LogWorkRules {
  maxBackdateDays: number;
  now?: Date;
}

export function parseLogWork(req: worklogV1.LogWorkRequest, rules: LogWorkRules): NewWorkLog {
  const officialId = check.uuid('official_id', check.required('official_id', req.officialId));
  const workDate = check.date('work_date', req.workDate);
  const today = todayInVietnam(rules.now);
  const age = daysBetween(workDate, today);
  if (age < 0)
    throw new ValidationError('work_date', { vi: 'Không được kê khai cho ngày trong tương lai', en: 'work_date cannot be in the future' });
  if (age > rules.maxBackdateDays)
    throw new ValidationError('work_date', {
      vi: `Chỉ được kê khai trong vòng ${rules.maxBackdateDays} ngày`,
      en: `work_date must be within the last ${rules.maxBackdateDays} days`,
    });
  const workItemId = check.uuid('work_item_id', check.required('work_item_id', req.workItemId));
  const quantity = req.quantity;
  // Two decimals at most, judged with a tolerance: 1.1 * 100 is 110.00000000000001 in binary.
  const hundredths = quantity * 100;
  if (!Number.isFinite(quantity) || quantity <= 0 || quantity > MAX_QUANTITY || Math.abs(hundredths - Math.round(hundredths)) > 1e-6)
    throw new ValidationError('quantity', {
      vi: `Số lượng phải lớn hơn 0, tối đa ${MAX_QUANTITY}, không quá 2 chữ số thập phân`,
      en: `quantity must be above 0, at most ${MAX_QUANTITY}, with at most two decimals`,
    });
  const minutes = check.intRange('minutes', req.minutes, 1, MAX_MINUTES_PER_ENTRY);
  const note = check.maxLength('note', req.note.trim(), MAX_NOTE_LENGTH);
  const requestId = req.requestId ? check.uuid('request_id', req.requestId) : null;
  return { officialId, workDate, workItemId, quantity, minutes, note, requestId };
}

export interface OfficialRef {
  agencyId: string;
  unitId: string;
}

/**
 * Who may write an official's diary: the official themself; an integrator (document system)
 * for officials of its agency, or of the whole tenant when its grant is tenant-wide.
 */
export function canLogFor(p: Principal, officialId: string, official: OfficialRef): void {
  if (p.roles.includes('official') && p.officialId === officialId) return;
  if (p.roles.includes('integrator') && (!p.agencyId || p.agencyId === official.agencyId)) return;
  throw new PermissionDeniedError({
    vi: 'Không có quyền kê khai công việc cho người này',
    en: 'Not allowed to log work for this official',
  });
}

const TENANT_WIDE_READERS = ['province_leader', 'hr_admin', 'auditor', 'sys_admin'];
const AGENCY_READERS = ['unit_head', 'agency_leader', 'integrator'];

/**
 * Reading a diary: its owner; tenant-wide roles; unit heads, agency leaders and integrators for
 * officials of their own agency (an integrator without an agency is tenant-wide). Deny otherwise.
 */
export function canReadLogsOf(p: Principal, officialId: string, official: OfficialRef | undefined): void {
  if (p.officialId && p.officialId === officialId) return;
  if (p.roles.some((r) => TENANT_WIDE_READERS.includes(r))) return;
  if (p.roles.includes('integrator') && !p.agencyId) return;
  if (official && p.agencyId === official.agencyId && p.roles.some((r) => AGENCY_READERS.includes(r))) return;
  throw new PermissionDeniedError();
}

export interface ListQuery {
  officialId: string;
  fromDate: string;
  toDate: string;
  pageSize: number;
  after: string | null;
}

export function parseListWorkLogs(req: worklogV1.ListWorkLogsRequest): ListQuery {
  const officialId = check.uuid('official_id', check.required('official_id', req.officialId));
  const fromDate = check.date('from_date', req.fromDate);
  const toDate = check.date('to_date', req.toDate);
  if (daysBetween(fromDate, toDate) < 0)
    throw new ValidationError('to_date', { vi: 'Ngày kết thúc phải sau ngày bắt đầu', en: 'to_date must not be before from_date' });
  const pageSize = req.pageSize === 0 ? 100 : check.intRange('page_size', req.pageSize, 1, 500);
  const after = req.pageToken ? check.uuid('page_token', req.pageToken) : null;
  return { officialId, fromDate, toDate, pageSize, after };
}
