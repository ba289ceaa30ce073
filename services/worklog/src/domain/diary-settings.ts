import { check, ValidationError, VersionConflictError } from '@thuocdo/kit';

/** The diary's rules of a tenant (HR edits them; a tenant that never did has DEFAULT_DIARY_SETTINGS). */
export interface DiarySettings {
  /** The standard working day: a day's total above it is accepted with a warning. */
  standardDayMinutes: number;
  /** A day's total above it is refused. */
  hardLimitMinutes: number;
  /** An entry dated more than this many working days before today waits for a manager's approval. */
  lateAfterWorkingDays: number;
  /** Local time "HH:MM" after which officials who logged nothing that working day are reminded. */
  reminderTime: string;
  /** Whether officials may assign tasks to themselves (the rule pack's choice). */
  selfAssignedTasks: boolean;
  /** Closed months, "YYYY-MM", in order. */
  closedMonths: string[];
  /** 0 while the tenant has never changed them. */
  version: number;
}

/** Decree-standard 8-hour day, a 16-hour ceiling, three working days to declare, a reminder at 16:30. */
export const DEFAULT_DIARY_SETTINGS: DiarySettings = Object.freeze({
  standardDayMinutes: 480,
  hardLimitMinutes: 960,
  lateAfterWorkingDays: 3,
  reminderTime: '16:30',
  selfAssignedTasks: true,
  closedMonths: [],
  version: 0,
});

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A time of day "HH:MM" (00:00–23:59), or a ValidationError naming the field. */
export function checkTimeOfDay(field: string, value: string): string {
  if (!HH_MM.test(value))
    throw new ValidationError(field, { vi: 'Giờ phải có dạng HH:MM (00:00–23:59)', en: `${field} must be a time HH:MM (00:00–23:59)` });
  return value;
}

export type DiarySettingsFields = Omit<DiarySettings, 'closedMonths' | 'version'>;

/** The editable rules as sent, checked field by field. */
export function parseDiarySettings(s: DiarySettingsFields): DiarySettingsFields {
  const standardDayMinutes = check.intRange('settings.standard_day_minutes', s.standardDayMinutes, 60, 1440);
  const hardLimitMinutes = check.intRange('settings.hard_limit_minutes', s.hardLimitMinutes, 60, 1440);
  if (hardLimitMinutes < standardDayMinutes)
    throw new ValidationError('settings.hard_limit_minutes', {
      vi: 'Giới hạn tối đa của một ngày không được nhỏ hơn ngày làm việc chuẩn',
      en: 'hard_limit_minutes must not be below standard_day_minutes',
    });
  return {
    standardDayMinutes,
    hardLimitMinutes,
    lateAfterWorkingDays: check.intRange('settings.late_after_working_days', s.lateAfterWorkingDays, 0, 60),
    reminderTime: checkTimeOfDay('settings.reminder_time', s.reminderTime),
    selfAssignedTasks: s.selfAssignedTasks,
  };
}

/** The "YYYY-MM" month of a "YYYY-MM-DD" date. */
export const monthOf = (date: string) => date.slice(0, 7);

export const isClosedOn = (s: DiarySettings, date: string) => s.closedMonths.includes(monthOf(date));

/** A month "YYYY-MM", or a ValidationError naming the field. */
export function parseMonth(field: string, value: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value))
    throw new ValidationError(field, { vi: 'Tháng phải có dạng YYYY-MM', en: `${field} must be a month YYYY-MM` });
  return value;
}

/** Settings (or a calendar) are changed from the version the person read. */
export function checkSameVersion(current: number, sent: number): void {
  if (current !== sent)
    throw new VersionConflictError({
      vi: 'Cấu hình vừa được người khác thay đổi, vui lòng tải lại',
      en: 'The settings were changed since you read them, please reload',
    });
}
