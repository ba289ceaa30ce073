import { type Bilingual, ValidationError } from '@thuocdo/kit';

// ---------------------------------------------------------------------------------------------
// A rule pack (bộ quy tắc chấm điểm) is versioned data: which measures and weights apply to a
// category of official in a year, the general criteria people enter, the deductions, the grade
// bands, the disqualifiers, the quota, and every question the legal texts leave open as a named
// parameter with a documented default. Tenants choose a pack per year and category; the engine
// (score.ts) reads nothing else, so a locality changes its rules by publishing a new version.

export const GRADES = ['EXCELLENT', 'GOOD', 'COMPLETED', 'NOT_COMPLETED'] as const;
/** Hoàn thành xuất sắc, tốt, hoàn thành, không hoàn thành nhiệm vụ. */
export type Grade = (typeof GRADES)[number];

/** Each grade by its name in the decrees, as the documents HR offices submit and sign write it. */
export const GRADE_NAME_VI: Record<Grade, string> = {
  EXCELLENT: 'Hoàn thành xuất sắc nhiệm vụ',
  GOOD: 'Hoàn thành tốt nhiệm vụ',
  COMPLETED: 'Hoàn thành nhiệm vụ',
  NOT_COMPLETED: 'Không hoàn thành nhiệm vụ',
};

export const CATEGORIES = ['CADRE', 'CIVIL_SERVANT', 'PUBLIC_EMPLOYEE', 'CONTRACT_WORKER'] as const;
/** Cán bộ, công chức, viên chức, hợp đồng lao động. */
export type OfficialCategory = (typeof CATEGORIES)[number];

/** Task-result measures. The last three apply to leaders and managers only (Decree 335, d, đ, e). */
export const MEASURES = ['QUANTITY', 'QUALITY', 'TIMELINESS', 'UNIT_RESULT', 'ORGANISATION', 'UNITY'] as const;
export type Measure = (typeof MEASURES)[number];
export const LEADER_MEASURES: readonly Measure[] = ['UNIT_RESULT', 'ORGANISATION', 'UNITY'];

/** Whom a variant of the pack scores: officials without a leadership post, or leaders and managers. */
export type Role = 'NON_MANAGER' | 'MANAGER';

export interface GeneralCriterion {
  /** Stable code, for example "ETHICS". */
  code: string;
  name: Bilingual;
  /** Points, in hundredths (1000 is 10 points). */
  maxPoints: number;
}

export interface Variant {
  /** Points of task results, in hundredths (7000 is 70): the mean of the measures × this. */
  taskPoints: number;
  measures: Measure[];
  /** Entered by people; their maxima and taskPoints add up to 100 points. */
  generalCriteria: GeneralCriterion[];
}

/** A grade from a score: `min` in hundredths of a point; `inclusive` says whether `min` itself earns it. */
export interface GradeBand {
  grade: Exclude<Grade, 'NOT_COMPLETED'>;
  min: number;
  inclusive: boolean;
}

/**
 * What a grade needs besides the score (Decree 90/2020: EXCELLENT needs every task done and at
 * least half of them over-completed). Shares in percent; absent means no requirement.
 */
export interface GradeRequirement {
  grade: Exclude<Grade, 'NOT_COMPLETED'>;
  /** Products completed ÷ assigned, before any cap, at least this percent. */
  minCompletionPercent?: number;
  /** Completed products on time (timeliness ÷ quantity) at least this percent. */
  minOnTimePercent?: number;
  /** Share of products delivered above what was assigned, at least this percent. */
  minExceededPercent?: number;
}

export interface Disqualifier {
  /** For example "DISCIPLINED". */
  code: string;
  name: Bilingual;
  /** Applies to leaders and managers only. */
  leadersOnly: boolean;
}

/** The questions the texts leave open, each with its default (see DEFAULT_PARAMETERS). */
export interface PackParameters {
  /** Quantity (a) is capped at 100% when more is delivered than assigned. */
  capAtFull: boolean;
  /** Quality (b) and timeliness (c) never go below 0 for a product. */
  floorAtZero: boolean;
  /** Percent of a product's quality points each failed assessment deducts. */
  failedAssessmentDeductionPercent: number;
  /** Percent of a product's timeliness points each delay deducts. */
  delayDeductionPercent: number;
  /** Working days late that make one delay; 0: a late product is one delay whatever its days. */
  daysPerDelay: number;
  /** Unit result (d) when anyone the leader manages is NOT_COMPLETED, in percent. */
  unitResultReducedPercent: number;
  /** Organisation of implementation (đ) on prolonged delays of the plan, in percent. */
  organisationReducedPercent: number;
  /** Ability to unite the staff (e) on prolonged disunity, in percent. */
  unityReducedPercent: number;
  /** A leader's a–c count their staff's products beside their own (the direction of their staff). */
  leaderCountsStaffProducts: boolean;
  /** Diary entries not yet reviewed when the score is made count as completed (a manager's delay is not the official's). */
  countUnreviewedEntries: boolean;
  /** The annual result: the mean of the results of the periods the tenant evaluates. */
  annualFrom: 'EVALUATED_PERIODS' | 'MONTHS' | 'QUARTERS';
  /** EXCELLENT at most this percent of the number graded GOOD. */
  quotaPercent: number;
  /** The GOOD count behind the quota is taken after the quota moves people down (they count as GOOD). */
  quotaCountsMovedDown: boolean;
  /** The most an audited override may keep EXCELLENT, in percent of the number graded GOOD. */
  overrideCeilingPercent: number;
  /** Days after approval in which the official may appeal the result. */
  appealDays: number;
  /**
   * Where a leader's unit result (d) comes from. STAFF_GRADES: the grades of those they manage
   * (100%, or unitResultReducedPercent when anyone is NOT_COMPLETED), as Decree 335 words it.
   * UNIT_KPI: their unit's KPI score of the period, capped at 100%. LOWER_OF_BOTH: the lower of
   * the two. A unit with no KPI result recorded for the period falls back to STAFF_GRADES.
   */
  unitResultFrom: UnitResultSource;
}

export const UNIT_RESULT_SOURCES = ['STAFF_GRADES', 'UNIT_KPI', 'LOWER_OF_BOTH'] as const;
export type UnitResultSource = (typeof UNIT_RESULT_SOURCES)[number];

export const DEFAULT_PARAMETERS: PackParameters = {
  capAtFull: true,
  floorAtZero: true,
  failedAssessmentDeductionPercent: 25,
  delayDeductionPercent: 25,
  daysPerDelay: 0,
  unitResultReducedPercent: 50,
  organisationReducedPercent: 50,
  unityReducedPercent: 50,
  leaderCountsStaffProducts: true,
  countUnreviewedEntries: true,
  annualFrom: 'EVALUATED_PERIODS',
  quotaPercent: 20,
  quotaCountsMovedDown: true,
  overrideCeilingPercent: 30,
  appealDays: 10,
  unitResultFrom: 'STAFF_GRADES',
};

export interface RulePack {
  /** For example "ND335-2025". */
  code: string;
  version: number;
  name: Bilingual;
  /** The text it follows, for the breakdown and the PDF ("Nghị định 335/2025/NĐ-CP"). */
  legalBasis: string;
  categories: OfficialCategory[];
  fromYear: number;
  /** Inclusive; null while in force. */
  toYear: number | null;
  variants: Record<Role, Variant>;
  grades: GradeBand[];
  requirements: GradeRequirement[];
  disqualifiers: Disqualifier[];
  parameters: PackParameters;
}

// ---------------------------------------------------------------------------------------------
// Validation: a pack built by a tenant (or edited) is refused with the field at fault.

const CODE = /^[A-Z0-9][A-Z0-9_.-]{0,39}$/;
const invalid = (field: string, vi: string, en: string) => new ValidationError(field, { vi, en });

function checkName(field: string, name: Bilingual | undefined): void {
  if (!name?.vi?.trim() || !name?.en?.trim())
    throw invalid(field, `${field} cần tên tiếng Việt và tiếng Anh`, `${field} needs a Vietnamese and an English name`);
  if (name.vi.length > 300 || name.en.length > 300)
    throw invalid(field, `${field} dài quá 300 ký tự`, `${field} is longer than 300 characters`);
}

function checkPercent(field: string, value: number, max = 100): void {
  if (!Number.isFinite(value) || value < 0 || value > max || Math.round(value * 100) !== value * 100)
    throw invalid(
      field,
      `${field} phải từ 0 đến ${max} (tối đa hai chữ số thập phân)`,
      `${field} must be 0 to ${max}, at most two decimals`,
    );
}

function checkVariant(field: string, role: Role, v: Variant): void {
  if (!Number.isInteger(v.taskPoints) || v.taskPoints < 0 || v.taskPoints > 10_000)
    throw invalid(`${field}.task_points`, 'Điểm kết quả nhiệm vụ phải từ 0 đến 100', 'task_points must be 0 to 100');
  if (v.taskPoints > 0 && v.measures.length === 0)
    throw invalid(`${field}.measures`, 'Cần ít nhất một tiêu chí đo kết quả nhiệm vụ', 'at least one measure is needed');
  const seen = new Set<string>();
  v.measures.forEach((m, i) => {
    if (!MEASURES.includes(m)) throw invalid(`${field}.measures[${i}]`, `Tiêu chí không có: ${m}`, `unknown measure ${m}`);
    if (seen.has(m)) throw invalid(`${field}.measures[${i}]`, `Tiêu chí ${m} lặp lại`, `measure ${m} is repeated`);
    if (role === 'NON_MANAGER' && LEADER_MEASURES.includes(m))
      throw invalid(
        `${field}.measures[${i}]`,
        `Tiêu chí ${m} chỉ áp dụng cho người lãnh đạo, quản lý`,
        `measure ${m} applies to leaders and managers only`,
      );
    seen.add(m);
  });
  const codes = new Set<string>();
  let general = 0;
  v.generalCriteria.forEach((c, i) => {
    const f = `${field}.general_criteria[${i}]`;
    if (!CODE.test(c.code ?? '')) throw invalid(`${f}.code`, 'Mã tiêu chí không hợp lệ (A-Z, 0-9, _ . -)', 'code must be A-Z, 0-9, _ . -');
    if (codes.has(c.code)) throw invalid(`${f}.code`, `Mã tiêu chí ${c.code} lặp lại`, `criterion ${c.code} is repeated`);
    codes.add(c.code);
    checkName(`${f}.name`, c.name);
    if (!Number.isInteger(c.maxPoints) || c.maxPoints <= 0)
      throw invalid(`${f}.max_points`, 'Điểm tối đa của tiêu chí phải lớn hơn 0', 'max_points must be above 0');
    general += c.maxPoints;
  });
  if (general + v.taskPoints !== 10_000)
    throw invalid(
      `${field}.general_criteria`,
      `Điểm tiêu chí chung (${general / 100}) cộng điểm kết quả nhiệm vụ (${v.taskPoints / 100}) phải bằng 100`,
      `general criteria (${general / 100}) and task points (${v.taskPoints / 100}) must add up to 100`,
    );
}

/** Checks a pack; throws a ValidationError naming the field (snake_case, as the API spells it). */
export function validateRulePack(p: RulePack): RulePack {
  if (!CODE.test(p.code ?? '')) throw invalid('code', 'Mã bộ quy tắc không hợp lệ (A-Z, 0-9, _ . -)', 'code must be A-Z, 0-9, _ . -');
  if (!Number.isInteger(p.version) || p.version < 1) throw invalid('version', 'Phiên bản phải từ 1', 'version must be 1 or more');
  checkName('name', p.name);
  if (!p.legalBasis?.trim() || p.legalBasis.length > 500)
    throw invalid('legal_basis', 'Cần căn cứ pháp lý (tối đa 500 ký tự)', 'legal_basis is required, at most 500 characters');
  if (!p.categories?.length) throw invalid('categories', 'Cần ít nhất một đối tượng áp dụng', 'at least one category is needed');
  p.categories.forEach((c, i) => {
    if (!CATEGORIES.includes(c)) throw invalid(`categories[${i}]`, `Đối tượng không có: ${c}`, `unknown category ${c}`);
  });
  if (!Number.isInteger(p.fromYear) || p.fromYear < 2000 || p.fromYear > 2100)
    throw invalid('from_year', 'Năm bắt đầu phải từ 2000 đến 2100', 'from_year must be 2000 to 2100');
  if (p.toYear !== null && (!Number.isInteger(p.toYear) || p.toYear < p.fromYear || p.toYear > 2100))
    throw invalid('to_year', 'Năm kết thúc phải từ năm bắt đầu đến 2100', 'to_year must be from from_year to 2100');
  checkVariant('non_manager', 'NON_MANAGER', p.variants.NON_MANAGER);
  checkVariant('manager', 'MANAGER', p.variants.MANAGER);

  // Bands: one for each grade above NOT_COMPLETED, strictly descending.
  const order: GradeBand['grade'][] = ['EXCELLENT', 'GOOD', 'COMPLETED'];
  if (p.grades.length !== 3 || p.grades.some((b, i) => b.grade !== order[i]))
    throw invalid(
      'grades',
      'Cần ngưỡng cho EXCELLENT, GOOD, COMPLETED theo thứ tự đó',
      'grades must give EXCELLENT, GOOD and COMPLETED in that order',
    );
  p.grades.forEach((b, i) => {
    if (!Number.isInteger(b.min) || b.min < 0 || b.min > 10_000)
      throw invalid(`grades[${i}].min`, 'Ngưỡng điểm phải từ 0 đến 100', 'min must be 0 to 100');
    if (i > 0 && b.min >= p.grades[i - 1].min)
      throw invalid(`grades[${i}].min`, 'Ngưỡng điểm phải giảm dần theo xếp loại', 'thresholds must fall from grade to grade');
  });
  p.requirements.forEach((r, i) => {
    if (!order.includes(r.grade)) throw invalid(`requirements[${i}].grade`, `Xếp loại không có: ${r.grade}`, `unknown grade ${r.grade}`);
    for (const k of ['minCompletionPercent', 'minOnTimePercent', 'minExceededPercent'] as const)
      if (r[k] !== undefined) checkPercent(`requirements[${i}].${snake(k)}`, r[k]!, k === 'minCompletionPercent' ? 1000 : 100);
  });
  const codes = new Set<string>();
  p.disqualifiers.forEach((d, i) => {
    if (!CODE.test(d.code ?? ''))
      throw invalid(`disqualifiers[${i}].code`, 'Mã không hợp lệ (A-Z, 0-9, _ . -)', 'code must be A-Z, 0-9, _ . -');
    if (codes.has(d.code)) throw invalid(`disqualifiers[${i}].code`, `Mã ${d.code} lặp lại`, `${d.code} is repeated`);
    codes.add(d.code);
    checkName(`disqualifiers[${i}].name`, d.name);
  });

  const q = p.parameters;
  for (const k of [
    'failedAssessmentDeductionPercent',
    'delayDeductionPercent',
    'unitResultReducedPercent',
    'organisationReducedPercent',
    'unityReducedPercent',
    'quotaPercent',
    'overrideCeilingPercent',
  ] as const)
    checkPercent(`parameters.${snake(k)}`, q[k]);
  if (q.overrideCeilingPercent < q.quotaPercent)
    throw invalid(
      'parameters.override_ceiling_percent',
      'Trần ngoại lệ không được thấp hơn tỷ lệ hạn mức',
      'override_ceiling_percent cannot be below quota_percent',
    );
  if (!Number.isInteger(q.daysPerDelay) || q.daysPerDelay < 0 || q.daysPerDelay > 365)
    throw invalid('parameters.days_per_delay', 'Số ngày cho một lần chậm phải từ 0 đến 365', 'days_per_delay must be 0 to 365');
  if (!Number.isInteger(q.appealDays) || q.appealDays < 0 || q.appealDays > 365)
    throw invalid('parameters.appeal_days', 'Thời hạn khiếu nại phải từ 0 đến 365 ngày', 'appeal_days must be 0 to 365');
  if (!UNIT_RESULT_SOURCES.includes(q.unitResultFrom))
    throw invalid(
      'parameters.unit_result_from',
      `Nguồn kết quả đơn vị phải là một trong ${UNIT_RESULT_SOURCES.join(', ')}`,
      `unit_result_from must be one of ${UNIT_RESULT_SOURCES.join(', ')}`,
    );
  if (!['EVALUATED_PERIODS', 'MONTHS', 'QUARTERS'].includes(q.annualFrom))
    throw invalid('parameters.annual_from', 'Cách tính kết quả năm không có', `unknown annual_from ${q.annualFrom}`);
  return p;
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The grade a score earns by the bands alone (hundredths). */
export function gradeOfScore(bands: GradeBand[], hundredths: number): Grade {
  for (const b of bands) if (b.inclusive ? hundredths >= b.min : hundredths > b.min) return b.grade;
  return 'NOT_COMPLETED';
}

export const GRADE_RANK: Record<Grade, number> = { EXCELLENT: 3, GOOD: 2, COMPLETED: 1, NOT_COMPLETED: 0 };
