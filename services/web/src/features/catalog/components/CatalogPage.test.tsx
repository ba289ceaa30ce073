import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type Call, fakeGateway, renderApp, session, tableRows } from '../../../../test/render';
import { setLanguage } from '../../../lib/i18n';
import { whoAmI, workItem } from '../test-fixtures';

const agencies = {
  agencies: [
    { id: 'a-snv', code: 'SNV', name: 'Sở Nội vụ' },
    { id: 'a-stc', code: 'STC', name: 'Sở Tài chính' },
  ],
  next_page_token: '',
};

/** The catalog: two items, a second page, two sectors; the revisions of B.03. */
function catalog(grants: { role: string; node_kind?: string; node_id?: string }[] = []): Call[] {
  return fakeGateway({
    'GET /api/me': () => session(),
    'GET /api/v1/me': () => whoAmI(grants),
    'GET /api/v1/agencies': () => agencies,
    'GET /api/v1/work-item-sectors': () => ({
      sectors: [
        { sector: 'Tổng hợp', item_count: 12 },
        { sector: 'Tài chính – kế toán', item_count: 5 },
      ],
    }),
    'GET /api/v1/conversion-scale': () => ({ scale: null }),
    'GET /api/v1/work-items': ({ query }) => ({
      work_items: query.get('page_token')
        ? [workItem({ id: 'w-d01', code: 'D.01', name: 'Công việc khác', group: 'WORK_ITEM_GROUP_D' })]
        : [
            workItem(),
            workItem({
              id: 'w-c07',
              code: 'C.07',
              name: 'Thẩm định dự toán',
              group: 'WORK_ITEM_GROUP_C',
              agency_id: 'a-stc',
              status: 'WORK_ITEM_STATUS_DRAFT',
              product: '',
              version: 3,
            }),
          ],
      next_page_token: query.get('page_token') ? '' : 'p2',
    }),
    'GET /api/v1/work-items/{id}': ({ params }) => ({
      work_item:
        params.id === 'w-c07'
          ? workItem({
              id: 'w-c07',
              code: 'C.07',
              name: 'Thẩm định dự toán',
              group: 'WORK_ITEM_GROUP_C',
              agency_id: 'a-stc',
              status: 'WORK_ITEM_STATUS_DRAFT',
              return_reason: 'Thiếu đơn vị sản phẩm',
              version: 3,
            })
          : workItem(),
    }),
    'GET /api/v1/work-items/{id}/revisions': () => ({
      revisions: [
        workItem({ revision: 2, effective_from: '2026-03-01' }),
        workItem({ revision: 1, effective_from: '2026-01-10', effective_to: '2026-03-01', standard_minutes: 180 }),
      ],
      next_page_token: '',
    }),
    'POST /api/v1/work-items': ({ body }) => ({
      work_item: workItem({ id: 'w-new', code: body!.code, status: 'WORK_ITEM_STATUS_DRAFT', ...(body!.fields as object) }),
    }),
    'POST /api/v1/work-items/{id}:submit': ({ params }) => ({
      work_item: workItem({ id: params.id, status: 'WORK_ITEM_STATUS_SUBMITTED' }),
    }),
    'GET /api/v1/work-items:export': () => ({
      file: { name: 'danh-muc.xlsx', content_type: 'application/octet-stream', content: btoa('PK') },
    }),
  });
}

/** An option of the select list open now (the table's group letters carry the same words as titles). */
const openOption = (title: string) =>
  waitFor(() => within(document.querySelector<HTMLElement>('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')!).getByTitle(title));

const lists = (calls: Call[]) => calls.filter((c) => c.method === 'GET' && c.path === '/api/v1/work-items');
const lastList = (calls: Call[]) => lists(calls).at(-1)!.query;

describe('the work-item catalog', () => {
  beforeEach(() => setLanguage('vi'));

  it('searches and filters on the server, pages by cursor, and exports what the filters select', async () => {
    const calls = catalog();
    renderApp('/catalog');
    const table = (await screen.findByText('Thẩm định dự toán')).closest('table')!;
    expect(tableRows(table)[0]).toEqual([
      'B.03',
      'Báo cáo tháng',
      'Báo cáo định kỳ (báo cáo)',
      '240',
      'N3',
      'B',
      'Khó: 0,80–1,50Gấp: 1,00–1,20',
      'Đang áp dụng',
    ]);
    // An agency's own item names the agency under its name.
    expect(tableRows(table)[1]![1]).toBe('Thẩm định dự toánSở Tài chính');
    // A reader sees what is in force, without a status filter or the button to add.
    expect(lastList(calls).toString()).toBe('view=WORK_ITEM_VIEW_IN_FORCE&page_size=50');
    expect(screen.queryByLabelText('Trạng thái')).toBeNull();
    expect(screen.queryByRole('button', { name: /Thêm đầu việc/ })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: /Trang sau/ }));
    await screen.findByText('Công việc khác');
    expect(lastList(calls).get('page_token')).toBe('p2');

    // Words without diacritics go to the server as typed; the list starts again at page 1.
    await userEvent.type(screen.getByLabelText('Tìm kiếm'), 'bao cao');
    await waitFor(() => expect(lastList(calls).get('query')).toBe('bao cao'));
    expect(lastList(calls).get('page_token')).toBeNull();

    await userEvent.click(screen.getByLabelText('Nhóm'));
    await userEvent.click(await screen.findByTitle('A – Lãnh đạo, quản lý'));
    await userEvent.click(await screen.findByTitle('C – Đặc thù của cơ quan'));
    await waitFor(() => expect(lastList(calls).getAll('groups')).toEqual(['WORK_ITEM_GROUP_A', 'WORK_ITEM_GROUP_C']));

    await userEvent.click(screen.getByLabelText('Lĩnh vực'));
    await userEvent.click(await screen.findByTitle('Tài chính – kế toán (5)'));
    await waitFor(() => expect(lastList(calls).get('sector')).toBe('Tài chính – kế toán'));

    await userEvent.click(screen.getByLabelText('Nhóm vị trí việc làm'));
    await userEvent.click(await openOption('Chuyên môn dùng chung'));
    await waitFor(() => expect(lastList(calls).get('position_category')).toBe('POSITION_CATEGORY_SHARED_SPECIALIST'));
    expect(Object.fromEntries(lastList(calls))).toMatchObject({ query: 'bao cao', view: 'WORK_ITEM_VIEW_IN_FORCE' });

    const saved = vi.fn();
    URL.createObjectURL = () => 'blob:catalog';
    URL.revokeObjectURL = () => {};
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved(this.download);
    });
    await userEvent.click(screen.getByRole('button', { name: /Xuất Excel/ }));
    await waitFor(() => expect(saved).toHaveBeenCalledWith('danh-muc.xlsx'));
    const exported = calls.find((c) => c.path === '/api/v1/work-items:export')!.query;
    expect(exported.get('filter.query')).toBe('bao cao');
    expect(exported.getAll('filter.groups')).toEqual(['WORK_ITEM_GROUP_A', 'WORK_ITEM_GROUP_C']);
    expect(exported.get('filter.sector')).toBe('Tài chính – kế toán');
    expect(exported.get('filter.position_category')).toBe('POSITION_CATEGORY_SHARED_SPECIALIST');
  });

  it('opens an item with every field and its revisions', async () => {
    const calls = catalog();
    renderApp('/catalog');
    await userEvent.click(await screen.findByRole('button', { name: 'Báo cáo tháng' }));
    const drawer = await screen.findByRole('dialog');
    await within(drawer).findByText('B.03 · Báo cáo tháng');
    expect(within(drawer).getByText('Chuyên môn, nghiệp vụ')).toBeInTheDocument();
    expect(within(drawer).getByText('0,80–1,50')).toBeInTheDocument();
    expect(within(drawer).getByText('01/03/2026')).toBeInTheDocument();
    expect(await within(drawer).findByText('Lần 1 · 10/01/2026 – 01/03/2026')).toBeInTheDocument();
    expect(within(drawer).getByText('Lần 2 · 01/03/2026 – Không thời hạn')).toBeInTheDocument();
    expect(within(drawer).getByText('180 phút · N3 · Khó: 0,80–1,50 · Gấp: 1,00–1,20')).toBeInTheDocument();
    expect(calls.some((c) => c.path === '/api/v1/work-items/w-b03/revisions')).toBe(true);
    // Nothing to do for a reader.
    expect(within(drawer).queryByRole('button', { name: /Ngừng sử dụng/ })).toBeNull();
  });

  it('lets a catalog administrator see drafts by status, add a draft and submit it', async () => {
    const calls = catalog([{ role: 'catalog_admin' }]);
    renderApp('/catalog');
    await screen.findByText('Thẩm định dự toán');
    await waitFor(() => expect(lastList(calls).get('view')).toBe('WORK_ITEM_VIEW_WORKING'));
    await userEvent.click(screen.getByLabelText('Trạng thái'));
    await userEvent.click(await screen.findByTitle('Bản nháp'));
    await waitFor(() => expect(lastList(calls).getAll('statuses')).toEqual(['WORK_ITEM_STATUS_DRAFT']));

    await userEvent.click(screen.getByRole('button', { name: /Thêm đầu việc/ }));
    const form = await screen.findByRole('dialog', { name: 'Thêm đầu việc (bản nháp)' });
    await userEvent.type(within(form).getByLabelText('Mã'), 'B.61');
    await userEvent.type(within(form).getByLabelText('Tên đầu việc'), 'Tổng hợp ý kiến góp ý');
    await userEvent.type(within(form).getByLabelText('Đơn vị sản phẩm'), 'văn bản');
    await userEvent.type(within(form).getByLabelText('Thời gian chuẩn (phút)'), '90');
    const max = within(form).getByLabelText('Hệ số khó – Đến');
    await userEvent.clear(max);
    await userEvent.type(max, '1,3');
    await userEvent.click(within(form).getByLabelText('Hỗ trợ, phục vụ'));
    await userEvent.click(within(form).getByRole('button', { name: 'Lưu' }));

    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/work-items')).toBe(true));
    const post = calls.find((c) => c.method === 'POST' && c.path === '/api/v1/work-items')!;
    expect(post.body).toEqual({
      code: 'B.61',
      fields: {
        name: 'Tổng hợp ý kiến góp ý',
        group: 'WORK_ITEM_GROUP_B',
        agency_id: '',
        sector: '',
        product: '',
        product_unit: 'văn bản',
        standard_minutes: 90,
        complexity_group: '',
        difficulty: { min_hundredths: 100, max_hundredths: 130 },
        urgency: { min_hundredths: 100, max_hundredths: 100 },
        position_categories: ['POSITION_CATEGORY_SUPPORT'],
        effective_from: '',
      },
    });
    expect(await screen.findByText('Đã tạo bản nháp B.61')).toBeInTheDocument();

    // The draft of C.07 was returned once: its reason shows, and it can be sent again.
    await userEvent.keyboard('{Escape}');
    await userEvent.click(await screen.findByRole('button', { name: 'Thẩm định dự toán' }));
    const drawer = await screen.findByRole('dialog', { name: /C.07/ });
    expect(await within(drawer).findByText('Thiếu đơn vị sản phẩm')).toBeInTheDocument();
    await userEvent.click(within(drawer).getByRole('button', { name: 'Gửi duyệt' }));
    await userEvent.click(within(await screen.findByRole('tooltip')).getByRole('button', { name: 'Gửi duyệt' }));
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/work-items/w-c07:submit')).toBe(true));
    expect(calls.find((c) => c.path === '/api/v1/work-items/w-c07:submit')!.body).toEqual({ version: 3 });
    expect(await screen.findByText('Đã gửi duyệt')).toBeInTheDocument();
  });
});
