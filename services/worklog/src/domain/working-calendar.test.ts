import { fieldOf } from '@thuocdo/testing/src/domain-fixtures';
import {
  type CalendarDay,
  type CalendarYear,
  calendarYear,
  exceptionOn,
  isWorkingDay,
  onTimeFrom,
  parseCalendarDays,
  SHIPPED_CALENDARS,
  workingDaysBetween,
  yearsAround,
} from './working-calendar';

const shipped = new Map([
  [2025, calendarYear(2025, null)],
  [2026, calendarYear(2026, null)],
]);

describe('the shipped 2026 calendar', () => {
  it.each([
    ['2026-01-01', 'Tết Dương lịch (Thursday)'],
    ['2026-01-02', 'the Friday swapped for Saturday 10 January'],
    ['2026-02-16', 'Tết, Monday'],
    ['2026-02-17', 'Tết, Tuesday: the first day of the Year of the Horse'],
    ['2026-02-20', 'Tết, Friday'],
    ['2026-04-27', 'the Hùng Kings’ day moved from Sunday 26 April'],
    ['2026-04-30', 'Reunification Day'],
    ['2026-05-01', 'Labour Day'],
    ['2026-09-01', 'the day before National Day'],
    ['2026-09-02', 'National Day'],
    ['2026-11-14', 'a Saturday'],
    ['2026-11-15', 'a Sunday'],
    ['2026-01-11', 'the Sunday after the swapped Saturday'],
  ])('%s is a day off (%s)', (date) => {
    expect(isWorkingDay(shipped, date)).toBe(false);
  });

  it.each([
    ['2026-01-10', 'the Saturday worked in exchange for Friday 2 January'],
    ['2026-01-05', 'the first Monday of the year'],
    ['2026-02-13', 'the Friday before Tết'],
    ['2026-02-23', 'the Monday after Tết'],
    ['2026-04-28', 'the Tuesday after the Hùng Kings’ day'],
    ['2026-09-03', 'the Thursday after National Day'],
    ['2026-11-20', 'an ordinary Friday'],
  ])('%s is a working day (%s)', (date) => {
    expect(isWorkingDay(shipped, date)).toBe(true);
  });

  it('names its exceptions', () => {
    expect(exceptionOn(shipped, '2026-02-17')).toEqual({ date: '2026-02-17', kind: 'DAY_OFF', name: 'Tết Nguyên đán' });
    expect(exceptionOn(shipped, '2026-01-10')?.kind).toBe('WORKING_DAY');
    expect(exceptionOn(shipped, '2026-11-20')).toBeUndefined();
  });

  it('has 250 working days: 261 weekdays, 12 of them off, one Saturday worked', () => {
    expect(workingDaysBetween(shipped, '2026-01-01', '2026-12-31')).toHaveLength(250);
    expect(workingDaysBetween(shipped, '2026-02-12', '2026-02-24')).toEqual(['2026-02-12', '2026-02-13', '2026-02-23', '2026-02-24']);
  });

  it('holds only exceptions HR could enter themselves: days off on weekdays, working days on weekends, in order', () => {
    const days = [...(SHIPPED_CALENDARS.get(2026) ?? [])];
    expect(parseCalendarDays(2026, days)).toEqual(days);
  });
});

describe('calendarYear', () => {
  it('uses what HR saved, else the shipped calendar, else weekends only', () => {
    const saved: CalendarYear = { year: 2026, days: [], version: 3, customised: true };
    expect(calendarYear(2026, saved)).toBe(saved);
    expect(calendarYear(2026, null)).toMatchObject({ year: 2026, version: 0, customised: false });
    expect(calendarYear(2026, null).days).toHaveLength(13);
    expect(calendarYear(2027, null)).toEqual({ year: 2027, days: [], version: 0, customised: false });
    // 1 January 2027 is a Friday: a working day until HR enters the 2027 holidays.
    expect(isWorkingDay(new Map([[2027, calendarYear(2027, null)]]), '2027-01-01')).toBe(true);
  });

  it('hands out a copy: changing it leaves the shipped calendar alone', () => {
    calendarYear(2026, null).days.pop();
    expect(calendarYear(2026, null).days).toHaveLength(13);
  });

  it('follows HR’s calendar over the shipped one', () => {
    const edited = new Map([[2026, calendarYear(2026, { year: 2026, days: [], version: 1, customised: true })]]);
    expect(isWorkingDay(edited, '2026-02-17')).toBe(true);
    expect(isWorkingDay(edited, '2026-01-10')).toBe(false);
  });

  it('reads a year missing from the map as weekends only', () => {
    expect(isWorkingDay(new Map(), '2026-02-17')).toBe(true);
    expect(isWorkingDay(new Map(), '2026-02-21')).toBe(false);
  });
});

describe('onTimeFrom (the late window, in working days)', () => {
  it('on a Thursday with a window of 3, starts on the Monday: the Friday before is late', () => {
    expect(onTimeFrom(shipped, '2026-11-19', 3)).toBe('2026-11-16');
  });

  it('on a Monday with a window of 3, skips the weekend: Friday 20, Thursday 19, Wednesday 18', () => {
    expect(onTimeFrom(shipped, '2026-11-23', 3)).toBe('2026-11-18');
  });

  it('on Monday 23 Feb 2026 with a window of 3, skips the weekend and all of Tết (14–22 Feb): 13, 12, 11 Feb, so 13 Feb is on time', () => {
    const from = onTimeFrom(shipped, '2026-02-23', 3);
    expect(from).toBe('2026-02-11');
    expect('2026-02-13' >= from).toBe(true);
    expect('2026-02-10' >= from).toBe(false);
  });

  it('counts the swapped Saturday 10 Jan 2026: on Monday 12 Jan with a window of 2, Saturday 10 and Friday 9 Jan', () => {
    expect(onTimeFrom(shipped, '2026-01-12', 2)).toBe('2026-01-09');
  });

  it('crosses New Year: on Monday 5 Jan 2026 with a window of 3, 1–2 Jan are off, so 31, 30, 29 Dec 2025', () => {
    expect(onTimeFrom(shipped, '2026-01-05', 3)).toBe('2025-12-29');
    expect(yearsAround('2026-01-05')).toEqual([2025, 2026]);
  });

  it('with a window of 0, only today is on time; on a day off, the window still counts working days', () => {
    expect(onTimeFrom(shipped, '2026-11-20', 0)).toBe('2026-11-20');
    expect(onTimeFrom(shipped, '2026-11-21', 1)).toBe('2026-11-20'); // a Saturday: the Friday
    expect(onTimeFrom(shipped, '2026-09-02', 1)).toBe('2026-08-31'); // National Day: 1 September is off too
  });
});

describe('parseCalendarDays', () => {
  const day = (date: string, kind: CalendarDay['kind'] = 'DAY_OFF', name = 'Nghỉ'): CalendarDay => ({ date, kind, name });

  it('sorts the days and trims their names', () => {
    expect(parseCalendarDays(2027, [day('2027-09-02', 'DAY_OFF', ' Quốc khánh '), day('2027-01-01')])).toEqual([
      { date: '2027-01-01', kind: 'DAY_OFF', name: 'Nghỉ' },
      { date: '2027-09-02', kind: 'DAY_OFF', name: 'Quốc khánh' },
    ]);
    expect(parseCalendarDays(2027, [])).toEqual([]);
  });

  it.each([
    [1999, [], 'year'],
    [2101, [], 'year'],
    [2027, [day('2026-12-31')], 'days[0].date'],
    [2027, [day('2027-02-30')], 'days[0].date'],
    [2027, [day('2027-01-01'), day('2027-01-01')], 'days[1].date'],
    [2027, [day('2027-01-01'), day('2027-01-02')], 'days[1].kind'], // a Saturday is off already
    [2027, [day('2027-01-04', 'WORKING_DAY')], 'days[0].kind'], // a Monday is worked already
    [2027, [{ date: '2027-01-04', kind: 'HALF_DAY' as CalendarDay['kind'], name: '' }], 'days[0].kind'],
    [2027, [day('2027-01-01', 'DAY_OFF', 'x'.repeat(201))], 'days[0].name'],
    [2027, Array.from({ length: 367 }, () => day('2027-01-01')), 'days'],
  ])('names the field (year %s, %#)', (year, days, name) => {
    expect(fieldOf(() => parseCalendarDays(year, days))).toBe(name);
  });

  it('accepts a Saturday worked and a weekday off', () => {
    expect(parseCalendarDays(2027, [day('2027-01-09', 'WORKING_DAY'), day('2027-01-01')]).map((d) => d.date)).toEqual([
      '2027-01-01',
      '2027-01-09',
    ]);
  });
});
