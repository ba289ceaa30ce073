import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeGateway, renderApp, reply, session, tableRows } from '../../../../test/render';
import { setLanguage } from '../../../lib/i18n';

const whoAmI = { tenant_id: 't', client_id: '', official: null, memberships: [], role_grants: [], names: [] };
const post = (id: string, unit: string, from: string, to: string, kind = 'MEMBERSHIP_KIND_MAIN', reason = 'END_REASON_UNSPECIFIED') => ({
  id,
  tenant_id: 't',
  official_id: 'o-a',
  agency_id: 'a-stc',
  unit_id: unit,
  position_id: 'p-cv',
  kind,
  valid_from: from,
  valid_to: to,
  end_reason: reason,
  version: 1,
});

describe('an official’s profile', () => {
  beforeEach(() => setLanguage('vi'));

  it('shows the record and every post, newest first, with dates as dd/MM/yyyy and why each ended', async () => {
    fakeGateway({
      'GET /api/me': () => session(),
      'GET /api/v1/me': () => whoAmI,
      'GET /api/v1/officials/{id}': ({ params }) => ({
        official: {
          id: params.id,
          tenant_id: 't',
          agency_id: 'a-stc',
          unit_id: 'u-ns',
          full_name: 'Nguyễn Văn A',
          email: 'a@stc.gov.vn',
          category: 'OFFICIAL_CATEGORY_CIVIL_SERVANT',
          staff_code: 'STC-001',
          position_id: 'p-cv',
          active: true,
        },
        memberships: [
          post('m1', 'u-old', '2019-03-01', '2025-07-01', 'MEMBERSHIP_KIND_MAIN', 'END_REASON_REORGANISATION'),
          post('m3', 'u-tt', '2026-01-15', '', 'MEMBERSHIP_KIND_CONCURRENT'),
          post('m2', 'u-ns', '2025-07-01', ''),
        ],
        names: [
          { id: 'a-stc', name: 'Sở Tài chính' },
          { id: 'u-old', name: 'Phòng Tài chính - Kế hoạch' },
          { id: 'u-ns', name: 'Phòng Ngân sách' },
          { id: 'u-tt', name: 'Thanh tra Sở' },
          { id: 'p-cv', name: 'Chuyên viên' },
        ],
      }),
    });
    renderApp('/officials/o-a');
    expect(await screen.findByRole('heading', { name: 'Nguyễn Văn A', level: 1 })).toBeInTheDocument();
    expect(screen.getByText('STC-001')).toBeInTheDocument();
    expect(screen.getByText('Công chức')).toBeInTheDocument();
    expect(screen.getByText('Đang công tác')).toBeInTheDocument();

    const history = screen.getAllByRole('table').at(-1)!;
    const rows = tableRows(history);
    expect(rows).toEqual([
      ['15/01/2026', 'Hiện tại', 'Thanh tra Sở', 'Sở Tài chính', 'Chuyên viên', 'Kiêm nhiệm', ''],
      ['01/07/2025', 'Hiện tại', 'Phòng Ngân sách', 'Sở Tài chính', 'Chuyên viên', 'Chính', ''],
      ['01/03/2019', '01/07/2025', 'Phòng Tài chính - Kế hoạch', 'Sở Tài chính', 'Chuyên viên', 'Chính', 'Sắp xếp tổ chức'],
    ]);
  });

  it('says the official is not there, without telling whether they exist elsewhere', async () => {
    fakeGateway({
      'GET /api/me': () => session(),
      'GET /api/v1/me': () => whoAmI,
      'GET /api/v1/officials/{id}': () =>
        reply(404, { error: { code: 'NOT_FOUND', message: { vi: 'Không tìm thấy cán bộ', en: 'Official not found' } } }),
    });
    renderApp('/officials/o-x');
    expect(await screen.findByText('Không tìm thấy cán bộ này, hoặc bạn không có quyền xem.')).toBeInTheDocument();
  });
});
