import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Call, fakeGateway, renderApp, reply, session } from '../../../../test/render';
import { todayInVietnam } from '../../../lib/format';
import { setLanguage } from '../../../lib/i18n';
import { outbox } from '../hooks/use-outbox';

const today = todayInVietnam();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const entry = (over: Record<string, unknown> = {}) => ({
  id: 'e-1',
  tenant_id: 't',
  official_id: 'o-hoa',
  agency_id: 'a-stc',
  unit_id: 'u-vp',
  work_date: today,
  work_item_id: 'w-b01',
  quantity: 2,
  minutes: 240,
  note: 'Công văn 12/STC',
  create_time: `${today}T02:00:00Z`,
  quantity_decimal: '2',
  work_item_revision: 1,
  task_id: '',
  evidence: '',
  status: 'WORK_LOG_STATUS_LOGGED',
  start_time: '',
  end_time: '',
  review: null,
  version: 3,
  update_time: `${today}T02:00:00Z`,
  created_by: 'hoa',
  ...over,
});

const suggestion = {
  work_item_id: 'w-b01',
  code: 'B.01',
  name: 'Soạn thảo văn bản',
  product_unit: 'văn bản',
  standard_minutes: 120,
  task_id: '',
  recent_uses: 4,
  min_minutes_per_product: 96,
  max_minutes_per_product: 180,
};

/** A diary server: a day holding `entries`, LogWork answering by `logWork` (written when it answers an entry). */
function diary(opts: { entries?: ReturnType<typeof entry>[]; logWork?: (call: Call) => unknown } = {}) {
  const entries = [...(opts.entries ?? [])];
  const total = () => entries.reduce((s, e) => s + e.minutes, 0);
  const calls = fakeGateway({
    'GET /api/me': () => session(),
    'GET /api/v1/me': () => ({ tenant_id: 't', client_id: '', official: null, memberships: [], role_grants: [], names: [] }),
    'GET /api/v1/diary-days/{official_id}/{date}': ({ params }) => ({
      official_id: params.official_id,
      date: params.date,
      total_minutes: total(),
      entry_count: entries.length,
      standard_minutes: 480,
      hard_limit_minutes: 960,
      working_day: true,
      day_name: '',
      late: false,
      closed: false,
    }),
    'GET /api/v1/work-logs': () => ({ entries, next_page_token: '' }),
    'GET /api/v1/work-item-suggestions': () => ({ items: [suggestion] }),
    'GET /api/v1/work-items/{id}': ({ params }) => ({
      work_item: {
        id: params.id,
        code: 'B.01',
        name: 'Soạn thảo văn bản',
        product_unit: 'văn bản',
        standard_minutes: 120,
        difficulty: { min_hundredths: 80, max_hundredths: 150 },
        urgency: { min_hundredths: 100, max_hundredths: 100 },
      },
    }),
    'POST /api/v1/work-logs': (call) => {
      const answer = opts.logWork?.(call);
      if (answer) return answer;
      const written = entry({ id: `e-${entries.length + 1}`, minutes: 120, quantity_decimal: '1', note: String(call.body?.note ?? '') });
      entries.push(written);
      const over = total() > 480;
      return {
        entry: written,
        outcome: {
          day_total_minutes: total(),
          warnings: over
            ? [
                {
                  code: 'DIARY_WARNING_CODE_DAY_OVER_STANDARD',
                  message_vi: `Tổng thời gian ngày là ${total()} phút, vượt ngày làm việc chuẩn 480 phút`,
                  message_en: 'Over the standard day',
                },
              ]
            : [],
        },
      };
    },
    'PATCH /api/v1/work-logs/{id}': ({ params, body }) => {
      const i = entries.findIndex((e) => e.id === params.id);
      entries[i] = { ...entries[i]!, quantity_decimal: String(body!.quantity_decimal), minutes: 360, version: 4 };
      return { entry: entries[i], outcome: { day_total_minutes: 360, warnings: [] } };
    },
    'DELETE /api/v1/work-logs/{id}': ({ params }) => {
      const i = entries.findIndex((e) => e.id === params.id);
      const [gone] = entries.splice(i, 1);
      return { entry: { ...gone, status: 'WORK_LOG_STATUS_DELETED' } };
    },
  });
  return { calls, entries };
}

const posts = (calls: Call[]) => calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/work-logs');

/** Says the browser is offline (or back online), as the browser does: navigator.onLine and the event. */
function setOnline(online: boolean) {
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(online);
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

describe('my day', () => {
  beforeEach(async () => {
    setLanguage('vi');
    for (const i of await outbox().list()) await outbox().remove(i.request_id);
  });
  afterEach(() => vi.restoreAllMocks());

  it('shows the day against 8 hours, logs a suggested item in two taps with the catalog’s default minutes, and says when the day passes 8 hours', async () => {
    const { calls } = diary({ entries: [entry({ minutes: 420, quantity_decimal: '3' })] });
    renderApp('/my-day');
    expect(await screen.findByRole('heading', { name: 'Nhật ký của tôi' })).toBeInTheDocument();
    expect(await screen.findByTestId('day-total')).toHaveTextContent('7 giờ');
    expect(screen.getByRole('progressbar', { name: 'Tổng thời gian trong ngày: 7 giờ trên 8 giờ chuẩn' })).toBeInTheDocument();
    const entries = await screen.findByTestId('entries');
    expect(within(entries).getByText('B.01 Soạn thảo văn bản')).toBeInTheDocument();
    expect(within(entries).getByText('3 văn bản · 7 giờ')).toBeInTheDocument();
    expect(within(entries).getByText('Đã kê khai')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /^Soạn thảo văn bản/ }));
    const form = await screen.findByRole('dialog', { name: 'Kê khai công việc' });
    expect(within(form).getByLabelText('Số lượng (văn bản)')).toHaveValue('1.00');
    expect(within(form).getByLabelText('Thời gian (phút)')).toHaveValue('120');
    expect(within(form).getByText('Từ 96 đến 180 phút cho số lượng này')).toBeInTheDocument();
    await userEvent.type(within(form).getByLabelText('Ghi chú'), 'Tờ trình 15');
    await userEvent.click(within(form).getByRole('button', { name: 'Ghi nhật ký' }));

    expect(await screen.findByText('Đã ghi nhật ký')).toBeInTheDocument();
    const [sent] = posts(calls);
    expect(sent!.body).toMatchObject({
      official_id: 'o-hoa',
      work_date: today,
      work_item_id: 'w-b01',
      quantity_decimal: '1',
      minutes: 0,
      note: 'Tờ trình 15',
    });
    expect(sent!.body!.request_id).toMatch(UUID);
    expect(sent!.headers['x-csrf-token']).toBe('csrf-1');
    // The server's warning, and the gauge past the standard day.
    expect(await screen.findByText('Tổng thời gian ngày là 540 phút, vượt ngày làm việc chuẩn 480 phút')).toBeInTheDocument();
    expect(await screen.findByTestId('over-standard')).toHaveTextContent('Vượt 1 giờ so với ngày làm việc chuẩn (8 giờ)');
  });

  it('keeps entries made offline in the outbox and sends them, with their request ids, when the connection is back', async () => {
    const { calls } = diary();
    renderApp('/my-day');
    await screen.findByRole('button', { name: /^Soạn thảo văn bản/ });
    setOnline(false);
    expect(await screen.findByTestId('offline-banner')).toBeInTheDocument();

    for (const note of ['Lần một', 'Lần hai']) {
      await userEvent.click(screen.getByRole('button', { name: /^Soạn thảo văn bản/ }));
      const form = await screen.findByRole('dialog', { name: 'Kê khai công việc' });
      await userEvent.type(within(form).getByLabelText('Ghi chú'), note);
      await userEvent.click(within(form).getByRole('button', { name: 'Ghi nhật ký' }));
      await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Kê khai công việc' })).toBeNull());
    }
    const waiting = await screen.findByTestId('outbox');
    await waitFor(() => expect(within(waiting).getAllByText('Chờ gửi')).toHaveLength(2));
    expect(within(waiting).getByText('Lần một')).toBeInTheDocument();
    expect(posts(calls)).toEqual([]);
    const queued = (await outbox().list()).map((i) => i.request_id);
    expect(screen.getByText('Thêm 4 giờ đang chờ gửi')).toBeInTheDocument();

    setOnline(true);
    await waitFor(() => expect(screen.queryByTestId('outbox')).toBeNull());
    expect(posts(calls).map((c) => [c.body!.note, c.body!.request_id])).toEqual([
      ['Lần một', queued[0]],
      ['Lần hai', queued[1]],
    ]);
    expect(await screen.findByText('Đã gửi 2 kê khai đang chờ')).toBeInTheDocument();
    await waitFor(() => expect(within(screen.getByTestId('entries')).getByText('Lần hai')).toBeInTheDocument());
  });

  it('queues an entry whose request never reached the server, with the id it was sent with', async () => {
    let reachable = false;
    const { calls } = diary({
      logWork: () => (reachable ? undefined : reply(503, { error: { code: 'UNAVAILABLE', message: { vi: 'Tạm ngừng', en: 'Down' } } })),
    });
    renderApp('/my-day');
    await userEvent.click(await screen.findByRole('button', { name: /^Soạn thảo văn bản/ }));
    const form = await screen.findByRole('dialog', { name: 'Kê khai công việc' });
    await userEvent.click(within(form).getByRole('button', { name: 'Ghi nhật ký' }));
    await screen.findByTestId('outbox');
    const [item] = await outbox().list();
    expect(item!.request_id).toBe(posts(calls)[0]!.body!.request_id);
    reachable = true;
    await userEvent.click(screen.getByRole('button', { name: 'Gửi ngay' }));
    await waitFor(() => expect(screen.queryByTestId('outbox')).toBeNull());
    expect(posts(calls).map((c) => c.body!.request_id)).toEqual([item!.request_id, item!.request_id]);
  });

  it('shows a refusal beside the field it names, and writes nothing to the outbox', async () => {
    diary({
      logWork: () =>
        reply(400, {
          error: { code: 'INVALID_ARGUMENT', field: 'minutes', message: { vi: 'Số phút phải từ 96 đến 180', en: 'Minutes out of range' } },
        }),
    });
    renderApp('/my-day');
    await userEvent.click(await screen.findByRole('button', { name: /^Soạn thảo văn bản/ }));
    const form = await screen.findByRole('dialog', { name: 'Kê khai công việc' });
    await userEvent.click(within(form).getByRole('button', { name: 'Ghi nhật ký' }));
    expect(await within(form).findByText('Số phút phải từ 96 đến 180')).toBeInTheDocument();
    expect(await outbox().list()).toEqual([]);
  });

  it('shows the manager’s comment on a returned entry, and withdraws an entry with the version seen', async () => {
    const returned = entry({
      status: 'WORK_LOG_STATUS_RETURNED',
      review: { by: 'dung', time: `${today}T08:00:00Z`, comment: 'Ghi rõ số văn bản' },
    });
    const { calls } = diary({ entries: [returned, entry({ id: 'e-2', status: 'WORK_LOG_STATUS_APPROVED', note: 'Đã duyệt rồi' })] });
    renderApp('/my-day');
    const entries = await screen.findByTestId('entries');
    expect(within(entries).getByText('Lãnh đạo nhận xét: Ghi rõ số văn bản')).toBeInTheDocument();
    expect(within(entries).getByText('Bị trả lại')).toBeInTheDocument();
    // An approved entry is no longer the official's to change.
    expect(within(entries).getAllByRole('button', { name: /^Xoá kê khai/ })).toHaveLength(1);
    await userEvent.click(within(entries).getByRole('button', { name: 'Xoá kê khai B.01 Soạn thảo văn bản' }));
    await userEvent.click(within(await screen.findByRole('tooltip')).getByRole('button', { name: 'Xoá' }));
    expect(await screen.findByText('Đã xoá kê khai')).toBeInTheDocument();
    const deleted = calls.find((c) => c.method === 'DELETE')!;
    expect([deleted.path, deleted.query.get('version')]).toEqual(['/api/v1/work-logs/e-1', '3']);
  });

  it('changes an entry not yet approved: the minutes follow the quantity unless typed, and the version seen is sent', async () => {
    const { calls } = diary({ entries: [entry()] });
    renderApp('/my-day');
    const entries = await screen.findByTestId('entries');
    await userEvent.click(await within(entries).findByRole('button', { name: 'Sửa kê khai B.01 Soạn thảo văn bản' }));
    const form = await screen.findByRole('dialog', { name: 'Sửa kê khai' });
    const quantity = within(form).getByLabelText('Số lượng (văn bản)');
    expect(quantity).toHaveValue('2.00');
    expect(within(form).getByLabelText('Thời gian (phút)')).toHaveValue('240');
    await userEvent.clear(quantity);
    await userEvent.type(quantity, '3');
    await waitFor(() => expect(within(form).getByLabelText('Thời gian (phút)')).toHaveValue('360'));
    await userEvent.click(within(form).getByRole('button', { name: 'Lưu' }));
    expect(await screen.findByText('Đã sửa kê khai')).toBeInTheDocument();
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect([patch.path, patch.body]).toEqual([
      '/api/v1/work-logs/e-1',
      {
        version: 3,
        work_date: today,
        work_item_id: 'w-b01',
        quantity_decimal: '3',
        minutes: 0,
        note: 'Công văn 12/STC',
        task_id: '',
        evidence: '',
        start_time: '',
        end_time: '',
      },
    ]);
  });
});
