import { formatHundredths, parseHundredths, ValidationError } from '@thuocdo/kit';
import { orgV1, scoringV1 } from '@thuocdo/proto';
import { enumValue } from '@thuocdo/service';
import type { AnnualRow } from '../domain/annual';
import type { Assessment } from '../domain/assessment';
import type { ConsolidatedRow } from '../domain/consolidation';
import type { Evaluation, EvaluationStep, Stage } from '../domain/evaluation';
import type { PackChoice } from '../domain/pack-choice';
import { SHIPPED_PACKS } from '../domain/packs';
import { parsePeriod } from '../domain/period';
import { deadlineOf, type PeriodRecord, statusOn } from '../domain/period-state';
import type { Product, ProductNote } from '../domain/products';
import type { QuotaGroupSummary, QuotaOutcome } from '../domain/quota';
import { formatRatio } from '../domain/ratio';
import {
  DEFAULT_PARAMETERS,
  GRADE_NAME_VI,
  type Grade,
  type GradeBand,
  type Measure,
  type OfficialCategory,
  type PackParameters,
  type RulePack,
  type Variant,
} from '../domain/rule-pack';
import type { GradeReason, OfficialScore } from '../domain/score';
import type { ScoringSettings } from '../domain/settings';
import { type UnitKpiRecord, type UnitKpiSet, unitKpiResult } from '../domain/unit-kpi';

const S = scoringV1;
const grade = (g: Grade) => enumValue(g, S.gradeFromJSON, 'GRADE_');
const measure = (m: Measure) => enumValue(m, S.measureFromJSON, 'MEASURE_');
/** Basis points as a share with two places ("0.75"); half a hundredth rounds up. */
const share = (bp: number) => formatHundredths(Math.round(bp / 100));
const percent = (p: number) => String(p);

const variant = (v: Variant): scoringV1.RulePackVariant => ({
  taskPoints: formatHundredths(v.taskPoints),
  measures: v.measures.map(measure),
  generalCriteria: v.generalCriteria.map((c) => ({
    code: c.code,
    nameVi: c.name.vi,
    nameEn: c.name.en,
    maxPoints: formatHundredths(c.maxPoints),
  })),
});

export function toProtoRulePack(p: RulePack): scoringV1.RulePack {
  const q = p.parameters;
  return {
    code: p.code,
    version: p.version,
    nameVi: p.name.vi,
    nameEn: p.name.en,
    legalBasis: p.legalBasis,
    categories: p.categories.map((c) => enumValue(c, orgV1.officialCategoryFromJSON, 'OFFICIAL_CATEGORY_')),
    fromYear: p.fromYear,
    toYear: p.toYear ?? 0,
    nonManager: variant(p.variants.NON_MANAGER),
    manager: variant(p.variants.MANAGER),
    grades: p.grades.map((b) => ({ grade: grade(b.grade), min: formatHundredths(b.min), inclusive: b.inclusive })),
    requirements: p.requirements.map((r) => ({
      grade: grade(r.grade),
      minCompletionPercent: r.minCompletionPercent === undefined ? '' : percent(r.minCompletionPercent),
      minOnTimePercent: r.minOnTimePercent === undefined ? '' : percent(r.minOnTimePercent),
      minExceededPercent: r.minExceededPercent === undefined ? '' : percent(r.minExceededPercent),
    })),
    disqualifiers: p.disqualifiers.map((d) => ({ code: d.code, nameVi: d.name.vi, nameEn: d.name.en, leadersOnly: d.leadersOnly })),
    shipped: SHIPPED_PACKS.some((x) => x.code === p.code),
    parameters: {
      capAtFull: q.capAtFull,
      floorAtZero: q.floorAtZero,
      failedAssessmentDeductionPercent: percent(q.failedAssessmentDeductionPercent),
      delayDeductionPercent: percent(q.delayDeductionPercent),
      daysPerDelay: q.daysPerDelay,
      unitResultReducedPercent: percent(q.unitResultReducedPercent),
      organisationReducedPercent: percent(q.organisationReducedPercent),
      unityReducedPercent: percent(q.unityReducedPercent),
      leaderCountsStaffProducts: q.leaderCountsStaffProducts,
      countUnreviewedEntries: q.countUnreviewedEntries,
      annualFrom: q.annualFrom,
      quotaPercent: percent(q.quotaPercent),
      quotaCountsMovedDown: q.quotaCountsMovedDown,
      overrideCeilingPercent: percent(q.overrideCeilingPercent),
      appealDays: q.appealDays,
      unitResultFrom: q.unitResultFrom,
    },
  };
}

const NOTE: Record<ProductNote['kind'], scoringV1.ProductNoteKind> = {
  NOT_APPROVED: S.ProductNoteKind.PRODUCT_NOTE_KIND_NOT_APPROVED,
  BELOW_REQUIREMENTS: S.ProductNoteKind.PRODUCT_NOTE_KIND_BELOW_REQUIREMENTS,
  FAILED_ASSESSMENTS: S.ProductNoteKind.PRODUCT_NOTE_KIND_FAILED_ASSESSMENTS,
  DELAYS: S.ProductNoteKind.PRODUCT_NOTE_KIND_DELAYS,
  OBJECTIVE_CAUSE: S.ProductNoteKind.PRODUCT_NOTE_KIND_OBJECTIVE_CAUSE,
  EXCEEDED: S.ProductNoteKind.PRODUCT_NOTE_KIND_EXCEEDED,
};

const note = (n: ProductNote): scoringV1.ProductNote => ({
  kind: NOTE[n.kind],
  count: 'count' in n ? n.count : 0,
  daysLate: 'daysLate' in n ? n.daysLate : 0,
  status: n.kind === 'NOT_APPROVED' ? n.status : '',
});

/** A product of the breakdown; `own` false for a leader's staff's product, whose entries the staff member's breakdown lists. */
const product = (p: Product, own: boolean): scoringV1.Product => ({
  kind: p.kind === 'TASK' ? S.ProductKind.PRODUCT_KIND_TASK : S.ProductKind.PRODUCT_KIND_DIARY,
  id: p.id,
  officialId: p.officialId,
  assignedMinutes: p.assigned,
  completedMinutes: p.completed,
  qualityShare: share(p.qualityBp),
  timelinessShare: share(p.timelinessBp),
  entryIds: own ? p.entryIds : [],
  notes: p.notes.map(note),
});

const reason = (r: GradeReason): scoringV1.GradeReason => {
  const base = { grade: S.Grade.GRADE_UNSPECIFIED, requirement: '', needed: '', actual: '', disqualifierCode: '' };
  switch (r.kind) {
    case 'BAND':
      return { ...base, kind: S.GradeReasonKind.GRADE_REASON_KIND_BAND, grade: grade(r.grade) };
    case 'REQUIREMENT_NOT_MET':
      return {
        ...base,
        kind: S.GradeReasonKind.GRADE_REASON_KIND_REQUIREMENT_NOT_MET,
        grade: grade(r.grade),
        requirement: r.requirement.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
        needed: String(r.needed),
        actual: String(r.actual),
      };
    case 'DISQUALIFIED':
      return {
        ...base,
        kind: S.GradeReasonKind.GRADE_REASON_KIND_DISQUALIFIED,
        grade: S.Grade.GRADE_NOT_COMPLETED,
        disqualifierCode: r.code,
      };
    default: // NO_PRODUCTS
      return { ...base, kind: S.GradeReasonKind.GRADE_REASON_KIND_NO_PRODUCTS };
  }
};

export function toProtoScore(
  s: OfficialScore,
  period: string,
  provisional: boolean,
  computedAt: Date,
  assessment: Assessment | undefined,
): scoringV1.OfficialScore {
  return {
    officialId: s.officialId,
    agencyId: s.agencyId,
    period,
    role: s.role === 'MANAGER' ? S.ScoringRole.SCORING_ROLE_MANAGER : S.ScoringRole.SCORING_ROLE_NON_MANAGER,
    packCode: s.pack.code,
    packVersion: s.pack.version,
    measures: s.measures.map((m) => ({
      measure: measure(m.measure),
      value: formatRatio(m.value),
      // a–c: minutes (b and c in kept minutes, two places); d: officials; đ, e: entered, no figures.
      numerator: Number.isInteger(m.numerator) ? String(m.numerator) : m.numerator.toFixed(2),
      denominator: String(m.denominator),
      capped: m.capped,
      unitKpiScore: m.unitKpi ? formatHundredths(m.unitKpi.score) : '',
      unitKpiSetId: m.unitKpi?.kpiSetId ?? '',
      unitKpiCounted: m.unitKpi?.counted ?? false,
    })),
    taskPoints: formatHundredths(s.taskPoints),
    general: s.general.map((g) => ({
      code: g.code,
      points: formatHundredths(g.points),
      maxPoints: formatHundredths(g.maxPoints),
      entered: g.entered,
    })),
    generalPoints: formatHundredths(s.generalPoints),
    total: formatHundredths(s.total),
    grade: grade(s.grade),
    reasons: s.reasons.map(reason),
    products: s.products.map((p) => product(p, p.officialId === s.officialId)),
    provisional,
    computeTime: computedAt,
    assessmentVersion: assessment?.version ?? 0,
    assessedBy: assessment?.by ?? '',
    assessTime: assessment?.at,
    assessmentComment: assessment?.comment ?? '',
  };
}

const PERIOD_STATUS = {
  OPEN: S.PeriodStatus.PERIOD_STATUS_OPEN,
  CLOSING: S.PeriodStatus.PERIOD_STATUS_CLOSING,
  CLOSED: S.PeriodStatus.PERIOD_STATUS_CLOSED,
} as const;

/** A period as answered: its state on `today`, by the tenant's closing day. */
export const toProtoPeriod = (p: PeriodRecord, today: string, closingDay: number): scoringV1.Period => ({
  period: p.period,
  status: PERIOD_STATUS[statusOn(p, parsePeriod(p.period), today, closingDay)],
  deadline: deadlineOf(parsePeriod(p.period), closingDay),
  closeTime: p.closedAt ?? undefined,
  closedBy: p.closedBy ?? '',
  reason: p.reason,
  results: p.results,
  version: p.version,
});

const OUTCOME: Record<QuotaOutcome, scoringV1.QuotaOutcome> = {
  KEPT: S.QuotaOutcome.QUOTA_OUTCOME_KEPT,
  MOVED_DOWN: S.QuotaOutcome.QUOTA_OUTCOME_MOVED_DOWN,
  KEPT_BY_OVERRIDE: S.QuotaOutcome.QUOTA_OUTCOME_KEPT_BY_OVERRIDE,
};

export const toProtoResult = (r: ConsolidatedRow): scoringV1.PeriodResult => ({
  officialId: r.officialId,
  fullName: r.fullName,
  staffCode: r.staffCode,
  agencyId: r.agencyId,
  unitId: r.unitId ?? '',
  dutyGroup: r.dutyGroup,
  packCode: r.packCode,
  generalPoints: formatHundredths(r.generalPoints),
  taskPoints: formatHundredths(r.taskPoints),
  total: formatHundredths(r.total),
  gradeByScore: grade(r.grade),
  grade: grade(r.finalGrade),
  quotaOutcome: r.outcome ? OUTCOME[r.outcome] : S.QuotaOutcome.QUOTA_OUTCOME_UNSPECIFIED,
  rank: r.rank,
  overrideReason: r.override?.reason ?? '',
});

export const toProtoQuotaGroup = (g: QuotaGroupSummary & { packCode: string }): scoringV1.QuotaGroup => ({
  packCode: g.packCode,
  dutyGroup: g.dutyGroup ?? '',
  good: g.good,
  candidates: g.candidates,
  cap: g.cap,
  kept: g.kept,
  agencyWide: g.dutyGroup === null,
});

/** The consolidated list as HR offices submit it, one row per official in rank order. */
export function resultSheetRows(rows: ConsolidatedRow[]): string[][] {
  return [
    [
      'STT',
      'Họ và tên',
      'Mã cán bộ',
      'Nhóm vị trí việc làm',
      'Điểm tiêu chí chung',
      'Điểm kết quả nhiệm vụ',
      'Tổng điểm',
      'Xếp loại theo điểm',
      'Xếp loại',
      'Ghi chú',
    ],
    ...rows.map((r) => [
      String(r.rank),
      r.fullName,
      r.staffCode,
      r.dutyGroup,
      formatHundredths(r.generalPoints),
      formatHundredths(r.taskPoints),
      formatHundredths(r.total),
      GRADE_NAME_VI[r.grade],
      GRADE_NAME_VI[r.finalGrade],
      r.outcome === 'MOVED_DOWN'
        ? 'Ngoài tỷ lệ 20% HTXS: xếp Hoàn thành tốt'
        : r.outcome === 'KEPT_BY_OVERRIDE'
          ? `Giữ HTXS ngoài tỷ lệ: ${r.override?.reason ?? ''}`
          : '',
    ]),
  ];
}

export const toProtoChoice = (c: PackChoice): scoringV1.RulePackChoice => ({
  year: c.year,
  category: enumValue(c.category, orgV1.officialCategoryFromJSON, 'OFFICIAL_CATEGORY_'),
  packCode: c.packCode,
  packVersion: c.packVersion,
  chosenBy: c.by,
  chooseTime: c.at,
});

const stage = (s: Stage) =>
  s === 'NONE' ? S.EvaluationStage.EVALUATION_STAGE_UNSPECIFIED : enumValue(s, S.evaluationStageFromJSON, 'EVALUATION_STAGE_');

/** Names of officials by id (those who took steps and commented). */
type Names = Map<string, { fullName: string }>;

export const toProtoStep = (s: EvaluationStep, names: Names = new Map()): scoringV1.EvaluationStep => ({
  stage: stage(s.stage),
  by: s.by,
  time: s.at,
  comment: s.comment,
  criteria: s.criteria.map((c) => ({ code: c.code, points: formatHundredths(c.points) })),
  total: s.total === null ? '' : formatHundredths(s.total),
  grade: s.grade ? grade(s.grade) : S.Grade.GRADE_UNSPECIFIED,
  chainHash: s.chainHash ?? '',
  withdrawn: s.withdrawn,
  byOfficialId: s.byOfficialId ?? '',
  byName: (s.byOfficialId && names.get(s.byOfficialId)?.fullName) || '',
});

/**
 * An evaluation as answered: `official` (a list's row) names whose it is and their unit; `names`
 * names who took each step and commented.
 */
export const toProtoEvaluation = (
  e: Evaluation,
  {
    official = { fullName: '', staffCode: '', unitId: '' },
    names = new Map(),
  }: { official?: { fullName: string; staffCode: string; unitId: string }; names?: Names } = {},
): scoringV1.Evaluation => ({
  officialId: e.officialId,
  period: e.period,
  stage: stage(e.stage),
  steps: e.steps.map((s) => toProtoStep(s, names)),
  comments: e.comments.map((c) => ({
    by: c.by,
    byOfficialId: c.byOfficialId ?? '',
    byName: (c.byOfficialId && names.get(c.byOfficialId)?.fullName) || '',
    time: c.at,
    text: c.text,
    appeal: c.appeal,
  })),
  appealUntil: e.appealUntil ?? undefined,
  version: e.version,
  ...official,
});

export const toProtoAnnual = (a: AnnualRow, r: ConsolidatedRow, year: number): scoringV1.AnnualResult => ({
  officialId: a.officialId,
  fullName: r.fullName,
  staffCode: r.staffCode,
  agencyId: r.agencyId,
  year,
  packCode: a.pack.code,
  packVersion: a.pack.version,
  counted: a.from,
  periods: a.periods.map((p) => ({ period: p.period, total: formatHundredths(p.total) })),
  total: formatHundredths(a.total),
  gradeByScore: grade(a.grade),
  grade: grade(r.finalGrade),
  quotaOutcome: r.outcome ? OUTCOME[r.outcome] : S.QuotaOutcome.QUOTA_OUTCOME_UNSPECIFIED,
  rank: r.rank,
  reasons: a.reasons.map(reason),
});

/**
 * A pack as a tenant sends it, in the engine's units: points and thresholds in hundredths,
 * percentages as numbers, enums by name. A decimal that does not read is refused with its field;
 * what reads is then validated as a whole (validateRulePack).
 */
export const toProtoSettings = (s: ScoringSettings): scoringV1.ScoringSettings => ({
  closingDay: s.closingDay,
  default: s.version === 0,
  version: s.version,
  updatedBy: s.by,
  updateTime: s.at ?? undefined,
});

/** A unit's KPI result of a period, scored from the values recorded (none: every indicator at 0). */
export function toProtoUnitKpi(
  set: UnitKpiSet,
  period: string,
  record: UnitKpiRecord | undefined,
  closed: boolean,
): scoringV1.UnitKpiResult {
  const result = unitKpiResult(set, period, record);
  const score = (x: number) => x.toFixed(2);
  return {
    kpiSetId: set.id,
    setName: set.name,
    agencyId: set.agencyId,
    unitId: set.unitId ?? '',
    period,
    score: score(result.score),
    groups: result.groups.map((g) => ({ group: g.group, weight: g.weight, score: score(g.score) })),
    indicators: result.indicators.map((x, k) => ({
      code: x.code,
      name: set.indicators[k].name,
      group: x.group,
      measureUnit: set.indicators[k].measureUnit,
      weight: x.weight,
      target: x.target,
      actual: x.actual,
      attainment: x.attainment.toFixed(4),
      score: score(x.score),
    })),
    recorded: result.indicators.filter((x) => x.actual !== undefined).length,
    recordedBy: record?.by ?? '',
    recordedAt: record?.at,
    version: record?.version ?? 0,
    setVersion: set.version,
    closed,
  };
}

export function fromProtoRulePack(p: scoringV1.RulePack): RulePack {
  const hundredths = (field: string, text: string) => {
    const v = parseHundredths(text.trim());
    if (v === undefined)
      throw new ValidationError(field, {
        vi: `${field} phải là số, tối đa hai chữ số thập phân`,
        en: `${field} must be a number with at most two decimals`,
      });
    return v;
  };
  const percentOf = (field: string, text: string) => hundredths(field, text) / 100;
  const optionalPercent = (field: string, text: string) => (text.trim() ? percentOf(field, text) : undefined);
  const named = <T extends string>(text: string, prefix: string) => text.replace(prefix, '') as T;
  const variantOf = (field: string, v: scoringV1.RulePackVariant | undefined): Variant => ({
    taskPoints: hundredths(`${field}.task_points`, v?.taskPoints ?? ''),
    measures: (v?.measures ?? []).map((m) => named<Measure>(S.measureToJSON(m), 'MEASURE_')),
    generalCriteria: (v?.generalCriteria ?? []).map((c, i) => ({
      code: c.code.trim(),
      name: { vi: c.nameVi.trim(), en: c.nameEn.trim() },
      maxPoints: hundredths(`${field}.general_criteria[${i}].max_points`, c.maxPoints),
    })),
  });
  const q = p.parameters;
  if (!q) throw new ValidationError('parameters', { vi: 'Cần các tham số của bộ quy tắc', en: 'parameters are required' });
  return {
    code: p.code.trim(),
    version: p.version,
    name: { vi: p.nameVi.trim(), en: p.nameEn.trim() },
    legalBasis: p.legalBasis.trim(),
    categories: p.categories.map((c) => named<OfficialCategory>(orgV1.officialCategoryToJSON(c), 'OFFICIAL_CATEGORY_')),
    fromYear: p.fromYear,
    toYear: p.toYear === 0 ? null : p.toYear,
    variants: { NON_MANAGER: variantOf('non_manager', p.nonManager), MANAGER: variantOf('manager', p.manager) },
    grades: p.grades.map((b, i) => ({
      grade: named<GradeBand['grade']>(S.gradeToJSON(b.grade), 'GRADE_'),
      min: hundredths(`grades[${i}].min`, b.min),
      inclusive: b.inclusive,
    })),
    requirements: p.requirements.map((r, i) => ({
      grade: named<GradeBand['grade']>(S.gradeToJSON(r.grade), 'GRADE_'),
      minCompletionPercent: optionalPercent(`requirements[${i}].min_completion_percent`, r.minCompletionPercent),
      minOnTimePercent: optionalPercent(`requirements[${i}].min_on_time_percent`, r.minOnTimePercent),
      minExceededPercent: optionalPercent(`requirements[${i}].min_exceeded_percent`, r.minExceededPercent),
    })),
    disqualifiers: p.disqualifiers.map((d) => ({
      code: d.code.trim(),
      name: { vi: d.nameVi.trim(), en: d.nameEn.trim() },
      leadersOnly: d.leadersOnly,
    })),
    parameters: {
      capAtFull: q.capAtFull,
      floorAtZero: q.floorAtZero,
      failedAssessmentDeductionPercent: percentOf('parameters.failed_assessment_deduction_percent', q.failedAssessmentDeductionPercent),
      delayDeductionPercent: percentOf('parameters.delay_deduction_percent', q.delayDeductionPercent),
      daysPerDelay: q.daysPerDelay,
      unitResultReducedPercent: percentOf('parameters.unit_result_reduced_percent', q.unitResultReducedPercent),
      organisationReducedPercent: percentOf('parameters.organisation_reduced_percent', q.organisationReducedPercent),
      unityReducedPercent: percentOf('parameters.unity_reduced_percent', q.unityReducedPercent),
      leaderCountsStaffProducts: q.leaderCountsStaffProducts,
      countUnreviewedEntries: q.countUnreviewedEntries,
      annualFrom: q.annualFrom as PackParameters['annualFrom'],
      quotaPercent: percentOf('parameters.quota_percent', q.quotaPercent),
      quotaCountsMovedDown: q.quotaCountsMovedDown,
      overrideCeilingPercent: percentOf('parameters.override_ceiling_percent', q.overrideCeilingPercent),
      appealDays: q.appealDays,
      // Unsent by callers that predate it: the documented default.
      unitResultFrom: (q.unitResultFrom.trim() || DEFAULT_PARAMETERS.unitResultFrom) as PackParameters['unitResultFrom'],
    },
  };
}
