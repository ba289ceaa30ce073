const OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;
let cached = { start: 0, end: 0, day: '' };

/** Today's calendar date in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
export function todayInVietnam(now: Date = new Date()): string {
  const t = now.getTime();
  // Every LogWork asks: the day is formatted once and kept until it ends.
  if (t >= cached.start && t < cached.end) return cached.day;
  const start = Math.floor((t + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS;
  cached = { start, end: start + DAY_MS, day: new Date(start + OFFSET_MS).toISOString().slice(0, 10) };
  return cached.day;
}

/** The calendar date `days` after a "YYYY-MM-DD" date (before it when negative). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from a to b (both "YYYY-MM-DD"). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
