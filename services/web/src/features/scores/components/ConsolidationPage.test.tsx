import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Call, fakeGateway, renderApp, session } from '../../../../test/render';
import { todayInVietnam } from '../../../lib/format';
import { setLanguage } from '../../../lib/i18n';

const month = todayInVietnam().slice(0, 7);

const result = (n: number, over: Record<string, unknown> = {}) => ({
  official_id: `o-${n}`,
  full_name: `Cán bộ ${n}`,
  staff_code: `STC-0${n}`,
  agency_id: 'a-stc',
  unit_id: 'u-vp',
  duty_group: 'SPECIALIST',
  pack_code: 'ND335-2025',
  general_points: '30.00',
  task_points: '70.00',
  total: '100.00',
  grade_by_score: 'GRADE_EXCELLENT',
  grade: 'GRADE_GOOD',
  quota_outcome: 'QUOTA_OUTCOME_MOVED_DOWN',
  rank: n,
  override_reason: '',
  ...over,
});

function gateway(status: 'PERIOD_STATUS_OPEN' | 'PERIOD_STATUS_CLOSED'): Call[] {
  return fakeGateway({
    'GET /api/me': () => session(),
    'GET /api/v1/me': () => ({
      tenant_id: 't',
      client_id: '',
      official: { id: 'o-hoa', agency_id: 'a-stc' },
      memberships: [],
      role_grants: [{ id: 'g', role: 'hr_admin', node_kind: 'ORG_NODE_KIND_TENANT', node_id: 't' }],
      names: [],
    }),
    'GET /api/v1/agencies': () => ({ agencies: [{ id: 'a-stc', code: 'STC', name: 'Sở Tài chính' }], next_page_token: '' }),
    'GET /api/v1/scoring/periods/{period}': ({ params }) => ({
      period: { period: params.period, status, close_time: '2026-12-03T02:00:00Z', closed_by: 'hr', reason: '', results: 7000, version: 1 },
    }),
    'POST /api/v1/scoring/periods/{period}:close': ({ params }) => ({
      period: { period: params.period, status: 'PERIOD_STATUS_CLOSED', results: 7000, version: 1 },
    }),
    'GET /api/v1/scoring/periods/{period}/agencies/{agency_id}/results': () => ({
      results: [
        result(1),
        result(2, { grade: 'GRADE_EXCELLENT', quota_outcome: 'QUOTA_OUTCOME_KEPT_BY_OVERRIDE', override_reason: 'Thành tích' }),
      ],
      groups: [
        { pack_code: 'ND335-2025', duty_group: '', good: 0, candidates: 2, cap: 0, kept: 1, agency_wide: true },
        { pack_code: 'ND335-2025', duty_group: 'SPECIALIST', good: 0, candidates: 2, cap: 0, kept: 1, agency_wide: false },
      ],
      next_page_token: '',
    }),
    'POST /api/v1/scoring/periods/{period}/officials/{official_id}:override-quota': ({ params }) => ({
      result: result(Number(params.official_id.slice(2))),
    }),
  });
}

describe('consolidated results', () => {
  beforeEach(() => setLanguage('vi'));

  it("shows HR the agency's closed period ranked, with the quota, and keeps a candidate by an override with its reason", async () => {
    const calls = gateway('PERIOD_STATUS_CLOSED');
    renderApp('/consolidation');
    const first = (await screen.findByText(/^Cán bộ 1/, {}, { timeout: 5000 })).closest('tr')!;
    const table = screen.getByTestId('results');
    expect(first).toHaveTextContent('100,00');
    expect(first).toHaveTextContent('Ngoài tỷ lệ 20%: xếp Hoàn thành tốt');
    expect(
      within(table)
        .getByText(/^Cán bộ 2/)
        .closest('tr'),
    ).toHaveTextContent('Giữ HTXS ngoài tỷ lệ: Thành tích');
    expect(screen.getByTestId('quota-summary')).toHaveTextContent('giữ 1/0 — 2 người đạt điểm HTXS, 0 người HTT');
    expect(calls.find((c) => c.path.includes('/agencies/'))!.path).toBe(`/api/v1/scoring/periods/${month}/agencies/a-stc/results`);

    await userEvent.click(within(first).getByRole('button', { name: 'Giữ HTXS' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/Lý do/), 'Đơn vị có thành tích xuất sắc');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Giữ HTXS' }));
    const sent = calls.find((c) => c.path.endsWith(':override-quota'))!;
    expect(sent.path).toBe(`/api/v1/scoring/periods/${month}/officials/o-1:override-quota`);
    expect(sent.body).toMatchObject({ keep: true, reason: 'Đơn vị có thành tích xuất sắc' });
  });

  it('offers tenant-wide HR to close an open period', async () => {
    const calls = gateway('PERIOD_STATUS_OPEN');
    renderApp('/consolidation');
    expect(await screen.findByText(/chưa đóng/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Đóng kỳ' }));
    expect(await screen.findByText('Đã đóng kỳ: 7000 kết quả được lưu')).toBeInTheDocument();
    expect(calls.find((c) => c.path.endsWith(':close'))!.body).toMatchObject({ version: 1 });
  });
});
