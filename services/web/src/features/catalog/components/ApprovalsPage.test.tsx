import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Call, fakeGateway, renderApp, reply, session } from '../../../../test/render';
import { setLanguage } from '../../../lib/i18n';
import { whoAmI, workItem } from '../test-fixtures';

const submitted = (over: Record<string, unknown> = {}) =>
  workItem({
    id: 'w-c07',
    code: 'C.07',
    name: 'Thẩm định dự toán',
    group: 'WORK_ITEM_GROUP_C',
    agency_id: 'a-stc',
    status: 'WORK_ITEM_STATUS_SUBMITTED',
    submitted: { by: 'lan', time: '2026-11-20T02:30:00Z' },
    version: 4,
    ...over,
  });

/** A queue holding C.07 until someone decides on it; `decide` answers the decision. */
function queue(grants: { role: string; node_kind?: string; node_id?: string }[], decide: (call: Call) => unknown = () => null): Call[] {
  let waiting = [submitted()];
  const decision = (status: string) => (call: Call & { params: Record<string, string> }) => {
    const refused = decide(call);
    if (refused) return refused;
    waiting = waiting.filter((w) => w.id !== call.params.id);
    return { work_item: submitted({ status }) };
  };
  return fakeGateway({
    'GET /api/me': () => session(),
    'GET /api/v1/me': () => whoAmI(grants),
    'GET /api/v1/agencies': () => ({ agencies: [{ id: 'a-stc', code: 'STC', name: 'Sở Tài chính' }], next_page_token: '' }),
    'GET /api/v1/work-items': ({ query }) => ({
      work_items: query.getAll('groups').includes('WORK_ITEM_GROUP_C') ? waiting : [],
      next_page_token: '',
    }),
    'POST /api/v1/work-items/{id}:approve': decision('WORK_ITEM_STATUS_PUBLISHED'),
    'POST /api/v1/work-items/{id}:return': decision('WORK_ITEM_STATUS_DRAFT'),
  });
}

const leader = [{ role: 'agency_leader', node_kind: 'ORG_NODE_KIND_AGENCY', node_id: 'a-stc' }];
const lists = (calls: Call[]) => calls.filter((c) => c.method === 'GET' && c.path === '/api/v1/work-items');

describe('the approval queue', () => {
  beforeEach(() => setLanguage('vi'));

  it('shows an agency leader the submitted group C items of their agency, and approves one with the version seen', async () => {
    const calls = queue(leader);
    renderApp('/catalog/approvals');
    const row = (await screen.findByText('Thẩm định dự toán')).closest('tr')!;
    expect(within(row).getByText('20/11/2026 09:30 · lan')).toBeInTheDocument();
    const asked = lists(calls)[0]!.query;
    expect(Object.fromEntries(asked)).toEqual({
      view: 'WORK_ITEM_VIEW_WORKING',
      statuses: 'WORK_ITEM_STATUS_SUBMITTED',
      groups: 'WORK_ITEM_GROUP_C',
      agency_id: 'a-stc',
      only_agency: 'true',
      page_size: '50',
    });

    await userEvent.click(within(row).getByRole('button', { name: 'Duyệt C.07' }));
    await userEvent.click(within(await screen.findByRole('tooltip')).getByRole('button', { name: 'Duyệt' }));
    expect(await screen.findByText('Đã duyệt C.07')).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/work-items/w-c07:approve')!.body).toEqual({ version: 4 });
    // Read again: nothing left to decide.
    expect(await screen.findByText('Không có đầu việc nào chờ duyệt.')).toBeInTheDocument();
    expect(lists(calls).length).toBeGreaterThan(1);
  });

  it('returns an item only with a reason', async () => {
    const calls = queue(leader);
    renderApp('/catalog/approvals');
    const row = (await screen.findByText('Thẩm định dự toán')).closest('tr')!;
    await userEvent.click(within(row).getByRole('button', { name: 'Trả lại C.07' }));
    const dialog = await screen.findByRole('dialog', { name: 'Trả lại đầu việc C.07' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Trả lại' }));
    expect(await within(dialog).findByText('Vui lòng nhập lý do trả lại')).toBeInTheDocument();
    expect(calls.some((c) => c.path.endsWith(':return'))).toBe(false);

    await userEvent.type(within(dialog).getByLabelText('Lý do trả lại'), 'Thời gian chuẩn chưa có căn cứ');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Trả lại' }));
    expect(await screen.findByText('Đã trả lại C.07')).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/work-items/w-c07:return')!.body).toEqual({
      version: 4,
      reason: 'Thời gian chuẩn chưa có căn cứ',
    });
    expect(await screen.findByText('Không có đầu việc nào chờ duyệt.')).toBeInTheDocument();
  });

  it('says so when someone changed the item meanwhile, and reads the queue again', async () => {
    const calls = queue([{ role: 'catalog_admin' }, ...leader], () =>
      reply(409, { error: { code: 'ABORTED', message: { vi: 'Phiên bản đã thay đổi', en: 'Version changed' } } }),
    );
    renderApp('/catalog/approvals');
    // A catalog administrator who also leads an agency decides on two queues.
    await screen.findByRole('tab', { name: 'Danh mục dùng chung' });
    await userEvent.click(screen.getByRole('tab', { name: 'Sở Tài chính' }));
    const row = (await screen.findByText('Thẩm định dự toán')).closest('tr')!;
    const shared = lists(calls).find((c) => c.query.getAll('groups').length === 3)!.query;
    expect(shared.getAll('groups')).toEqual(['WORK_ITEM_GROUP_A', 'WORK_ITEM_GROUP_B', 'WORK_ITEM_GROUP_D']);
    expect(shared.get('agency_id')).toBeNull();

    const before = lists(calls).length;
    await userEvent.click(within(row).getByRole('button', { name: 'Duyệt C.07' }));
    await userEvent.click(within(await screen.findByRole('tooltip')).getByRole('button', { name: 'Duyệt' }));
    expect(await screen.findByText('Đầu việc vừa được người khác thay đổi; hãy xem lại rồi thao tác lại.')).toBeInTheDocument();
    await waitFor(() => expect(lists(calls).length).toBeGreaterThan(before));
  });
});
