import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Call, fakeGateway, renderApp, reply, session } from '../../../../test/render';
import { setLanguage } from '../../../lib/i18n';
import { formPathOf } from './PackEditor';

const criterion = (code: string) => ({ code, name_vi: `Tiêu chí ${code}`, name_en: `Criterion ${code}`, max_points: '10' });
const PACK = {
  code: 'ND335-2025',
  version: 1,
  name_vi: 'Nghị định 335',
  name_en: 'Decree 335',
  legal_basis: 'Nghị định số 335/2025/NĐ-CP',
  categories: ['OFFICIAL_CATEGORY_CIVIL_SERVANT'],
  from_year: 2026,
  to_year: 0,
  non_manager: {
    task_points: '70',
    measures: ['MEASURE_QUANTITY', 'MEASURE_QUALITY', 'MEASURE_TIMELINESS'],
    general_criteria: ['A', 'B', 'C'].map(criterion),
  },
  manager: { task_points: '70', measures: ['MEASURE_QUANTITY', 'MEASURE_UNIT_RESULT'], general_criteria: ['A', 'B', 'C'].map(criterion) },
  grades: [
    { grade: 'GRADE_EXCELLENT', min: '90', inclusive: true },
    { grade: 'GRADE_GOOD', min: '70', inclusive: true },
    { grade: 'GRADE_COMPLETED', min: '50', inclusive: true },
  ],
  requirements: [{ grade: 'GRADE_EXCELLENT', min_completion_percent: '100', min_on_time_percent: '', min_exceeded_percent: '50' }],
  disqualifiers: [{ code: 'DISCIPLINED', name_vi: 'Bị kỷ luật', name_en: 'Disciplined', leaders_only: false }],
  parameters: {
    cap_at_full: true,
    floor_at_zero: true,
    failed_assessment_deduction_percent: '25',
    delay_deduction_percent: '25',
    days_per_delay: 0,
    unit_result_reduced_percent: '50',
    organisation_reduced_percent: '50',
    unity_reduced_percent: '50',
    leader_counts_staff_products: true,
    count_unreviewed_entries: true,
    annual_from: 'EVALUATED_PERIODS',
    quota_percent: '20',
    quota_counts_moved_down: true,
    override_ceiling_percent: '30',
    appeal_days: 10,
    unit_result_from: 'STAFF_GRADES',
  },
  shipped: true,
};

function gateway(): Call[] {
  let saves = 0;
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
    'GET /api/v1/scoring/rule-packs': () => ({ packs: [PACK] }),
    'GET /api/v1/scoring/rule-pack-choices': () => ({ choices: [] }),
    // The first save refused as the server refuses a sum that is not 100, naming the list.
    'POST /api/v1/scoring/rule-packs': ({ body }) =>
      ++saves === 1
        ? reply(400, {
            error: {
              code: 'INVALID_ARGUMENT',
              field: 'pack.non_manager.general_criteria',
              message: { vi: 'Điểm tiêu chí chung (30) cộng điểm kết quả nhiệm vụ (80) phải bằng 100', en: 'must add up to 100' },
            },
          })
        : { pack: { ...(body as { pack: typeof PACK }).pack, version: 1, shipped: false } },
  });
}

describe('the pack editor', () => {
  beforeEach(() => setLanguage('vi'));

  it("turns the API's field path into the form's name path, lists' indexes as numbers", () => {
    expect(formPathOf('pack.parameters.quota_percent')).toEqual(['parameters', 'quota_percent']);
    expect(formPathOf('pack.non_manager.general_criteria[1].max_points')).toEqual(['non_manager', 'general_criteria', 1, 'max_points']);
    expect(formPathOf('pack.code')).toEqual(['code']);
    expect(formPathOf('pack')).toEqual([]);
  });

  it('sends the whole pack from a copy, shows the refusal with its field, and sends the fix', async () => {
    const calls = gateway();
    const user = userEvent.setup();
    renderApp('/rule-packs');
    await user.click(await screen.findByText('Nghị định 335', {}, { timeout: 20_000 }));
    await user.click(await screen.findByRole('button', { name: 'Tạo bộ mới từ bộ này' }));
    const editor = await screen.findByRole('dialog');
    await user.type(within(editor).getByLabelText('Mã bộ quy tắc'), 'TINH-2028');
    const taskPoints = within(editor).getAllByLabelText('Điểm kết quả thực hiện nhiệm vụ')[0];
    await user.clear(taskPoints);
    await user.type(taskPoints, '80');
    await user.click(within(editor).getByRole('button', { name: 'Lưu bộ quy tắc' }));
    expect(await within(editor).findByTestId('pack-problem')).toHaveTextContent('pack.non_manager.general_criteria');

    await user.clear(taskPoints);
    await user.type(taskPoints, '70');
    // The grades' further requirements are edited too: EXCELLENT here needs 60% over-completed.
    const exceeded = within(editor).getByLabelText('Vượt mức tối thiểu (%)');
    await user.clear(exceeded);
    await user.type(exceeded, '60');
    await user.click(within(editor).getByRole('button', { name: 'Lưu bộ quy tắc' }));
    expect(await screen.findByText('Đã lưu TINH-2028, phiên bản 1')).toBeInTheDocument();
    const saves = calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/scoring/rule-packs');
    expect(saves).toHaveLength(2);
    const sent = (saves[1].body as { pack: typeof PACK }).pack;
    // Every part of the pack it started from, the edits applied: nothing the form does not show is lost.
    expect(sent).toEqual({
      ...PACK,
      code: 'TINH-2028',
      name_vi: 'Nghị định 335 (bản của tỉnh)',
      name_en: 'Decree 335 (local)',
      requirements: [{ ...PACK.requirements[0], min_exceeded_percent: '60' }],
      version: 0,
      shipped: false,
    });
  });
});
