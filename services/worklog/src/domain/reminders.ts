import { type DirectoryView, inRange } from '@thuocdo/kit';
import type { DiaryContext } from './work-log';
import { isWorkingDay } from './working-calendar';

/** An official to remind: nothing logged on a working day by the tenant's reminder time. */
export interface DiaryReminder {
  tenantId: string;
  officialId: string;
  agencyId: string;
  unitId: string;
  date: string;
}

/** Local time "HH:MM" in Asia/Ho_Chi_Minh. */
export const localTimeOf = (now: Date) => new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(11, 16);

/** Whether the day's reminders are due now: a working day, at or after the reminder time. */
export const remindersDue = (context: DiaryContext, now: Date) =>
  isWorkingDay(context.calendars, context.today) && localTimeOf(now) >= context.settings.reminderTime;

/** The active officials of a tenant with a main post in force on the date, each once. */
export function postedOfficials(dir: DirectoryView, tenantId: string, date: string): Omit<DiaryReminder, 'date'>[] {
  const out = new Map<string, Omit<DiaryReminder, 'date'>>();
  for (const agency of dir.agenciesOf(tenantId))
    for (const unit of dir.unitsOfAgency(agency.id))
      for (const post of dir.postsInUnit(unit.id)) {
        if (post.kind !== 'MAIN' || !inRange(post, date) || out.has(post.officialId)) continue;
        if (dir.official(post.officialId)?.active === false) continue;
        out.set(post.officialId, { tenantId, officialId: post.officialId, agencyId: post.agencyId, unitId: post.unitId });
      }
  return [...out.values()];
}

/** Who is reminded: those posted today who logged nothing today. */
export function remindersFor(posted: Omit<DiaryReminder, 'date'>[], logged: ReadonlySet<string>, date: string): DiaryReminder[] {
  return posted.filter((p) => !logged.has(p.officialId)).map((p) => ({ ...p, date }));
}
