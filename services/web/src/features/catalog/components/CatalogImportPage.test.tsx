import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type Call, fakeGateway, renderApp, session, tableRows } from '../../../../test/render';
import { todayInVietnam } from '../../../lib/format';
import { setLanguage } from '../../../lib/i18n';
import { whoAmI } from '../test-fixtures';

const CSV = 'Mã,Tên đầu việc,Nhóm,Đơn vị sản phẩm,Thời gian chuẩn\nA.01,Chủ trì họp giao ban,A,cuộc họp,60\n';

const answer = (over: Record<string, unknown> = {}) => ({
  row_count: 3,
  created_count: 0,
  issues: [],
  issue_count: 0,
  report: null,
  group_counts: [1, 1, 1, 0],
  ...over,
});

/** The import route answering each request in turn with the next of `answers`. */
function importer(answers: unknown[]): Call[] {
  return fakeGateway({
    'GET /api/me': () => session(),
    'GET /api/v1/me': () => whoAmI([{ role: 'catalog_admin' }]),
    'POST /api/v1/work-items:import': () => answers.shift(),
  });
}

async function chooseAndCheck() {
  await screen.findByText('Bấm hoặc kéo tệp vào đây');
  const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
  await userEvent.upload(input, new File([CSV], 'danh-muc.csv', { type: 'text/csv' }));
  await userEvent.click(screen.getByRole('button', { name: 'Kiểm tra tệp' }));
}

const decoded = (base64: unknown) => new TextDecoder().decode(Uint8Array.from(atob(String(base64)), (c) => c.charCodeAt(0)));

describe('the catalog import wizard', () => {
  beforeEach(() => setLanguage('vi'));

  it('checks the file without writing, then lists its problems by row and downloads the report', async () => {
    const calls = importer([
      answer({
        issue_count: 2,
        issues: [
          {
            row: 2,
            column: 'Thời gian chuẩn',
            message_vi: 'Thời gian chuẩn phải từ 1 đến 14400 phút',
            message_en: 'Standard minutes must be 1 to 14400',
          },
          { row: 4, column: 'Nhóm', message_vi: 'Nhóm "E" không có', message_en: 'Group "E" does not exist' },
        ],
        report: { name: 'loi-danh-muc.xlsx', content_type: 'application/octet-stream', content: btoa('PK') },
      }),
    ]);
    const saved = vi.fn();
    URL.createObjectURL = () => 'blob:report';
    URL.revokeObjectURL = () => {};
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved(this.download);
    });
    renderApp('/catalog/import');
    await chooseAndCheck();

    expect(await screen.findByText('Có 2 lỗi; chưa có đầu việc nào được nhập')).toBeInTheDocument();
    const post = calls.find((c) => c.path === '/api/v1/work-items:import')!;
    expect(post.body).toMatchObject({ file_name: 'danh-muc.csv', validate_only: true });
    expect(decoded(post.body!.content)).toBe(CSV);
    const counts = screen.getByText('Số dòng').closest('table')!;
    expect(within(counts).getByText('Nhóm C – Đặc thù của cơ quan')).toBeInTheDocument();
    expect(within(counts).getByText('3')).toBeInTheDocument();
    const problems = screen.getByText('Nhóm "E" không có').closest('table')!;
    expect(tableRows(problems)).toEqual([
      ['2', 'Thời gian chuẩn', 'Thời gian chuẩn phải từ 1 đến 14400 phút'],
      ['4', 'Nhóm', 'Nhóm "E" không có'],
    ]);
    await userEvent.click(screen.getByRole('button', { name: /Tải báo cáo lỗi/ }));
    expect(saved).toHaveBeenCalledWith('loi-danh-muc.xlsx');
    // Nothing can be imported from a file with problems.
    expect(screen.queryByRole('button', { name: 'Nhập danh mục' })).toBeNull();

    setLanguage('en');
    expect(await screen.findByText('Group "E" does not exist')).toBeInTheDocument();
  });

  it('imports the same bytes once confirmed, published at once from a date, and says what was added', async () => {
    const calls = importer([answer(), answer({ created_count: 3 })]);
    renderApp('/catalog/import');
    await chooseAndCheck();
    expect(await screen.findByText('danh-muc.csv: 3 dòng, không có lỗi')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('checkbox', { name: 'Ban hành ngay (không qua duyệt)' }));
    expect(screen.getByLabelText('Hiệu lực từ ngày')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Nhập danh mục' }));
    const pop = await screen.findByRole('tooltip');
    expect(within(pop).getByText('Thêm và ban hành ngay 3 đầu việc?')).toBeInTheDocument();
    await userEvent.click(within(pop).getByRole('button', { name: 'Nhập danh mục' }));

    expect(await screen.findByText('Đã thêm và ban hành 3 đầu việc')).toBeInTheDocument();
    const [check, write] = calls.filter((c) => c.path === '/api/v1/work-items:import');
    expect(write!.body).toEqual({
      file_name: 'danh-muc.csv',
      content: check!.body!.content,
      validate_only: false,
      publish: true,
      effective_from: todayInVietnam(),
    });
    expect(screen.getByRole('link', { name: 'Xem danh mục' })).toHaveAttribute('href', '/catalog');
    await waitFor(() => expect(calls.filter((c) => c.path === '/api/v1/work-items:import')).toHaveLength(2));
  });
});
