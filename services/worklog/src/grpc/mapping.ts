import { formatHundredths } from '@thuocdo/kit';
import { worklogV1 } from '@thuocdo/proto';
import { enumName, enumValue } from '@thuocdo/service';
import type { DiarySettings, DiarySettingsFields } from '../domain/diary-settings';
import type { DiaryWarning, LogWorkRequest, UpdateWorkLogRequest, WorkLogChange, WorkLogEntry } from '../domain/work-log';
import type { CalendarDay, CalendarYear } from '../domain/working-calendar';

// Protobuf ↔ domain, for the RPCs (grpc/) and the events' payloads (events/).

export const fromLogWorkRequest = (r: worklogV1.LogWorkRequest): LogWorkRequest => ({
  officialId: r.officialId,
  workDate: r.workDate,
  workItemId: r.workItemId,
  quantityDecimal: r.quantityDecimal,
  legacyQuantity: r.quantity,
  minutes: r.minutes,
  note: r.note,
  requestId: r.requestId,
  taskId: r.taskId,
  evidence: r.evidence,
  startTime: r.startTime,
  endTime: r.endTime,
});

export const fromUpdateWorkLogRequest = (r: worklogV1.UpdateWorkLogRequest): UpdateWorkLogRequest => ({
  id: r.id,
  version: Number(r.version),
  workDate: r.workDate,
  workItemId: r.workItemId,
  quantityDecimal: r.quantityDecimal,
  legacyQuantity: 0,
  minutes: r.minutes,
  note: r.note,
  taskId: r.taskId,
  evidence: r.evidence,
  startTime: r.startTime,
  endTime: r.endTime,
});

export const statusName = (s: worklogV1.WorkLogStatus) => enumName(s, worklogV1.workLogStatusToJSON, 'WORK_LOG_STATUS_');
export const decisionName = (d: worklogV1.ReviewDecision) => enumName(d, worklogV1.reviewDecisionToJSON, 'REVIEW_DECISION_');

export const toProtoEntry = (e: WorkLogEntry): worklogV1.WorkLogEntry => ({
  id: e.id,
  tenantId: e.tenantId,
  officialId: e.officialId,
  agencyId: e.agencyId,
  unitId: e.unitId,
  workDate: e.workDate,
  workItemId: e.workItemId,
  quantityDecimal: formatHundredths(e.quantity),
  // The deprecated double, for clients that have not moved to quantity_decimal yet.
  quantity: e.quantity / 100,
  minutes: e.minutes,
  note: e.note,
  createTime: e.createdAt,
  workItemRevision: e.workItemRevision,
  taskId: e.taskId ?? '',
  evidence: e.evidence,
  status: enumValue(e.status, worklogV1.workLogStatusFromJSON, 'WORK_LOG_STATUS_'),
  startTime: e.startTime ?? '',
  endTime: e.endTime ?? '',
  review: e.review ? { by: e.review.by, time: e.review.at, comment: e.review.comment } : undefined,
  version: e.version,
  updateTime: e.updatedAt,
  createdBy: e.createdBy,
});

export const toProtoChange = (c: WorkLogChange) => enumValue(c, worklogV1.workLogChangeFromJSON, 'WORK_LOG_CHANGE_');

export const toProtoOutcome = (dayTotal: number, warnings: DiaryWarning[]): worklogV1.DiaryDayOutcome => ({
  dayTotalMinutes: dayTotal,
  warnings: warnings.map((w) => ({
    code: enumValue(w.code, worklogV1.diaryWarningCodeFromJSON, 'DIARY_WARNING_CODE_'),
    messageVi: w.text.vi,
    messageEn: w.text.en,
  })),
});

export const toProtoSettings = (s: DiarySettings): worklogV1.DiarySettings => ({ ...s, version: s.version });

export const fromProtoSettings = (s: worklogV1.DiarySettings | undefined): DiarySettingsFields => ({
  standardDayMinutes: s?.standardDayMinutes ?? 0,
  hardLimitMinutes: s?.hardLimitMinutes ?? 0,
  lateAfterWorkingDays: s?.lateAfterWorkingDays ?? 0,
  reminderTime: s?.reminderTime ?? '',
  selfAssignedTasks: s?.selfAssignedTasks ?? false,
});

export const fromProtoCalendarDay = (d: worklogV1.CalendarDay): CalendarDay => ({
  date: d.date,
  kind: enumName(d.kind, worklogV1.calendarDayKindToJSON, 'CALENDAR_DAY_KIND_') as CalendarDay['kind'],
  name: d.name,
});

export const toProtoCalendar = (c: CalendarYear, workingDays: number): worklogV1.GetWorkingCalendarResponse => ({
  year: c.year,
  days: c.days.map((d) => ({
    date: d.date,
    kind: enumValue(d.kind, worklogV1.calendarDayKindFromJSON, 'CALENDAR_DAY_KIND_'),
    name: d.name,
  })),
  workingDays,
  customised: c.customised,
  version: c.version,
});
