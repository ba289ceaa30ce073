import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Call, fakeGateway, renderApp, reply, session, tableRows } from '../../../../test/render';
import { todayInVietnam } from '../../../lib/format';
import { setLanguage } from '../../../lib/i18n';

const today = todayInVietnam();
const grant = (id: string, over: Record<string, string>) => ({
  id,
  tenant_id: 't',
  official_id: '',
  client_id: '',
  role: 'unit_head',
  node_kind: 'ORG_NODE_KIND_UNIT',
  node_id: 'u-ns',
  valid_from: '2026-01-01',
  valid_to: '',
  version: 1,
  ...over,
});

function grantsOffice(
  answerGrant: (call: Call) => unknown = (c) => ({ role_grant: grant('g-new', c.body as Record<string, string>) }),
): Call[] {
  return fakeGateway({
    'GET /api/me': () => session(),
    'GET /api/v1/me': () => ({
      tenant_id: 't',
      client_id: '',
      official: null,
      memberships: [],
      role_grants: [grant('g-hr', { role: 'hr_admin', node_kind: 'ORG_NODE_KIND_AGENCY', node_id: 'a-stc', official_id: 'o-hoa' })],
      names: [],
    }),
    'GET /api/v1/agencies': () => ({ agencies: [{ id: 'a-stc', code: 'STC', name: 'Sở Tài chính' }], next_page_token: '' }),
    'GET /api/v1/role-grants': () => ({
      role_grants: [
        grant('g1', { official_id: 'o-b', role: 'unit_head' }),
        grant('g2', {
          client_id: 'eoffice-stc',
          role: 'integrator',
          node_kind: 'ORG_NODE_KIND_AGENCY',
          node_id: 'a-stc',
          valid_to: '2027-01-01',
        }),
      ],
      next_page_token: '',
      names: [
        { id: 'o-b', name: 'Trần Văn B' },
        { id: 'u-ns', name: 'Phòng Ngân sách' },
        { id: 'a-stc', name: 'Sở Tài chính' },
      ],
    }),
    'POST /api/v1/role-grants': answerGrant,
    'POST /api/v1/role-grants/{id}:end': ({ params, body }) => ({ role_grant: grant(params.id!, { valid_to: String(body?.valid_to) }) }),
  });
}

describe('role grants', () => {
  beforeEach(() => setLanguage('vi'));

  it('lists grants in force today with the names of people and nodes', async () => {
    const calls = grantsOffice();
    renderApp('/grants');
    // The table is drawn again once rows arrive (an empty one does not scroll): take it after that.
    await screen.findByRole('link', { name: 'Trần Văn B' });
    const table = screen.getByRole('table');
    const rows = tableRows(table);
    expect(rows).toEqual([
      ['Trần Văn B', 'Trưởng/phó phòng', 'Phòng Ngân sách', '01/01/2026', 'Không thời hạn', 'Kết thúc'],
      ['Ứng dụng tích hợpeoffice-stc', 'Ứng dụng tích hợp', 'Sở Tài chính', '01/01/2026', '01/01/2027', 'Kết thúc'],
    ]);
    const listed = calls.find((c) => c.path === '/api/v1/role-grants')!;
    expect(listed.query.get('on_date')).toBe(today);
  });

  it('names every missing field, then grants an integration client the integrator role over an agency', async () => {
    const calls = grantsOffice();
    renderApp('/grants');
    await userEvent.click(await screen.findByRole('button', { name: /Cấp quyền/ }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: /Cấp quyền/ }));
    expect(await within(dialog).findByText('Vui lòng nhập Cán bộ')).toBeInTheDocument();
    expect(within(dialog).getByText('Vui lòng nhập Vai trò')).toBeInTheDocument();
    expect(within(dialog).getByText('Vui lòng nhập Cơ quan')).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await userEvent.click(within(dialog).getByText('Ứng dụng tích hợp'));
    await userEvent.type(within(dialog).getByLabelText('Mã ứng dụng (client id)'), 'eoffice-stc');
    await userEvent.click(within(dialog).getByLabelText('Cơ quan'));
    await userEvent.click(await screen.findByTitle('Sở Tài chính'));
    await userEvent.click(within(dialog).getByRole('button', { name: /Cấp quyền/ }));

    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.path).toBe('/api/v1/role-grants');
    expect(post.headers['x-csrf-token']).toBe('csrf-1');
    expect(post.body).toEqual({
      client_id: 'eoffice-stc',
      role: 'integrator',
      node_kind: 'ORG_NODE_KIND_AGENCY',
      node_id: 'a-stc',
      valid_from: today,
      valid_to: '',
    });
    expect(await screen.findByText('Đã cấp quyền')).toBeInTheDocument();
  });

  it('shows the server’s refusal beside the field it names, and keeps the form', async () => {
    grantsOffice(() =>
      reply(400, {
        error: { code: 'INVALID_ARGUMENT', field: 'client_id', message: { vi: 'Ứng dụng không tồn tại', en: 'No such client' } },
      }),
    );
    renderApp('/grants');
    await userEvent.click(await screen.findByRole('button', { name: /Cấp quyền/ }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByText('Ứng dụng tích hợp'));
    await userEvent.type(within(dialog).getByLabelText('Mã ứng dụng (client id)'), 'khong-co');
    await userEvent.click(within(dialog).getByLabelText('Cơ quan'));
    await userEvent.click(await screen.findByTitle('Sở Tài chính'));
    await userEvent.click(within(dialog).getByRole('button', { name: /Cấp quyền/ }));
    expect(await within(dialog).findByText('Ứng dụng không tồn tại')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Mã ứng dụng (client id)')).toHaveValue('khong-co');
  });

  it('ends a grant from today after asking', async () => {
    const calls = grantsOffice();
    renderApp('/grants');
    // The table is drawn again once rows arrive (an empty one does not scroll): take it after that.
    await screen.findByRole('link', { name: 'Trần Văn B' });
    const table = screen.getByRole('table');
    await userEvent.click(within(table).getAllByRole('button', { name: 'Kết thúc' })[0]!);
    await userEvent.click(within(await screen.findByRole('tooltip')).getByRole('button', { name: 'Kết thúc' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const end = calls.find((c) => c.method === 'POST')!;
    expect(end.path).toBe('/api/v1/role-grants/g1:end');
    expect(end.body).toEqual({ valid_to: today });
    expect(await screen.findByText('Đã kết thúc quyền')).toBeInTheDocument();
  });
});
