import { addDays, check, ValidationError } from '@thuocdo/kit';

/** An exception to Monday-to-Friday work: a weekday off, or a weekend day worked in exchange. */
export interface CalendarDay {
  date: string;
  kind: 'DAY_OFF' | 'WORKING_DAY';
  /** For example "Tết Nguyên đán", "Làm bù cho thứ Sáu 02/01". */
  name: string;
}

/** A year's working calendar (lịch làm việc). */
export interface CalendarYear {
  year: number;
  /** The exceptions, in date order. */
  days: CalendarDay[];
  /** 0 for a year HR never edited. */
  version: number;
  /** Whether HR edited the year (otherwise it is the calendar shipped here, or weekends only). */
  customised: boolean;
}

/**
 * Vietnam's 2026 calendar for civil servants (Labour Code 2019, art. 112, and the Ministry of
 * Home Affairs' notice on the 2026 holidays): New Year's Day with the Friday after it swapped for
 * Saturday 10 January; five weekdays of Tết Nguyên đán (16–20 February, the Year of the Horse
 * beginning on 17 February); the Hùng Kings' day (10/3 lunar, Sunday 26 April) taken on Monday
 * 27 April; 30 April and 1 May; National Day on 2 September with the day before. HR checks it
 * against the year's official notice and edits it (UpdateWorkingCalendar) when they differ.
 */
const VIETNAM_2026: CalendarDay[] = [
  { date: '2026-01-01', kind: 'DAY_OFF', name: 'Tết Dương lịch' },
  { date: '2026-01-02', kind: 'DAY_OFF', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 10/01)' },
  { date: '2026-01-10', kind: 'WORKING_DAY', name: 'Làm bù cho thứ Sáu 02/01' },
  { date: '2026-02-16', kind: 'DAY_OFF', name: 'Tết Nguyên đán' },
  { date: '2026-02-17', kind: 'DAY_OFF', name: 'Tết Nguyên đán' },
  { date: '2026-02-18', kind: 'DAY_OFF', name: 'Tết Nguyên đán' },
  { date: '2026-02-19', kind: 'DAY_OFF', name: 'Tết Nguyên đán' },
  { date: '2026-02-20', kind: 'DAY_OFF', name: 'Tết Nguyên đán' },
  { date: '2026-04-27', kind: 'DAY_OFF', name: 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch, Chủ nhật 26/4)' },
  { date: '2026-04-30', kind: 'DAY_OFF', name: 'Ngày Chiến thắng 30/4' },
  { date: '2026-05-01', kind: 'DAY_OFF', name: 'Ngày Quốc tế Lao động 1/5' },
  { date: '2026-09-01', kind: 'DAY_OFF', name: 'Quốc khánh (ngày liền kề)' },
  { date: '2026-09-02', kind: 'DAY_OFF', name: 'Quốc khánh 2/9' },
];

/** Calendars shipped with the platform, by year; other years have weekends only until HR enters them. */
export const SHIPPED_CALENDARS: ReadonlyMap<number, readonly CalendarDay[]> = new Map([[2026, VIETNAM_2026]]);

/** The calendar of a year: HR's if they edited it, else the shipped one, else weekends only. */
export function calendarYear(year: number, saved: CalendarYear | null): CalendarYear {
  return saved ?? { year, days: [...(SHIPPED_CALENDARS.get(year) ?? [])], version: 0, customised: false };
}

const isWeekend = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 || d === 6;
};

/** Calendars of the years a computation touches, by year. */
export type Calendars = ReadonlyMap<number, CalendarYear>;

const yearOf = (date: string) => Number(date.slice(0, 4));

/** The exception for a date, if its year's calendar has one. */
export function exceptionOn(calendars: Calendars, date: string): CalendarDay | undefined {
  return calendars.get(yearOf(date))?.days.find((d) => d.date === date);
}

export function isWorkingDay(calendars: Calendars, date: string): boolean {
  const e = exceptionOn(calendars, date);
  if (e) return e.kind === 'WORKING_DAY';
  return !isWeekend(date);
}

/** The working days in [from, to], in order. */
export function workingDaysBetween(calendars: Calendars, from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (isWorkingDay(calendars, d)) out.push(d);
  return out;
}

/** The years a late-window check on `today` needs: a window of up to 60 working days never reaches further back. */
export const yearsAround = (today: string) => [yearOf(today) - 1, yearOf(today)];

/**
 * The earliest date an official may still declare without a manager's approval: today and the
 * last `windowDays` working days before it (with the days off between them). With a window of 3,
 * on a Thursday, work of Monday is on time and work of the Friday before is late.
 */
export function onTimeFrom(calendars: Calendars, today: string, windowDays: number): string {
  let d = today;
  for (let found = 0; found < windowDays; ) {
    d = addDays(d, -1);
    if (isWorkingDay(calendars, d)) found++;
  }
  return d;
}

/** The exceptions of a year as sent by HR, checked: dates in the year, once each, kinds that change the day. */
export function parseCalendarDays(year: number, days: readonly CalendarDay[]): CalendarDay[] {
  check.intRange('year', year, 2000, 2100);
  if (days.length > 366) throw new ValidationError('days', { vi: 'Quá nhiều ngày trong một năm', en: 'days: more than 366 entries' });
  const seen = new Set<string>();
  const out = days.map((d, i) => {
    const field = `days[${i}]`;
    const date = check.date(`${field}.date`, d.date);
    if (yearOf(date) !== year)
      throw new ValidationError(`${field}.date`, { vi: `Ngày ${date} không thuộc năm ${year}`, en: `${date} is not in ${year}` });
    if (seen.has(date)) throw new ValidationError(`${field}.date`, { vi: `Ngày ${date} bị lặp`, en: `${date} appears twice` });
    seen.add(date);
    const kind = check.oneOf(`${field}.kind`, d.kind, ['DAY_OFF', 'WORKING_DAY'] as const);
    if (kind === 'DAY_OFF' && isWeekend(date))
      throw new ValidationError(`${field}.kind`, {
        vi: `Ngày ${date} là ngày cuối tuần, vốn đã được nghỉ`,
        en: `${date} is a weekend day: it is off already`,
      });
    if (kind === 'WORKING_DAY' && !isWeekend(date))
      throw new ValidationError(`${field}.kind`, {
        vi: `Ngày ${date} là ngày thường, vốn đã là ngày làm việc`,
        en: `${date} is a weekday: it is a working day already`,
      });
    return { date, kind, name: check.maxLength(`${field}.name`, d.name.trim(), 200) };
  });
  return out.sort((a, b) => (a.date < b.date ? -1 : 1));
}
