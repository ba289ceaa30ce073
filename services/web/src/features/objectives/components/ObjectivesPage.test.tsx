import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Call, fakeGateway, renderApp, session } from '../../../../test/render';
import { todayInVietnam } from '../../../lib/format';
import { setLanguage } from '../../../lib/i18n';
import { progressBand } from './OkrProgress';

const YEAR = todayInVietnam().slice(0, 4);

const objective = (id: string, title: string, over: Record<string, unknown> = {}) => ({
  id,
  tenant_id: 't',
  level: 'OBJECTIVE_LEVEL_TENANT',
  node_id: '',
  agency_id: '',
  owner_official_id: '',
  title,
  description: '',
  parent_id: '',
  source: null,
  commitment: 'COMMITMENT_COMMITTED',
  period: { year: Number(YEAR), quarter: 0 },
  progress: 0.5,
  key_result_count: 0,
  child_count: 0,
  version: 1,
  created_by: 'admin',
  create_time: '2026-01-02T02:00:00Z',
  update_time: '2026-01-02T02:00:00Z',
  ...over,
});

const keyResult = {
  id: 'kr1',
  objective_id: 'i1',
  title: 'Giải quyết hồ sơ đúng hạn',
  kind: 'KEY_RESULT_KIND_NUMBER',
  measure_unit: 'hồ sơ',
  start: 0,
  target: 10,
  current: 3,
  direction: 'DIRECTION_INCREASING',
  weight: 1,
  confidence: 0.6,
  progress: 0.3,
  version: 2,
  update_time: '2026-03-01T02:00:00Z',
  last_check_in_date: '2026-03-01',
};

/**
 * The province's objective (t1) with a second page of roots, its agency objective (a1) and one
 * official's (i1, owned by the signed-in person). A check-in of kr1 moves i1, then a1 and t1.
 */
function province(): Call[] {
  const all: Record<string, ReturnType<typeof objective>> = {
    t1: objective('t1', 'Chuyển đổi số toàn tỉnh', { child_count: 1, progress: 0.75 }),
    t2: objective('t2', 'Cải cách hành chính', { progress: 0.2, commitment: 'COMMITMENT_ASPIRATIONAL' }),
    t3: objective('t3', 'Nâng cao chỉ số hài lòng', { progress: null }),
    a1: objective('a1', 'Số hoá hồ sơ của Sở Tài chính', {
      level: 'OBJECTIVE_LEVEL_AGENCY',
      agency_id: 'a-stc',
      parent_id: 't1',
      child_count: 1,
      progress: 0.5,
    }),
    i1: objective('i1', 'Giải quyết hồ sơ trực tuyến', {
      level: 'OBJECTIVE_LEVEL_INDIVIDUAL',
      agency_id: 'a-stc',
      owner_official_id: 'o-hoa',
      parent_id: 'a1',
      key_result_count: 1,
      progress: 0.3,
    }),
  };
  const checkIns: unknown[] = [];
  let kr1 = keyResult;
  return fakeGateway({
    'GET /api/me': () => session(),
    'GET /api/v1/me': () => ({ tenant_id: 't', client_id: '', official: null, memberships: [], role_grants: [], names: [] }),
    'GET /api/v1/agencies': () => ({ agencies: [{ id: 'a-stc', code: 'STC', name: 'Sở Tài chính' }], next_page_token: '' }),
    'GET /api/v1/objectives': ({ query }) => {
      const parent = query.get('parent_id') ?? '';
      if (!parent)
        return query.get('page_token')
          ? { objectives: [all.t3], next_page_token: '' }
          : { objectives: [all.t1, all.t2], next_page_token: 'r2' };
      return { objectives: Object.values(all).filter((o) => o.parent_id === parent), next_page_token: '' };
    },
    'GET /api/v1/objectives/{id}': ({ params }) => ({
      objective: all[params.id!],
      key_results: params.id === 'i1' ? [kr1] : [],
    }),
    'GET /api/v1/key-results/{key_result_id}/check-ins': () => ({ check_ins: checkIns, next_page_token: '' }),
    'POST /api/v1/key-results/{key_result_id}/check-ins': ({ body }) => {
      // The server rolls the new progress up the tree.
      all.i1 = { ...all.i1!, progress: 0.6 };
      all.a1 = { ...all.a1!, progress: 0.6 };
      all.t1 = { ...all.t1!, progress: 0.6 };
      const checkIn = { id: 'c1', key_result_id: 'kr1', created_by: 'hoa', create_time: '2026-11-20T02:00:00Z', ...body };
      checkIns.unshift(checkIn);
      kr1 = { ...kr1, current: Number(body!.value), progress: 0.6, version: kr1.version + 1 };
      return { check_in: checkIn, key_result: kr1, objective: all.i1 };
    },
  });
}

const listed = (calls: Call[]) => calls.filter((c) => c.method === 'GET' && c.path === '/api/v1/objectives');
const bar = (name: string) => screen.getByRole('progressbar', { name: new RegExp(`^Tiến độ ${name}`) });
const open = async (tree: HTMLElement, title: string) => {
  const item = within(tree).getByText(title).closest('[role="treeitem"]') as HTMLElement;
  await userEvent.click(item.querySelector('.ant-tree-switcher') as HTMLElement);
};

describe('the objective tree', () => {
  beforeEach(() => setLanguage('vi'));

  it('bands progress in one place: below 0.4 red, 0.4 to 0.7 amber, above green', () => {
    expect([0, 0.39, 0.4, 0.7, 0.71, 1].map(progressBand)).toEqual(['behind', 'behind', 'atRisk', 'atRisk', 'onTrack', 'onTrack']);
  });

  it('loads the roots of the year, each level when opened, further pages on request, and another period anew', async () => {
    const calls = province();
    renderApp('/objectives');
    const tree = await screen.findByRole('tree', { name: 'Cây mục tiêu' });
    await within(tree).findByText('Chuyển đổi số toàn tỉnh');
    expect(Object.fromEntries(listed(calls)[0]!.query)).toEqual({ 'period.year': YEAR, 'period.quarter': '0', page_size: '20' });
    expect(bar('Chuyển đổi số toàn tỉnh')).toHaveAttribute('aria-valuenow', '75');
    expect(bar('Chuyển đổi số toàn tỉnh')).toHaveAccessibleName('Tiến độ Chuyển đổi số toàn tỉnh: 75% (đúng tiến độ)');
    expect(bar('Cải cách hành chính')).toHaveAccessibleName('Tiến độ Cải cách hành chính: 20% (chậm)');
    expect(within(tree).getByText('Kỳ vọng')).toBeInTheDocument();

    // The next page of the level, on request.
    await userEvent.click(within(tree).getByText('Xem thêm mục tiêu…'));
    await within(tree).findByText('Nâng cao chỉ số hài lòng');
    expect(listed(calls).at(-1)!.query.get('page_token')).toBe('r2');
    expect(within(tree).queryByText('Xem thêm mục tiêu…')).toBeNull();
    expect(within(tree).getByText('Chưa có số liệu')).toBeInTheDocument();

    // A branch is read when opened, not before.
    expect(listed(calls).some((c) => c.query.get('parent_id'))).toBe(false);
    await open(tree, 'Chuyển đổi số toàn tỉnh');
    await within(tree).findByText('Số hoá hồ sơ của Sở Tài chính');
    expect(listed(calls).at(-1)!.query.get('parent_id')).toBe('t1');
    expect(within(tree).getByText('Sở Tài chính')).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Kỳ'));
    await userEvent.click(await screen.findByTitle('Quý 2'));
    await waitFor(() => expect(listed(calls).at(-1)!.query.get('period.quarter')).toBe('2'));
    expect(listed(calls).at(-1)!.query.get('parent_id')).toBeNull();
  });

  it('shows an objective’s key results, checks one in once, and refreshes the progress of it and those above it', async () => {
    const calls = province();
    renderApp('/objectives');
    const tree = await screen.findByRole('tree', { name: 'Cây mục tiêu' });
    await within(tree).findByText('Chuyển đổi số toàn tỉnh');
    await open(tree, 'Chuyển đổi số toàn tỉnh');
    await within(tree).findByText('Số hoá hồ sơ của Sở Tài chính');
    await open(tree, 'Số hoá hồ sơ của Sở Tài chính');
    await userEvent.click(await within(tree).findByText('Giải quyết hồ sơ trực tuyến'));

    const kr = (await screen.findByText('Giải quyết hồ sơ đúng hạn')).closest('.ant-card') as HTMLElement;
    expect(within(kr).getByText('3 hồ sơ')).toBeInTheDocument();
    expect(within(kr).getByText('10 hồ sơ')).toBeInTheDocument();
    expect(within(kr).getByText('60 %')).toBeInTheDocument();
    // The signed-in person's own objective says so.
    expect(within(screen.getByText('Người chịu trách nhiệm').closest('table')!).getByText('Bạn')).toBeInTheDocument();

    await userEvent.click(within(kr).getByRole('button', { name: 'Cập nhật kết quả: Giải quyết hồ sơ đúng hạn' }));
    const dialog = await screen.findByRole('dialog');
    const value = within(dialog).getByLabelText('Giá trị (hồ sơ)');
    await userEvent.clear(value);
    await userEvent.type(value, '6');
    const confidence = within(dialog).getByLabelText('Độ tin cậy đạt mục tiêu (%)');
    await userEvent.clear(confidence);
    await userEvent.type(confidence, '80');
    await userEvent.type(within(dialog).getByLabelText('Ghi chú'), 'Đã số hoá thêm 3 hồ sơ');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Gửi' }));

    expect(await screen.findByText('Đã cập nhật kết quả')).toBeInTheDocument();
    const sent = calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/key-results/kr1/check-ins');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toEqual({
      value: 6,
      confidence: 0.8,
      comment: 'Đã số hoá thêm 3 hồ sơ',
      check_in_date: todayInVietnam(),
      request_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
    });
    // The objective and both above it are read again; the tree's bars follow.
    await waitFor(() => expect(bar('Chuyển đổi số toàn tỉnh')).toHaveAttribute('aria-valuenow', '60'));
    expect(calls.some((c) => c.path === '/api/v1/objectives/a1')).toBe(true);
    expect(calls.some((c) => c.path === '/api/v1/objectives/t1')).toBe(true);
    expect(within(tree).getAllByRole('progressbar', { name: /Số hoá hồ sơ/ })[0]).toHaveAttribute('aria-valuenow', '60');
    // The key result and its history follow too.
    await waitFor(() => expect(within(kr).getByText('6 hồ sơ')).toBeInTheDocument());
    await userEvent.click(within(kr).getByText('Lịch sử cập nhật'));
    expect(await within(kr).findByText('Đã số hoá thêm 3 hồ sơ')).toBeInTheDocument();

    // Another check-in is another request id.
    await userEvent.click(within(kr).getByRole('button', { name: 'Cập nhật kết quả: Giải quyết hồ sơ đúng hạn' }));
    const again = await screen.findByRole('dialog');
    await userEvent.click(within(again).getByRole('button', { name: 'Gửi' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2));
    const [first, second] = calls.filter((c) => c.method === 'POST');
    expect(second!.body!.request_id).not.toBe(first!.body!.request_id);
  });
});
