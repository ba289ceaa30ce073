import { useQuery } from '@tanstack/react-query';
import { api, type ResponseOf } from '../../../lib/api';
import { addDays } from '../../../lib/format';

export type DailyWork = ResponseOf<'GET /api/v1/analytics/agency-daily-work'>['rows'][number];

/** Minutes logged per agency per day in a range, every page of it (a quarter of a province is a few thousand rows). */
export function useAgencyDailyWork(fromDate: string, toDate: string) {
  return useQuery({
    queryKey: ['agency-daily-work', fromDate, toDate],
    queryFn: async () => {
      const rows: DailyWork[] = [];
      let token = '';
      do {
        const page = await api('GET /api/v1/analytics/agency-daily-work', {
          from_date: fromDate,
          to_date: toDate,
          page_size: 1000,
          page_token: token,
        });
        rows.push(...page.rows);
        token = page.next_page_token;
      } while (token);
      return rows;
    },
    refetchInterval: 60_000,
  });
}

export interface AgencyTotal {
  agencyId: string;
  agencyName: string;
  minutes: number;
  entries: number;
}

/** Totals per agency over the range, most minutes first. */
export function totalsByAgency(rows: DailyWork[]): AgencyTotal[] {
  const byAgency = new Map<string, AgencyTotal>();
  for (const r of rows) {
    const t = byAgency.get(r.agency_id) ?? { agencyId: r.agency_id, agencyName: r.agency_name || r.agency_id, minutes: 0, entries: 0 };
    t.minutes += r.minutes;
    t.entries += r.entries;
    byAgency.set(r.agency_id, t);
  }
  return [...byAgency.values()].sort((a, b) => b.minutes - a.minutes || a.agencyName.localeCompare(b.agencyName, 'vi'));
}

/** Minutes per day over the range, days without entries as zero. */
export function minutesByDay(rows: DailyWork[], fromDate: string, toDate: string): { date: string; minutes: number }[] {
  const byDay = new Map<string, number>();
  for (const r of rows) byDay.set(r.work_date, (byDay.get(r.work_date) ?? 0) + r.minutes);
  const out: { date: string; minutes: number }[] = [];
  for (let d = fromDate; d <= toDate; d = addDays(d, 1)) out.push({ date: d, minutes: byDay.get(d) ?? 0 });
  return out;
}
