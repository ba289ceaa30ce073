import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeGateway, renderApp, session, tableRows } from '../../../../test/render';
import { addDays, todayInVietnam } from '../../../lib/format';
import { setLanguage } from '../../../lib/i18n';
import { minutesByDay, totalsByAgency } from '../api/dashboard';

const today = todayInVietnam();
const row = (agency: string, name: string, date: string, minutes: number, entries: number) => ({
  agency_id: agency,
  agency_name: name,
  work_date: date,
  minutes,
  entries,
});

describe('the dashboard', () => {
  beforeEach(() => setLanguage('vi'));

  it('adds up minutes per agency, most first, and per day with empty days as zero', () => {
    const rows = [row('a', 'Sở A', '2026-11-02', 30, 1), row('b', 'Sở B', '2026-11-02', 90, 2), row('a', 'Sở A', '2026-11-04', 70, 1)];
    expect(totalsByAgency(rows)).toEqual([
      { agencyId: 'a', agencyName: 'Sở A', minutes: 100, entries: 2 },
      { agencyId: 'b', agencyName: 'Sở B', minutes: 90, entries: 2 },
    ]);
    expect(minutesByDay(rows, '2026-11-01', '2026-11-04')).toEqual([
      { date: '2026-11-01', minutes: 0 },
      { date: '2026-11-02', minutes: 120 },
      { date: '2026-11-03', minutes: 0 },
      { date: '2026-11-04', minutes: 70 },
    ]);
  });

  it('reads every page of the last two weeks and shows totals in Vietnamese number format', async () => {
    const calls = fakeGateway({
      'GET /api/me': () => session(),
      'GET /api/v1/me': () => ({ tenant_id: 't', client_id: '', official: null, memberships: [], role_grants: [], names: [] }),
      'GET /api/v1/analytics/agency-daily-work': ({ query }) =>
        query.get('page_token')
          ? { rows: [row('b', 'Sở Nội vụ', today, 45, 1)], next_page_token: '' }
          : {
              rows: [row('a', 'Sở Tài chính', today, 12_345, 210), row('a', 'Sở Tài chính', addDays(today, -1), 60, 1)],
              next_page_token: 'p2',
            },
    });
    renderApp('/dashboard');
    const table = await screen.findByRole('table');
    await within(table).findByText('Sở Tài chính');
    const rows = tableRows(table);
    expect(rows).toEqual([
      ['Sở Tài chính', '206,8', '12.405', '211'],
      ['Sở Nội vụ', '0,8', '45', '1'],
    ]);
    const asked = calls.filter((c) => c.path === '/api/v1/analytics/agency-daily-work');
    expect(asked.map((c) => [c.query.get('from_date'), c.query.get('to_date'), c.query.get('page_token')])).toEqual([
      [addDays(today, -13), today, null],
      [addDays(today, -13), today, 'p2'],
    ]);
    const chart = screen.getByRole('figure', { name: 'Số giờ theo cơ quan (15 cơ quan nhiều nhất)' });
    // ECharts drew the bars and described the data for screen readers.
    expect(chart.querySelector('svg')).not.toBeNull();
    expect(chart.querySelector('[role="img"]')?.getAttribute('aria-label')).toMatch(/Sở Tài chính.*206\.8/);
  });
});
