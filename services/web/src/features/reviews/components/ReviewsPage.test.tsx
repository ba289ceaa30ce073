import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Call, fakeGateway, renderApp, session } from '../../../../test/render';
import { setLanguage } from '../../../lib/i18n';

const entry = (id: string, official: string, note: string, over: Record<string, unknown> = {}) => ({
  id,
  official_id: official,
  work_date: '2026-12-01',
  work_item_id: 'w-b01',
  minutes: 120,
  note,
  quantity_decimal: '1',
  status: 'WORK_LOG_STATUS_LOGGED',
  version: 2,
  ...over,
});

const OFFICIALS: Record<string, string> = { 'o-an': 'Nguyễn Văn An', 'o-binh': 'Phạm Văn Bình', 'o-hoa': 'Nguyễn Thị Hoa' };

/** An inbox of three entries (and the head's own, which is never shown); the review refuses `refuse`. */
function inbox(refuse: string[] = []) {
  let waiting = [
    entry('e-1', 'o-an', 'Công văn 12'),
    entry('e-2', 'o-an', 'Tờ trình 7', { status: 'WORK_LOG_STATUS_AWAITING_LATE_APPROVAL' }),
    entry('e-3', 'o-binh', 'Biên bản họp'),
    entry('e-own', 'o-hoa', 'Của chính mình'),
  ];
  return fakeGateway({
    'GET /api/me': () => session(),
    'GET /api/v1/me': () => ({
      tenant_id: 't',
      client_id: '',
      official: { id: 'o-hoa', agency_id: 'a-stc', full_name: 'Nguyễn Thị Hoa' },
      memberships: [],
      role_grants: [
        { id: 'g1', role: 'unit_head', node_kind: 'ORG_NODE_KIND_UNIT', node_id: 'u-vp', valid_from: '2026-01-01', valid_to: '' },
      ],
      names: [],
    }),
    'GET /api/v1/agencies': () => ({ agencies: [{ id: 'a-stc', code: 'STC', name: 'Sở Tài chính' }], next_page_token: '' }),
    'GET /api/v1/units': () => ({ units: [{ id: 'u-vp', code: 'VP', name: 'Văn phòng' }], next_page_token: '' }),
    'GET /api/v1/work-logs': () => ({ entries: waiting, next_page_token: '' }),
    'GET /api/v1/officials/{id}': ({ params }) => ({
      official: { id: params.id, full_name: OFFICIALS[params.id] },
      memberships: [],
      names: [],
    }),
    'GET /api/v1/work-items/{id}': ({ params }) => ({
      work_item: { id: params.id, code: 'B.01', name: 'Soạn thảo văn bản', product_unit: 'văn bản' },
    }),
    'POST /api/v1/work-logs:review': ({ body }) => {
      const asked = (body!.entries as { id: string }[]).map((e) => e.id);
      const results = asked.map((id) =>
        refuse.includes(id)
          ? {
              id,
              entry: null,
              error: {
                reason: 'ERROR_REASON_VERSION_CONFLICT',
                field: 'version',
                message_vi: 'Kê khai vừa được sửa; hãy xem lại',
                message_en: 'Changed meanwhile',
              },
            }
          : { id, entry: { id }, error: null },
      );
      waiting = waiting.filter((e) => !asked.includes(e.id) || refuse.includes(e.id));
      return { results, reviewed: asked.length - refuse.length, failed: refuse.length };
    },
  });
}

const reviews = (calls: Call[]) => calls.filter((c) => c.path === '/api/v1/work-logs:review');

describe('the review inbox', () => {
  beforeEach(() => setLanguage('vi'));

  it('asks for the entries waiting for review where the manager reaches, never their own, and approves the chosen ones at once', async () => {
    const calls = inbox();
    renderApp('/reviews');
    const list = await screen.findByTestId('review-entries');
    await within(list).findAllByText('Nguyễn Văn An');
    expect(within(list).queryByText('Của chính mình')).toBeNull();
    const asked = calls.find((c) => c.path === '/api/v1/work-logs')!.query;
    expect(asked.getAll('statuses')).toEqual(['WORK_LOG_STATUS_LOGGED', 'WORK_LOG_STATUS_AWAITING_LATE_APPROVAL']);
    expect(asked.get('unit_id')).toBeNull();
    expect(within(list).getByText('Chờ duyệt (kê khai muộn)')).toBeInTheDocument();

    await userEvent.click(
      within(list).getByRole('checkbox', { name: 'Chọn kê khai của Nguyễn Văn An ngày 01/12/2026: Soạn thảo văn bản (Công văn 12)' }),
    );
    await userEvent.click(
      within(list).getByRole('checkbox', { name: 'Chọn kê khai của Nguyễn Văn An ngày 01/12/2026: Soạn thảo văn bản (Tờ trình 7)' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Duyệt 2 kê khai' }));
    expect(await screen.findByText('Đã duyệt 2 kê khai')).toBeInTheDocument();
    expect(reviews(calls)[0]!.body).toEqual({
      entries: [
        { id: 'e-1', version: 2 },
        { id: 'e-2', version: 2 },
      ],
      decision: 'REVIEW_DECISION_APPROVE',
      comment: '',
    });
    await waitFor(() => expect(within(screen.getByTestId('review-entries')).queryByText('Công văn 12')).toBeNull());
  });

  it('returns the chosen entries only with a comment, and says which ones the server refused and why', async () => {
    const calls = inbox(['e-3']);
    renderApp('/reviews');
    const list = await screen.findByTestId('review-entries');
    await within(list).findAllByText('Nguyễn Văn An');
    await userEvent.click(screen.getByRole('checkbox', { name: /^Chọn tất cả/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Trả lại 3' }));
    const dialog = await screen.findByRole('dialog', { name: 'Trả lại 3 kê khai' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Trả lại' }));
    expect(await within(dialog).findByText('Vui lòng nhập nhận xét')).toBeInTheDocument();
    expect(reviews(calls)).toEqual([]);

    await userEvent.type(within(dialog).getByLabelText('Nhận xét (công chức sẽ đọc)'), 'Ghi rõ số văn bản');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Trả lại' }));
    expect(await screen.findByText('Đã trả lại 2 kê khai')).toBeInTheDocument();
    expect(reviews(calls)[0]!.body).toMatchObject({ decision: 'REVIEW_DECISION_RETURN', comment: 'Ghi rõ số văn bản' });
    const failures = await screen.findByTestId('review-failures');
    expect(failures).toHaveTextContent(
      'kê khai của Phạm Văn Bình ngày 01/12/2026: Soạn thảo văn bản (Biên bản họp): Kê khai vừa được sửa; hãy xem lại',
    );
    // The refused one stays chosen, for another try.
    await waitFor(() => expect(screen.getByRole('button', { name: 'Duyệt 1 kê khai' })).toBeEnabled());
  });
});
