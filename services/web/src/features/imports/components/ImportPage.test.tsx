import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeGateway, renderApp, session, tableRows } from '../../../../test/render';

const job = (status: string, over: Record<string, unknown> = {}) => ({
  id: 'j1',
  tenant_id: 't',
  agency_id: 'a-snv',
  status,
  effective_date: '2026-12-01',
  file_names: ['can-bo.csv'],
  rows_total: 3,
  rows_done: 3,
  summary: {
    units_created: 2,
    units_renamed: 0,
    units_moved: 0,
    positions_created: 1,
    officials_created: 3,
    officials_updated: 0,
    posts_changed: 0,
    rows_unchanged: 0,
  },
  issue_count: 0,
  created_by: 'hoa',
  confirmed_by: '',
  create_time: '2026-12-01T02:00:00Z',
  update_time: '2026-12-01T02:00:05Z',
  ...over,
});

function office(states: { get: () => unknown; confirm?: () => unknown }) {
  return fakeGateway({
    'GET /api/me': () => session({ roles: ['sys_admin'] }),
    'GET /api/v1/me': () => ({ tenant_id: 't', client_id: '', official: null, memberships: [], role_grants: [], names: [] }),
    'GET /api/v1/agencies': () => ({ agencies: [{ id: 'a-snv', code: 'SNV', name: 'Sở Nội vụ' }], next_page_token: '' }),
    'POST /api/v1/imports': () => ({ job: job('IMPORT_STATUS_VALIDATING', { rows_done: 0 }) }),
    'GET /api/v1/imports': () => ({ jobs: [job('IMPORT_STATUS_DONE')], next_page_token: '' }),
    'GET /api/v1/imports/{id}': states.get,
    'GET /api/v1/imports/{import_id}/issues': () => ({
      issues: [
        { sheet: 'Cán bộ', row: 3, column: 'Họ và tên', message_vi: 'Chưa có họ và tên', message_en: 'Full name is missing' },
        {
          sheet: 'Cán bộ',
          row: 5,
          column: 'Loại',
          message_vi: 'Loại "Nhân viên" không có trong danh sách',
          message_en: 'Category is not in the list',
        },
      ],
      next_page_token: '',
    }),
    'GET /api/v1/imports/{id}/report': () => ({
      file: { name: 'loi.xlsx', content_type: 'application/octet-stream', content: btoa('PK') },
    }),
    'POST /api/v1/imports/{id}:confirm': () => ({ job: (states.confirm ?? states.get)() }),
  });
}

describe('import wizard', () => {
  it('sends the chosen file for checking, then lists every problem and downloads the report', async () => {
    let polls = 0;
    const calls = office({
      get: () => ({
        job: polls++ < 1 ? job('IMPORT_STATUS_VALIDATING', { rows_done: 1 }) : job('IMPORT_STATUS_INVALID', { issue_count: 2 }),
      }),
    });
    // jsdom neither makes object URLs nor saves files: the download is seen as the click on its link.
    const saved = vi.fn();
    URL.createObjectURL = () => 'blob:report';
    URL.revokeObjectURL = () => {};
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved(this.download);
    });
    const { router } = renderApp('/import?agency=a-snv');
    await screen.findByText('Bấm hoặc kéo tệp vào đây');
    const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
    await userEvent.upload(input, new File(['Mã cán bộ,Họ và tên\nA1,Nguyễn Văn A\n'], 'can-bo.csv', { type: 'text/csv' }));
    await userEvent.click(screen.getByRole('button', { name: 'Kiểm tra tệp' }));

    await waitFor(() => expect(router.state.location.search).toContain('id=j1'));
    const post = calls.find((c) => c.method === 'POST' && c.path === '/api/v1/imports')!;
    expect(post.body).toMatchObject({ agency_id: 'a-snv', files: [{ name: 'can-bo.csv' }] });
    expect(
      new TextDecoder().decode(
        Uint8Array.from(atob(String((post.body!.files as { content: string }[])[0]!.content)), (c) => c.charCodeAt(0)),
      ),
    ).toBe('Mã cán bộ,Họ và tên\nA1,Nguyễn Văn A\n');
    expect(post.headers['x-csrf-token']).toBe('csrf-1');

    expect(await screen.findByText('Có 2 lỗi; chưa có dữ liệu nào được ghi')).toBeTruthy();
    const table = (await screen.findByText('Chưa có họ và tên')).closest('table')!;
    expect(tableRows(table)).toEqual([
      ['Cán bộ', '3', 'Họ và tên', 'Chưa có họ và tên'],
      ['Cán bộ', '5', 'Loại', 'Loại "Nhân viên" không có trong danh sách'],
    ]);
    await userEvent.click(screen.getByRole('button', { name: /Tải báo cáo lỗi/ }));
    await waitFor(() => expect(saved).toHaveBeenCalledWith('loi.xlsx'));
  });

  it('shows what a checked import will do, and writes it once confirmed', async () => {
    let confirmed = false;
    const calls = office({
      get: () => ({ job: confirmed ? job('IMPORT_STATUS_DONE', { confirmed_by: 'hoa' }) : job('IMPORT_STATUS_READY') }),
      confirm: () => {
        confirmed = true;
        return job('IMPORT_STATUS_APPLYING', { rows_done: 0 });
      },
    });
    renderApp('/import?id=j1&agency=a-snv');
    const summary = await screen.findByText('Cán bộ mới');
    expect(within(summary.closest('table')!).getByText('3')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Xác nhận và ghi' }));
    const pop = await screen.findByRole('tooltip');
    await userEvent.click(within(pop).getByRole('button', { name: 'Xác nhận và ghi' }));
    expect(await screen.findByText('Đã ghi dữ liệu')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/imports/j1:confirm')).toHaveLength(1);
  });
});
