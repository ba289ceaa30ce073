import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Call, fakeGateway, renderApp, session } from '../../../../test/render';
import { addDays, todayInVietnam } from '../../../lib/format';
import { setLanguage } from '../../../lib/i18n';

const today = todayInVietnam();

const task = (id: string, title: string, over: Record<string, unknown> = {}) => ({
  id,
  title,
  description: '',
  work_item_id: 'w-b01',
  expected_quantity: '2',
  lead_assignee_id: 'o-hoa',
  supporting_assignee_ids: [],
  start_date: addDays(today, -10),
  due_date: addDays(today, 5),
  priority: 'TASK_PRIORITY_NORMAL',
  status: 'TASK_STATUS_ASSIGNED',
  product: null,
  extension: null,
  reason: '',
  version: 4,
  ...over,
});

function tasks() {
  return fakeGateway({
    'GET /api/me': () => session(),
    'GET /api/v1/me': () => ({ tenant_id: 't', client_id: '', official: null, memberships: [], role_grants: [], names: [] }),
    'GET /api/v1/tasks': ({ query }) => ({
      tasks: query.getAll('statuses').includes('TASK_STATUS_SUBMITTED')
        ? []
        : [
            task('t-1', 'Báo cáo quý IV', {
              due_date: addDays(today, -3),
              status: 'TASK_STATUS_IN_PROGRESS',
              priority: 'TASK_PRIORITY_URGENT',
            }),
            task('t-2', 'Rà soát thủ tục hành chính'),
          ],
      next_page_token: '',
    }),
    'GET /api/v1/work-items/{id}': ({ params }) => ({
      work_item: { id: params.id, code: 'B.01', name: 'Soạn thảo văn bản', product_unit: 'văn bản' },
    }),
    'POST /api/v1/tasks/{id}:start': ({ params }) => ({ task: task(params.id, 'x', { status: 'TASK_STATUS_IN_PROGRESS' }) }),
    'POST /api/v1/tasks/{id}:submit': ({ params }) => ({ task: task(params.id, 'x', { status: 'TASK_STATUS_SUBMITTED' }) }),
    'POST /api/v1/tasks/{id}:request-extension': ({ params }) => ({ task: task(params.id, 'x') }),
  });
}

const card = (title: string) => screen.getByText(title).closest('li')!;
const sent = (calls: Call[], suffix: string) => calls.find((c) => c.method === 'POST' && c.path.endsWith(suffix));

describe('my tasks', () => {
  beforeEach(() => setLanguage('vi'));

  it('lists the official’s open tasks by due date, the overdue one marked, and starts one', async () => {
    const calls = tasks();
    renderApp('/my-tasks');
    await screen.findByText('Báo cáo quý IV');
    const asked = calls.find((c) => c.path === '/api/v1/tasks')!.query;
    expect([asked.get('assignee_id'), asked.getAll('statuses')]).toEqual([
      'o-hoa',
      ['TASK_STATUS_ASSIGNED', 'TASK_STATUS_IN_PROGRESS', 'TASK_STATUS_RETURNED'],
    ]);
    expect(within(card('Báo cáo quý IV')).getByText(/quá hạn 3 ngày/)).toBeInTheDocument();
    expect(within(card('Báo cáo quý IV')).getByText('Khẩn')).toBeInTheDocument();
    expect(await within(card('Báo cáo quý IV')).findByText('Soạn thảo văn bản: 2 văn bản')).toBeInTheDocument();
    expect(within(card('Rà soát thủ tục hành chính')).queryByText(/quá hạn/)).toBeNull();

    await userEvent.click(within(card('Rà soát thủ tục hành chính')).getByRole('button', { name: 'Bắt đầu' }));
    expect(await screen.findByText('Đã bắt đầu thực hiện')).toBeInTheDocument();
    expect(sent(calls, 't-2:start')!.body).toEqual({ version: 4 });
  });

  it('hands in a product only with a document number, a link or a file reference', async () => {
    const calls = tasks();
    renderApp('/my-tasks');
    await userEvent.click(within(await waitFor(() => card('Báo cáo quý IV'))).getByRole('button', { name: 'Nộp sản phẩm' }));
    const dialog = await screen.findByRole('dialog', { name: 'Nộp sản phẩm: Báo cáo quý IV' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Nộp sản phẩm' }));
    expect(await within(dialog).findByText('Cần ít nhất số hiệu văn bản, đường dẫn hoặc mã tệp')).toBeInTheDocument();
    await userEvent.type(within(dialog).getByLabelText('Số, ký hiệu văn bản'), '125/BC-STC');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Nộp sản phẩm' }));
    expect(await screen.findByText('Đã nộp sản phẩm')).toBeInTheDocument();
    expect(sent(calls, 't-1:submit')!.body).toEqual({
      version: 4,
      product: { document_number: '125/BC-STC', link: '', file_ref: '', note: '' },
    });
  });

  it('asks for more time with the reason', async () => {
    const calls = tasks();
    renderApp('/my-tasks');
    await userEvent.click(within(await waitFor(() => card('Rà soát thủ tục hành chính'))).getByRole('button', { name: 'Xin gia hạn' }));
    const dialog = await screen.findByRole('dialog', { name: 'Xin gia hạn: Rà soát thủ tục hành chính' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Gửi đề nghị' }));
    expect(await within(dialog).findByText('Vui lòng chọn hạn mới')).toBeInTheDocument();
    expect(within(dialog).getByText('Vui lòng nhập lý do')).toBeInTheDocument();
    expect(sent(calls, ':request-extension')).toBeUndefined();
  });

  it('shows the tasks handed in apart', async () => {
    tasks();
    renderApp('/my-tasks');
    await screen.findByText('Báo cáo quý IV');
    await userEvent.click(screen.getByText('Đã nộp'));
    expect(await screen.findByText('Không có việc nào đang chờ duyệt.')).toBeInTheDocument();
  });
});
