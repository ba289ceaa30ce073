import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Call, fakeGateway, renderApp, session } from '../../../../test/render';
import { todayInVietnam } from '../../../lib/format';
import { setLanguage } from '../../../lib/i18n';

const month = todayInVietnam().slice(0, 7);

const score = (period: string) => ({
  official_id: 'o-hoa',
  agency_id: 'a-stc',
  period,
  role: 'SCORING_ROLE_NON_MANAGER',
  pack_code: 'ND335-2025',
  pack_version: 1,
  measures: [
    { measure: 'MEASURE_QUANTITY', value: '0.56', numerator: '150', denominator: '270', capped: false },
    { measure: 'MEASURE_QUALITY', value: '0.56', numerator: '150', denominator: '270', capped: false },
    { measure: 'MEASURE_TIMELINESS', value: '0.56', numerator: '150', denominator: '270', capped: false },
  ],
  task_points: '38.89',
  general: [
    { code: 'POLITICS_ETHICS', points: '9.00', max_points: '10.00', entered: true },
    { code: 'COMPETENCE_RESPONSIBILITY', points: '0.00', max_points: '10.00', entered: false },
  ],
  general_points: '9.00',
  total: '47.89',
  grade: 'GRADE_NOT_COMPLETED',
  reasons: [
    { kind: 'GRADE_REASON_KIND_BAND', grade: 'GRADE_NOT_COMPLETED', requirement: '', needed: '', actual: '', disqualifier_code: '' },
  ],
  products: [
    {
      kind: 'PRODUCT_KIND_TASK',
      id: 't-1',
      official_id: 'o-hoa',
      assigned_minutes: 120,
      completed_minutes: 0,
      quality_share: '0.00',
      timeliness_share: '0.00',
      entry_ids: [],
      notes: [{ kind: 'PRODUCT_NOTE_KIND_NOT_APPROVED', count: 0, days_late: 0, status: 'SUBMITTED' }],
    },
    {
      kind: 'PRODUCT_KIND_DIARY',
      id: 'w-b01',
      official_id: 'o-hoa',
      assigned_minutes: 150,
      completed_minutes: 150,
      quality_share: '1.00',
      timeliness_share: '1.00',
      entry_ids: ['e-1', 'e-2'],
      notes: [],
    },
  ],
  provisional: true,
  compute_time: '2026-12-03T03:00:00Z',
  assessment_version: 1,
  assessed_by: 'head',
  assess_time: '2026-12-03T02:00:00Z',
  assessment_comment: 'Chủ động, đúng hạn',
});

const criterion = (code: string, name: string) => ({ code, name_vi: name, name_en: code, max_points: '10.00' });

function gateway(): Call[] {
  return fakeGateway({
    'GET /api/me': () => session(),
    'GET /api/v1/me': () => ({ tenant_id: 't', client_id: '', official: null, memberships: [], role_grants: [], names: [] }),
    'GET /api/v1/scoring/officials/{official_id}/scores/{period}': ({ params }) => ({ score: score(params.period) }),
    'GET /api/v1/scoring/rule-packs/{code}': () => ({
      pack: {
        code: 'ND335-2025',
        version: 1,
        name_vi: 'Nghị định 335/2025/NĐ-CP — công chức',
        name_en: 'Decree 335/2025',
        non_manager: {
          task_points: '70.00',
          measures: [],
          general_criteria: [
            criterion('POLITICS_ETHICS', 'Phẩm chất chính trị, đạo đức'),
            criterion('COMPETENCE_RESPONSIBILITY', 'Năng lực chuyên môn'),
            criterion('INNOVATION', 'Đổi mới, sáng tạo'),
          ],
        },
        manager: { task_points: '70.00', measures: [], general_criteria: [] },
        disqualifiers: [],
      },
    }),
    'GET /api/v1/tasks/{id}': ({ params }) => ({ task: { id: params.id, title: 'Báo cáo tổng kết tháng' } }),
    'GET /api/v1/work-items/{id}': ({ params }) => ({ work_item: { id: params.id, code: 'B.01', name: 'Soạn thảo văn bản' } }),
  });
}

describe('my score', () => {
  beforeEach(() => setLanguage('vi'));

  it("shows this month's score with its grade, the measures and what they come from, the criteria and the products", async () => {
    const calls = gateway();
    renderApp('/my-score');
    expect(await screen.findByTestId('score-total')).toHaveTextContent('47,89');
    expect(screen.getByTestId('score-grade')).toHaveTextContent('Không hoàn thành nhiệm vụ');
    expect(screen.getByText(/Điểm tạm tính/)).toBeInTheDocument();
    expect(await screen.findByText(/Nghị định 335\/2025\/NĐ-CP/)).toBeInTheDocument();
    expect(calls.find((c) => c.path.startsWith('/api/v1/scoring/officials/'))!.path).toBe(
      `/api/v1/scoring/officials/o-hoa/scores/${month}`,
    );

    const measures = screen.getByTestId('score-measures');
    const quantity = within(measures).getByText('Số lượng (a)').closest('li')!;
    expect(within(quantity).getByText('56%')).toBeInTheDocument();
    expect(within(quantity).getByText('Hoàn thành 150 / được giao 270 phút quy đổi')).toBeInTheDocument();
    expect(screen.getByText('Kết quả thực hiện nhiệm vụ: 38,89/70,00 điểm')).toBeInTheDocument();

    const general = screen.getByTestId('score-general');
    expect(within(general).getByText('Phẩm chất chính trị, đạo đức').closest('li')).toHaveTextContent('9,00 / 10,00');
    expect(within(general).getByText('Năng lực chuyên môn').closest('li')).toHaveTextContent('Chưa chấm (tối đa 10,00)');
    expect(screen.getByText('Tiêu chí chung: 9,00/30,00 điểm')).toBeInTheDocument();
    expect(screen.getByTestId('score-assessed')).toHaveTextContent(
      'Đánh giá của người quản lý lúc 03/12/2026 09:00 — “Chủ động, đúng hạn”',
    );
    expect(screen.getByTestId('score-reasons')).toHaveTextContent('Tổng điểm 47,89 thuộc mức "Không hoàn thành nhiệm vụ".');

    const products = screen.getByTestId('score-products');
    const task = (await within(products).findByText('Báo cáo tổng kết tháng')).closest('li')!;
    expect(within(task).getByText('Chưa duyệt: đã nộp, chờ duyệt')).toBeInTheDocument();
    expect(task).toHaveTextContent('Hoàn thành 0 phút / được giao 2 giờ (quy đổi)');
    expect(await within(products).findByText('Soạn thảo văn bản: 2 lần kê khai')).toBeInTheDocument();
  });

  it('asks for a quarter when the official switches to quarters', async () => {
    const calls = gateway();
    renderApp('/my-score');
    await screen.findByTestId('score-total');
    await userEvent.click(screen.getByText('Quý'));
    const quarter = `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
    await screen.findByTestId('score-total');
    expect(calls.some((c) => c.path === `/api/v1/scoring/officials/o-hoa/scores/${quarter}`)).toBe(true);
  });
});
