import { BP, type Product } from './products';
import * as R from './ratio';
import {
  GRADE_RANK,
  type Grade,
  type GradeRequirement,
  gradeOfScore,
  type Measure,
  type OfficialCategory,
  type Role,
  type RulePack,
} from './rule-pack';

// ---------------------------------------------------------------------------------------------
// The score of one official in one period, by a rule pack, with every step of how it got there.
//
//   measures   a quantity   = completed ÷ assigned                      (capped at 100% by default)
//              b quality    = Σ completed × quality share ÷ assigned     (25% less per failed assessment)
//              c timeliness = Σ completed × timeliness share ÷ assigned  (25% less per delay)
//              d unit result, đ organisation, e unity                    (leaders and managers;
//                d from the staff's grades, the unit's KPI score or the lower, as the pack says)
//   task points    = mean of the variant's measures × its task points (70, or 50 for a manager in Khánh Hòa)
//   general points = the criteria people entered, each at most its maximum
//   total          = general + task points, two places, half away from zero
//   grade          = by the pack's bands; lowered while a requirement of the grade is not met;
//                    NOT_COMPLETED whatever the score when a disqualifier applies
//
// Every figure is an exact fraction until it is rounded once, at the end.

export interface OfficialPeriodInput {
  officialId: string;
  agencyId: string;
  /** The group of officials with similar duties the quota is also applied within (job position group). */
  dutyGroup: string;
  category: OfficialCategory;
  /** Holds a leadership or management post (lãnh đạo, quản lý) in the period. */
  isManager: boolean;
  /** Officials this manager manages: their grades make the unit result (d), their products count in a–c when the pack says so. */
  manages: string[];
  products: Product[];
  /** General criteria entered by people: code → hundredths of a point. */
  general: Record<string, number>;
  /** Entered by the evaluator: the plan was delayed for long (đ), the staff was long disunited (e). */
  organisationReduced: boolean;
  unityReduced: boolean;
  /** Codes of the pack's disqualifiers concluded against the official. */
  disqualifiers: string[];
  /** A leader's unit KPI result of the period (unit-kpi.ts), where their unit has one recorded. */
  unitKpi?: UnitKpiLink;
}

/** A unit's KPI score of a period as a leader's unit result (d) may take it. */
export interface UnitKpiLink {
  kpiSetId: string;
  /** Hundredths of a point (8650 = 86.50). */
  score: number;
}

export interface MeasureValue {
  measure: Measure;
  value: R.Ratio;
  /** What it was worked out from, for the breakdown: "completed 1,200 of assigned 1,500 minutes". */
  numerator: number;
  denominator: number;
  capped: boolean;
  /** d: the leader's unit KPI result, and whether the pack made it count. */
  unitKpi?: UnitKpiLink & { counted: boolean };
}

export interface GeneralValue {
  code: string;
  points: number;
  maxPoints: number;
  /** False while nobody has entered it (counted as 0). */
  entered: boolean;
}

export type GradeReason =
  | { kind: 'BAND'; grade: Grade }
  | { kind: 'REQUIREMENT_NOT_MET'; grade: Grade; requirement: keyof Omit<GradeRequirement, 'grade'>; needed: number; actual: number }
  | { kind: 'DISQUALIFIED'; code: string }
  | { kind: 'NO_PRODUCTS' };

/** The sums behind the measures, kept so that the year can add the periods up. */
export interface ProductSums {
  assigned: number;
  completed: number;
  /** Σ completed × quality share, in basis-point minutes. */
  qualityBp: number;
  timelinessBp: number;
  /** Completed minutes with no delay counted. */
  onTime: number;
  /** Assigned minutes of products delivered above what was assigned. */
  exceeded: number;
}

export interface OfficialScore {
  officialId: string;
  agencyId: string;
  dutyGroup: string;
  role: Role;
  pack: { code: string; version: number };
  measures: MeasureValue[];
  sums: ProductSums;
  /** Hundredths of a point. */
  taskPoints: number;
  general: GeneralValue[];
  generalPoints: number;
  total: number;
  /** By the score and the pack; the quota may still move EXCELLENT down (quota.ts). */
  grade: Grade;
  reasons: GradeReason[];
  products: Product[];
}

export function sumsOf(products: Product[]): ProductSums {
  const s: ProductSums = { assigned: 0, completed: 0, qualityBp: 0, timelinessBp: 0, onTime: 0, exceeded: 0 };
  for (const p of products) {
    s.assigned += p.assigned;
    s.completed += p.completed;
    s.qualityBp += p.completed * p.qualityBp;
    s.timelinessBp += p.completed * p.timelinessBp;
    if (p.completed > 0 && p.timelinessBp === BP) s.onTime += p.completed;
    if (p.completed > p.assigned) s.exceeded += p.assigned;
  }
  return s;
}

/** Grades of the officials a manager manages, to be known before the manager is scored. */
export type GradesOf = (officialId: string) => Grade | undefined;

/**
 * Scores one official. `managed` answers the grades of the officials they manage (scoreOfficials
 * scores those first) and their products, which a leader's a–c count when the pack says so.
 */
export function scoreOfficial(
  o: OfficialPeriodInput,
  pack: RulePack,
  managed: { gradeOf: GradesOf; productsOf: (officialId: string) => Product[] } = { gradeOf: () => undefined, productsOf: () => [] },
): OfficialScore {
  const p = pack.parameters;
  const role: Role = o.isManager ? 'MANAGER' : 'NON_MANAGER';
  const variant = pack.variants[role];
  const products =
    o.isManager && p.leaderCountsStaffProducts ? [...o.products, ...o.manages.flatMap((id) => managed.productsOf(id))] : o.products;
  const sums = sumsOf(products);
  const reasons: GradeReason[] = [];
  const fraction = (num: number, den: number, cap: boolean): { value: R.Ratio; capped: boolean } => {
    if (den === 0) return { value: R.ZERO, capped: false };
    const raw = R.max(R.ZERO, R.ratio(num, den));
    return cap && R.cmp(raw, R.ONE) > 0 ? { value: R.ONE, capped: true } : { value: raw, capped: false };
  };
  const reduced = (isReduced: boolean, percent: number) => (isReduced ? R.percent(percent) : R.ONE);
  const measures: MeasureValue[] = variant.measures.map((measure) => {
    switch (measure) {
      case 'QUANTITY':
        return { measure, numerator: sums.completed, denominator: sums.assigned, ...fraction(sums.completed, sums.assigned, p.capAtFull) };
      case 'QUALITY':
        return {
          measure,
          numerator: sums.qualityBp / BP,
          denominator: sums.assigned,
          ...fraction(sums.qualityBp, sums.assigned * BP, true),
        };
      case 'TIMELINESS':
        return {
          measure,
          numerator: sums.timelinessBp / BP,
          denominator: sums.assigned,
          ...fraction(sums.timelinessBp, sums.assigned * BP, true),
        };
      case 'UNIT_RESULT': {
        const grades = o.manages.map((id) => managed.gradeOf(id));
        const below = grades.filter((g) => g === 'NOT_COMPLETED').length;
        const staff = reduced(below > 0, p.unitResultReducedPercent);
        const figures = { measure, numerator: grades.length - below, denominator: grades.length, capped: false };
        if (!o.unitKpi) return { ...figures, value: staff };
        // The unit's KPI score as a share, never above 100% (a cap may let it pass 100 points).
        const kpi = R.ratio(Math.min(Math.max(o.unitKpi.score, 0), 10_000), 10_000);
        const from = p.unitResultFrom;
        const value = from === 'UNIT_KPI' ? kpi : from === 'LOWER_OF_BOTH' ? (R.cmp(kpi, staff) < 0 ? kpi : staff) : staff;
        return { ...figures, value, unitKpi: { ...o.unitKpi, counted: from !== 'STAFF_GRADES' } };
      }
      case 'ORGANISATION':
        return {
          measure,
          value: reduced(o.organisationReduced, p.organisationReducedPercent),
          numerator: 0,
          denominator: 0,
          capped: false,
        };
      default: // UNITY
        return { measure, value: reduced(o.unityReduced, p.unityReducedPercent), numerator: 0, denominator: 0, capped: false };
    }
  });
  if (sums.assigned === 0) reasons.push({ kind: 'NO_PRODUCTS' });
  const taskRatio = R.mul(R.mean(measures.map((m) => m.value)), R.ratio(variant.taskPoints, 100));
  const general = variant.generalCriteria.map((c) => {
    const entered = o.general[c.code];
    const points = entered === undefined ? 0 : Math.min(c.maxPoints, Math.max(0, Math.round(entered)));
    return { code: c.code, points, maxPoints: c.maxPoints, entered: entered !== undefined };
  });
  const generalPoints = general.reduce((a, g) => a + g.points, 0);
  const total = Math.min(10_000, Math.max(0, toHundredthsOfPoint(R.add(taskRatio, R.ratio(generalPoints, 100)))));
  const grade = gradeFor(pack, role, total, sums, o.disqualifiers, reasons);
  return {
    officialId: o.officialId,
    agencyId: o.agencyId,
    dutyGroup: o.dutyGroup,
    role,
    pack: { code: pack.code, version: pack.version },
    measures,
    sums,
    taskPoints: toHundredthsOfPoint(taskRatio),
    general,
    generalPoints,
    total,
    grade,
    reasons,
    products,
  };
}

/** A ratio of points as hundredths of a point. */
const toHundredthsOfPoint = (points: R.Ratio) => R.toHundredths(points);

/**
 * The grade of a score: a disqualifier makes it NOT_COMPLETED; otherwise the band, lowered while
 * the grade's requirements are not met. Used for periods and for the year alike.
 */
export function gradeFor(
  pack: RulePack,
  role: Role,
  total: number,
  sums: ProductSums,
  disqualifiers: string[],
  reasons: GradeReason[],
): Grade {
  const applicable = pack.disqualifiers.filter((d) => disqualifiers.includes(d.code) && (!d.leadersOnly || role === 'MANAGER'));
  if (applicable.length) {
    for (const d of applicable) reasons.push({ kind: 'DISQUALIFIED', code: d.code });
    return 'NOT_COMPLETED';
  }
  let grade = gradeOfScore(pack.grades, total);
  reasons.push({ kind: 'BAND', grade });
  const share = (num: number, den: number) => (den === 0 ? 0 : Math.floor((num * 10_000) / den) / 100);
  const actual = {
    minCompletionPercent: share(sums.completed, sums.assigned),
    minOnTimePercent: share(sums.onTime, sums.completed),
    minExceededPercent: share(sums.exceeded, sums.assigned),
  };
  for (;;) {
    const req = pack.requirements.find((r) => r.grade === grade);
    const failed =
      req &&
      (['minCompletionPercent', 'minOnTimePercent', 'minExceededPercent'] as const).find(
        (k) => req[k] !== undefined && actual[k] < req[k]!,
      );
    if (!req || !failed) return grade;
    reasons.push({ kind: 'REQUIREMENT_NOT_MET', grade, requirement: failed, needed: req[failed]!, actual: actual[failed] });
    grade = (Object.keys(GRADE_RANK) as Grade[]).find((g) => GRADE_RANK[g] === GRADE_RANK[grade] - 1)!;
  }
}

/**
 * Scores everyone of a period: officials first, then the managers over them, so that a
 * manager's unit result (d) sees their staff's grades. `packOf` picks the pack for each official
 * (by tenant, year and category). A cycle of managers (a data error upstream) is broken by
 * scoring its members with the grades known so far.
 */
export function scoreOfficials(inputs: OfficialPeriodInput[], packOf: (o: OfficialPeriodInput) => RulePack): Map<string, OfficialScore> {
  const byId = new Map(inputs.map((o) => [o.officialId, o]));
  const scores = new Map<string, OfficialScore>();
  const visiting = new Set<string>();
  const managed = {
    gradeOf: (id: string) => scores.get(id)?.grade,
    productsOf: (id: string) => byId.get(id)?.products ?? [],
  };
  const visit = (o: OfficialPeriodInput) => {
    if (scores.has(o.officialId) || visiting.has(o.officialId)) return;
    visiting.add(o.officialId);
    if (o.isManager) for (const id of o.manages) if (id !== o.officialId && byId.has(id)) visit(byId.get(id)!);
    scores.set(o.officialId, scoreOfficial(o, packOf(o), managed));
    visiting.delete(o.officialId);
  };
  for (const o of [...inputs].sort((a, b) => (a.officialId < b.officialId ? -1 : a.officialId > b.officialId ? 1 : 0))) visit(o);
  return scores;
}
