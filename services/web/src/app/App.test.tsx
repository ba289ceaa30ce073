import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeGateway, renderApp, reply, session } from '../../test/render';
import { setLanguage } from '../lib/i18n';

const whoAmI = (grants: { role: string }[] = []) => ({
  tenant_id: 'tinh-demo',
  client_id: '',
  official: null,
  memberships: [],
  role_grants: grants.map((g, i) => ({
    id: `g${i}`,
    node_kind: 'ORG_NODE_KIND_TENANT',
    node_id: '',
    valid_from: '2026-01-01',
    valid_to: '',
    ...g,
  })),
  names: [],
});

describe('the frame of the app', () => {
  beforeEach(() => setLanguage('vi'));

  it('asks to sign in when there is no session, with a link to the gateway sign-in that comes back to the page', async () => {
    fakeGateway({
      'GET /api/me': () => reply(401, { error: { code: 'UNAUTHENTICATED', message: { vi: 'Chưa đăng nhập', en: 'Not signed in' } } }),
    });
    renderApp('/officials/o-1?x=1');
    const button = await screen.findByRole('link', { name: 'Đăng nhập' });
    expect(button).toHaveAttribute('href', `/auth/login?return_to=${encodeURIComponent('/officials/o-1?x=1')}`);
  });

  it('shows an error with a retry when the gateway fails, not the sign-in', async () => {
    fakeGateway({
      'GET /api/me': () => reply(503, { error: { code: 'UNAVAILABLE', message: { vi: 'Dịch vụ tạm ngừng', en: 'Service unavailable' } } }),
    });
    renderApp('/me');
    expect(await screen.findByText('Dịch vụ tạm ngừng')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Thử lại' })).toBeInTheDocument();
  });

  it('offers role grants only to those who may see them', async () => {
    fakeGateway({
      'GET /api/me': () => session(),
      'GET /api/v1/me': () => whoAmI(),
      'GET /api/v1/agencies': () => ({ agencies: [], next_page_token: '' }),
    });
    const plain = renderApp('/org');
    const nav = await screen.findByRole('menu', { name: 'ThuocDo' });
    await within(nav).findByText('Cơ cấu tổ chức');
    expect(within(nav).queryByText('Phân quyền')).toBeNull();
    plain.unmount();

    fakeGateway({
      'GET /api/me': () => session(),
      'GET /api/v1/me': () => whoAmI([{ role: 'hr_admin' }]),
      'GET /api/v1/agencies': () => ({ agencies: [], next_page_token: '' }),
    });
    renderApp('/org');
    const nav2 = await screen.findByRole('menu', { name: 'ThuocDo' });
    expect(await within(nav2).findByText('Phân quyền')).toBeInTheDocument();
  });

  it('switches to English and back, and remembers the choice', async () => {
    fakeGateway({
      'GET /api/me': () => session(),
      'GET /api/v1/me': () => whoAmI(),
      'GET /api/v1/agencies': () => ({ agencies: [], next_page_token: '' }),
    });
    renderApp('/org');
    await userEvent.click(await screen.findByRole('button', { name: 'English' }));
    expect(await screen.findByRole('heading', { name: 'Organisation' })).toBeInTheDocument();
    expect(localStorage.getItem('thuocdo.language')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    await userEvent.click(screen.getByRole('button', { name: 'Tiếng Việt' }));
    expect(await screen.findByRole('heading', { name: 'Cơ cấu tổ chức' })).toBeInTheDocument();
  });

  it('opens on the official’s own day, and offers the diary’s pages by role', async () => {
    fakeGateway({
      'GET /api/me': () => session(),
      'GET /api/v1/me': () => whoAmI([{ role: 'unit_head' }]),
      'GET /api/v1/diary-days/{official_id}/{date}': ({ params }) => ({
        ...params,
        total_minutes: 0,
        standard_minutes: 480,
        working_day: true,
      }),
      'GET /api/v1/work-logs': () => ({ entries: [], next_page_token: '' }),
      'GET /api/v1/work-item-suggestions': () => ({ items: [] }),
    });
    const { router } = renderApp('/');
    // The page is a chunk of its own: the first load of its modules is slow on a busy machine.
    expect(await screen.findByRole('heading', { name: 'Nhật ký của tôi' }, { timeout: 20_000 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/my-day');
    const nav = screen.getByRole('menu', { name: 'ThuocDo' });
    await userEvent.hover(within(nav).getByText('Nhật ký'));
    for (const name of ['Nhật ký của tôi', 'Việc của tôi', 'Duyệt nhật ký', 'Kê khai sót'])
      expect(await screen.findByRole('link', { name })).toBeInTheDocument();
  });

  it('opens on the organisation for someone who is not an official, without the diary’s pages', async () => {
    fakeGateway({
      'GET /api/me': () => session({ official_id: '' }),
      'GET /api/v1/me': () => whoAmI(),
      'GET /api/v1/agencies': () => ({ agencies: [], next_page_token: '' }),
    });
    const { router } = renderApp('/');
    expect(await screen.findByRole('heading', { name: 'Cơ cấu tổ chức' }, { timeout: 20_000 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/org');
    expect(within(screen.getByRole('menu', { name: 'ThuocDo' })).queryByText('Nhật ký')).toBeNull();
  });
});
