import { DEFAULT_PARAMETERS, type Disqualifier, type GeneralCriterion, type RulePack, validateRulePack } from './rule-pack';

// ---------------------------------------------------------------------------------------------
// The packs ThuocDo ships. Tenants choose among them per year and category of official, or build
// their own from the same parts (validateRulePack). Points are in hundredths (7000 is 70).

const criterion = (code: string, vi: string, en: string, points: number): GeneralCriterion => ({
  code,
  name: { vi, en },
  maxPoints: points * 100,
});

/** Decree 335, art. 3: the three general criteria; the decree gives no split, localities mostly use 10/10/10. */
const DECREE_335_GENERAL = [
  criterion(
    'POLITICS_ETHICS',
    'Phẩm chất chính trị, đạo đức, văn hóa công vụ, kỷ luật, kỷ cương',
    'Political quality, ethics, civil-service culture and discipline',
    10,
  ),
  criterion(
    'COMPETENCE_RESPONSIBILITY',
    'Năng lực chuyên môn theo vị trí việc làm, trách nhiệm, thái độ phục vụ, phối hợp',
    'Competence for the job position, responsibility, attitude to citizens and businesses, coordination',
    10,
  ),
  criterion(
    'INNOVATION',
    'Tinh thần đổi mới, sáng tạo, dám nghĩ, dám làm, dám chịu trách nhiệm',
    'Innovation, daring to think, act and take responsibility',
    10,
  ),
];

const DISQUALIFIERS: Disqualifier[] = [
  {
    code: 'DEGRADATION',
    name: {
      vi: 'Bị kết luận suy thoái về tư tưởng chính trị, đạo đức, lối sống hoặc vi phạm trách nhiệm nêu gương',
      en: 'Concluded to show political or ethical degradation, or a breach of the duty to set an example',
    },
    leadersOnly: false,
  },
  {
    code: 'DISCIPLINED',
    name: {
      vi: 'Bị kỷ luật từ khiển trách trở lên do hành vi vi phạm trong thực thi công vụ trong năm',
      en: 'Disciplined (reprimand or heavier) for conduct in service during the year',
    },
    leadersOnly: false,
  },
  {
    code: 'UNIT_CORRUPTION',
    name: {
      vi: 'Để xảy ra tham nhũng, lãng phí trong đơn vị trực tiếp quản lý, bị xử lý theo quy định',
      en: 'Corruption or waste in a unit they directly manage, handled under the law',
    },
    leadersOnly: true,
  },
];

const BANDS_90_70_50: RulePack['grades'] = [
  { grade: 'EXCELLENT', min: 9000, inclusive: true },
  { grade: 'GOOD', min: 7000, inclusive: true },
  { grade: 'COMPLETED', min: 5000, inclusive: true },
];

/** Decree 335/2025/NĐ-CP: civil servants from 1 January 2026. */
export const DECREE_335_2025: RulePack = validateRulePack({
  code: 'ND335-2025',
  version: 1,
  name: { vi: 'Nghị định 335/2025/NĐ-CP — công chức', en: 'Decree 335/2025 — civil servants' },
  legalBasis: 'Nghị định số 335/2025/NĐ-CP về đánh giá, xếp loại chất lượng công chức',
  categories: ['CIVIL_SERVANT'],
  fromYear: 2026,
  toYear: null,
  variants: {
    NON_MANAGER: { taskPoints: 7000, measures: ['QUANTITY', 'QUALITY', 'TIMELINESS'], generalCriteria: DECREE_335_GENERAL },
    MANAGER: {
      taskPoints: 7000,
      measures: ['QUANTITY', 'QUALITY', 'TIMELINESS', 'UNIT_RESULT', 'ORGANISATION', 'UNITY'],
      generalCriteria: DECREE_335_GENERAL,
    },
  },
  grades: BANDS_90_70_50,
  requirements: [],
  disqualifiers: DISQUALIFIERS,
  parameters: DEFAULT_PARAMETERS,
});

/**
 * Decree 90/2020/NĐ-CP as amended by 48/2023/NĐ-CP: public employees (and civil servants before
 * 2026). The decree grades by criteria, not points; the pack carries its criteria as the same
 * 30 + 70 points with the decree's conditions as requirements: EXCELLENT needs every task done
 * and at least half of them over-completed, GOOD every task done on time.
 */
export const DECREE_90_2020: RulePack = validateRulePack({
  code: 'ND90-2020',
  version: 1,
  name: {
    vi: 'Nghị định 90/2020/NĐ-CP (sửa đổi bởi 48/2023/NĐ-CP) — viên chức',
    en: 'Decree 90/2020 as amended by 48/2023 — public employees',
  },
  legalBasis: 'Nghị định số 90/2020/NĐ-CP, sửa đổi, bổ sung bởi Nghị định số 48/2023/NĐ-CP',
  categories: ['PUBLIC_EMPLOYEE'],
  fromYear: 2020,
  toYear: null,
  variants: {
    NON_MANAGER: { taskPoints: 7000, measures: ['QUANTITY', 'QUALITY', 'TIMELINESS'], generalCriteria: DECREE_335_GENERAL },
    MANAGER: { taskPoints: 7000, measures: ['QUANTITY', 'QUALITY', 'TIMELINESS', 'UNIT_RESULT'], generalCriteria: DECREE_335_GENERAL },
  },
  grades: BANDS_90_70_50,
  requirements: [
    { grade: 'EXCELLENT', minCompletionPercent: 100, minExceededPercent: 50 },
    { grade: 'GOOD', minCompletionPercent: 100, minOnTimePercent: 100 },
  ],
  disqualifiers: DISQUALIFIERS,
  parameters: DEFAULT_PARAMETERS,
});

const KHANH_HOA_GENERAL = [
  criterion('POLITICS', 'Tư tưởng chính trị', 'Political thinking', 5),
  criterion('ETHICS_LIFESTYLE', 'Đạo đức, lối sống', 'Ethics and lifestyle', 5),
  criterion('WORK_STYLE', 'Tác phong, lề lối làm việc', 'Work style and manner', 5),
  criterion('DISCIPLINE', 'Ý thức tổ chức kỷ luật', 'Sense of organisation and discipline', 5),
  criterion('ADMIN_REFORM_IT', 'Cải cách hành chính, ứng dụng công nghệ thông tin', 'Administrative reform and use of IT', 10),
];

/**
 * Khánh Hòa, Quy định 1636 (28 February 2025): the KPI score from the software is 70% of a
 * non-manager's total and 50% of a manager's; the rest are criteria people enter (20 points over
 * four criteria and 10 for administrative reform and IT; a manager's 20 more for leadership).
 * Its bands: 90–100, above 80, above 50.
 */
export const KHANH_HOA_1636: RulePack = validateRulePack({
  code: 'KH-1636-2025',
  version: 1,
  name: { vi: 'Khánh Hòa — Quy định 1636 (KPI)', en: 'Khánh Hòa — Regulation 1636 (KPI)' },
  legalBasis: 'Quy định số 1636-QĐ/TU ngày 28/02/2025 của Tỉnh ủy Khánh Hòa',
  categories: ['CIVIL_SERVANT', 'PUBLIC_EMPLOYEE'],
  fromYear: 2025,
  toYear: null,
  variants: {
    NON_MANAGER: { taskPoints: 7000, measures: ['QUANTITY', 'QUALITY', 'TIMELINESS'], generalCriteria: KHANH_HOA_GENERAL },
    MANAGER: {
      taskPoints: 5000,
      measures: ['QUANTITY', 'QUALITY', 'TIMELINESS', 'UNIT_RESULT'],
      generalCriteria: [
        ...KHANH_HOA_GENERAL,
        criterion('LEADERSHIP', 'Năng lực lãnh đạo, quản lý, điều hành', 'Leadership and management', 10),
        criterion('UNITY_EXAMPLE', 'Xây dựng đoàn kết, nêu gương', 'Building unity, setting an example', 10),
      ],
    },
  },
  grades: [
    { grade: 'EXCELLENT', min: 9000, inclusive: true },
    { grade: 'GOOD', min: 8000, inclusive: false },
    { grade: 'COMPLETED', min: 5000, inclusive: false },
  ],
  requirements: [],
  disqualifiers: DISQUALIFIERS,
  parameters: DEFAULT_PARAMETERS,
});

export const SHIPPED_PACKS: readonly RulePack[] = [DECREE_335_2025, DECREE_90_2020, KHANH_HOA_1636];
