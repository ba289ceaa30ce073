import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Call, fakeGateway, renderApp, session } from '../../../../test/render';
import { setLanguage } from '../../../lib/i18n';

const unit = (id: string, name: string, parent = '') => ({
  id,
  tenant_id: 't',
  agency_id: 'a-stc',
  parent_unit_id: parent,
  code: id.toUpperCase(),
  name,
  create_time: '',
  version: 1,
  valid_from: '2025-07-01',
  valid_to: '',
  path: '',
});
const official = (id: string, full_name: string) => ({
  id,
  tenant_id: 't',
  agency_id: 'a-stc',
  unit_id: 'u-ns',
  full_name,
  email: `${id}@stc.gov.vn`,
  category: 'OFFICIAL_CATEGORY_CIVIL_SERVANT',
  create_time: '',
  version: 1,
  staff_code: id.toUpperCase(),
  idp_subject: '',
  position_id: '',
  active: true,
});

/** A finance department with two top-level units, one of which has a team; 120 people in "Phòng Ngân sách". */
function financeDepartment(): Call[] {
  const people = Array.from({ length: 120 }, (_, i) => official(`o${i}`, `Cán bộ ${i}`));
  return fakeGateway({
    'GET /api/me': () => session(),
    'GET /api/v1/me': () => ({
      tenant_id: 't',
      client_id: '',
      official: official('o-hoa', 'Nguyễn Thị Hoa'),
      memberships: [
        { id: 'm1', agency_id: 'a-stc', unit_id: 'u-vp', kind: 'MEMBERSHIP_KIND_MAIN', valid_from: '2025-01-01', valid_to: '' },
      ],
      role_grants: [],
      names: [],
    }),
    'GET /api/v1/agencies': () => ({
      agencies: [
        { id: 'a-snv', code: 'SNV', name: 'Sở Nội vụ', kind: 'AGENCY_KIND_DEPARTMENT' },
        { id: 'a-stc', code: 'STC', name: 'Sở Tài chính', kind: 'AGENCY_KIND_DEPARTMENT' },
      ],
      next_page_token: '',
    }),
    'GET /api/v1/units': ({ query }) => {
      if (query.get('query')) return { units: [unit('u-ns', 'Phòng Ngân sách')], next_page_token: '' };
      if (query.get('parent_unit_id') === 'u-ns') return { units: [unit('u-ns-1', 'Tổ Dự toán', 'u-ns')], next_page_token: '' };
      if (query.get('parent_unit_id')) return { units: [], next_page_token: '' };
      return { units: [unit('u-ns', 'Phòng Ngân sách'), unit('u-vp', 'Văn phòng')], next_page_token: '' };
    },
    'GET /api/v1/units/{id}': ({ params }) => ({
      unit: unit(params.id!, params.id === 'u-ns' ? 'Phòng Ngân sách' : 'Văn phòng'),
      history: [],
      lineage: [],
    }),
    'GET /api/v1/officials': ({ query }) => {
      if (query.get('query')) return { officials: [official('o-a', 'Nguyễn Văn A')], next_page_token: '' };
      const from = Number(query.get('page_token') || 0);
      const size = Number(query.get('page_size'));
      return { officials: people.slice(from, from + size), next_page_token: from + size < people.length ? String(from + size) : '' };
    },
  });
}

describe('the org chart page', () => {
  beforeEach(() => setLanguage('vi'));

  it('opens on the person’s own agency, loads each branch of the tree when opened, and lists a unit’s people page by page', async () => {
    const calls = financeDepartment();
    renderApp('/org');
    const tree = await screen.findByRole('tree', { name: 'Đơn vị' });
    await within(tree).findByText('Phòng Ngân sách (U-NS)');
    const topLevel = calls.find((c) => c.path === '/api/v1/units');
    expect(Object.fromEntries(topLevel!.query)).toEqual({ agency_id: 'a-stc', top_level: 'true', page_size: '1000' });
    expect(screen.getByText('Sở Tài chính')).toBeInTheDocument();

    // Opening a branch asks for its children only then.
    expect(calls.some((c) => c.query.get('parent_unit_id') === 'u-ns')).toBe(false);
    const branch = within(tree).getByText('Phòng Ngân sách (U-NS)').closest('[role="treeitem"]') as HTMLElement;
    await userEvent.click(branch.querySelector('.ant-tree-switcher') as HTMLElement);
    await within(tree).findByText('Tổ Dự toán (U-NS-1)');

    await userEvent.click(within(tree).getByText('Phòng Ngân sách (U-NS)'));
    expect(await screen.findByRole('heading', { name: 'Cán bộ của Phòng Ngân sách' })).toBeInTheDocument();
    await screen.findByRole('link', { name: 'Cán bộ 0' });
    const first = calls.filter((c) => c.path === '/api/v1/officials').at(-1)!;
    expect(Object.fromEntries(first.query)).toEqual({ unit_id: 'u-ns', include_subunits: 'true', page_size: '50' });
    expect(screen.getByRole('link', { name: 'Cán bộ 0' })).toHaveAttribute('href', '/officials/o0');

    await userEvent.click(screen.getByRole('button', { name: /Trang sau/ }));
    await screen.findByRole('link', { name: 'Cán bộ 50' });
    expect(screen.getByText('Trang 2')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Trang sau/ }));
    await screen.findByRole('link', { name: 'Cán bộ 100' });
    expect(screen.getByRole('button', { name: /Trang sau/ })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: /Trang trước/ }));
    await screen.findByRole('link', { name: 'Cán bộ 50' });

    // Only this unit, without its subunits: the list starts again at page 1.
    await userEvent.click(screen.getByRole('switch'));
    await waitFor(() => expect(calls.at(-1)!.query.get('include_subunits')).toBe('false'));
    expect(calls.at(-1)!.query.get('page_token')).toBeNull();
    await screen.findByText('Trang 1');
  });

  it('searches people and units of the agency without diacritics, and opens what it finds', async () => {
    const calls = financeDepartment();
    const { router } = renderApp('/org?agency=a-stc');
    await screen.findByRole('tree', { name: 'Đơn vị' });
    await userEvent.type(screen.getByPlaceholderText('Tìm cán bộ hoặc đơn vị (không cần dấu)'), 'nguyen van a');
    const person = await screen.findByRole('link', { name: 'Nguyễn Văn A' });
    const searched = calls.find((c) => c.path === '/api/v1/officials' && c.query.get('query'));
    expect(Object.fromEntries(searched!.query)).toEqual({ agency_id: 'a-stc', query: 'nguyen van a', page_size: '20' });
    expect(
      calls.some((c) => c.path === '/api/v1/units' && c.query.get('query') === 'nguyen van a' && c.query.get('agency_id') === 'a-stc'),
    ).toBe(true);

    await userEvent.click(screen.getByText('Phòng Ngân sách', { selector: 'a' }));
    expect(await screen.findByRole('heading', { name: 'Cán bộ của Phòng Ngân sách' })).toBeInTheDocument();
    expect(router.state.location.search).toContain('unit=u-ns');

    await userEvent.click(person);
    expect(router.state.location.pathname).toBe('/officials/o-a');
  });
});
