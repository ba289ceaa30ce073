import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeGateway, renderApp, session } from '../../../../test/render';
import { todayInVietnam } from '../../../lib/format';
import { setLanguage } from '../../../lib/i18n';

const today = todayInVietnam();

describe('missed declarations', () => {
  beforeEach(() => setLanguage('vi'));

  it('lists, for this month up to today, the officials with the working days they logged nothing on, page by page', async () => {
    const calls = fakeGateway({
      'GET /api/me': () => session(),
      'GET /api/v1/me': () => ({
        tenant_id: 't',
        client_id: '',
        official: { id: 'o-hoa', agency_id: 'a-stc' },
        memberships: [],
        role_grants: [],
        names: [],
      }),
      'GET /api/v1/agencies': () => ({ agencies: [{ id: 'a-stc', code: 'STC', name: 'Sở Tài chính' }], next_page_token: '' }),
      'GET /api/v1/units': () => ({ units: [], next_page_token: '' }),
      'GET /api/v1/officials/{id}': ({ params }) => ({
        official: { id: params.id, full_name: params.id === 'o-an' ? 'Nguyễn Văn An' : 'Phạm Văn Bình', staff_code: 'STC-01' },
        memberships: [],
        names: [],
      }),
      'GET /api/v1/missed-declarations': ({ query }) =>
        query.get('page_token')
          ? {
              officials: [{ official_id: 'o-binh', unit_id: 'u', missed_dates: ['2026-12-02'], working_days: 3 }],
              next_page_token: '',
              complete_count: 7,
            }
          : {
              officials: [{ official_id: 'o-an', unit_id: 'u', missed_dates: ['2026-12-01', '2026-12-03'], working_days: 3 }],
              next_page_token: 'p2',
              complete_count: 7,
            },
    });
    renderApp('/missed');
    const list = await screen.findByTestId('missed');
    const an = (await within(list).findByText('Nguyễn Văn An (STC-01)')).closest('li')!;
    expect(within(an).getByText('Thiếu 2/3 ngày')).toBeInTheDocument();
    expect(within(an).getByText('Các ngày thiếu: 01/12, 03/12')).toBeInTheDocument();
    expect(screen.getByTestId('missed-complete')).toHaveTextContent('7 công chức khác đã kê khai đủ');
    const first = calls.find((c) => c.path === '/api/v1/missed-declarations')!.query;
    expect([first.get('from_date'), first.get('to_date'), first.get('unit_id')]).toEqual([`${today.slice(0, 8)}01`, today, null]);

    await userEvent.click(screen.getByRole('button', { name: /Trang sau/ }));
    expect(await within(screen.getByTestId('missed')).findByText('Phạm Văn Bình (STC-01)')).toBeInTheDocument();
    expect(screen.getByText('Trang 2')).toBeInTheDocument();
  });
});
