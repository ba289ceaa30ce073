import {
  type Actor,
  check,
  coversOfficial,
  type Decision,
  PermissionDeniedError,
  parseHundredths,
  unchanged,
  ValidationError,
  VersionConflictError,
} from '@thuocdo/kit';
import { type Period, parsePeriod } from './period';
import type { Role, RulePack } from './rule-pack';

// ---------------------------------------------------------------------------------------------
// What people enter about an official's period (đánh giá): the points of the pack's general
// criteria, whether the leader's organisation of implementation (đ) or the unity of their staff
// (e) fell short, and the disqualifiers concluded against them. A manager over the official, or
// HR, records it; never the official themself. Each recording replaces the previous one, checked
// against the version the caller read, and is audited with who and when.

export interface Assessment {
  tenantId: string;
  period: string;
  officialId: string;
  /** Criterion code → hundredths of a point. */
  general: Record<string, number>;
  organisationReduced: boolean;
  unityReduced: boolean;
  disqualifiers: string[];
  comment: string;
  /** Subject of who recorded it. */
  by: string;
  at: Date;
  version: number;
}

export interface AssessmentInput {
  officialId: string;
  period: Period;
  criteria: { code: string; points: number }[];
  organisationReduced: boolean;
  unityReduced: boolean;
  disqualifiers: string[];
  comment: string;
  /** The version read; 0 for the first. */
  version: number;
}

const MAX_COMMENT = 2000;

export function parseAssessment(r: {
  officialId: string;
  period: string;
  criteria: { code: string; points: string }[];
  organisationReduced: boolean;
  unityReduced: boolean;
  disqualifiers: string[];
  comment: string;
  version: number;
}): AssessmentInput {
  const criteria = parseCriteria(r.criteria);
  return {
    officialId: check.id('official_id', r.officialId),
    period: parsePeriod(r.period),
    criteria,
    organisationReduced: r.organisationReduced,
    unityReduced: r.unityReduced,
    disqualifiers: [...new Set(r.disqualifiers.map((d) => d.trim()).filter(Boolean))],
    comment: check.maxLength('comment', r.comment.trim(), MAX_COMMENT),
    version: check.intRange('version', r.version, 0, Number.MAX_SAFE_INTEGER),
  };
}

export interface AssessmentState {
  existing: Assessment | undefined;
  /** The pack and role the official is scored by in the period. */
  pack: RulePack;
  role: Role;
  /** The day the official's post is judged on (scoreDate). */
  date: string;
  today: string;
}

/** Records an assessment: the caller's reach, the pack's criteria and their maxima, the version. */
export function recordAssessment(a: AssessmentInput, s: AssessmentState, actor: Actor): Decision<Assessment, never> {
  if (a.officialId === actor.principal.officialId)
    throw new PermissionDeniedError({ vi: 'Không được tự chấm điểm tiêu chí chung của mình', en: 'Officials do not assess themselves' });
  if (!coversOfficial(actor.scope, actor.directory, a.officialId, s.date))
    throw new PermissionDeniedError({ vi: 'Không có quyền đánh giá người này', en: 'Not allowed to assess this official' });
  if (a.period.from > s.today)
    throw new ValidationError('period', { vi: 'Kỳ đánh giá chưa bắt đầu', en: 'the period has not started yet' });
  const variant = s.pack.variants[s.role];
  checkCriteria(a.criteria, s.pack, s.role);
  for (const [flag, measure] of [
    ['organisationReduced', 'ORGANISATION'],
    ['unityReduced', 'UNITY'],
  ] as const)
    if (a[flag] && !variant.measures.includes(measure))
      throw new ValidationError(flag === 'organisationReduced' ? 'organisation_reduced' : 'unity_reduced', {
        vi: 'Tiêu chí này chỉ đánh giá người lãnh đạo, quản lý theo bộ quy tắc áp dụng',
        en: 'this measure applies only to leaders and managers under the pack in force',
      });
  a.disqualifiers.forEach((code, i) => {
    const d = s.pack.disqualifiers.find((x) => x.code === code);
    if (!d || (d.leadersOnly && s.role !== 'MANAGER'))
      throw new ValidationError(`disqualifiers[${i}]`, {
        vi: d ? `${code} chỉ áp dụng cho người lãnh đạo, quản lý` : `Bộ quy tắc ${s.pack.code} không có trường hợp ${code}`,
        en: d ? `${code} applies to leaders and managers only` : `rule pack ${s.pack.code} has no disqualifier ${code}`,
      });
  });
  const current = s.existing?.version ?? 0;
  if (a.version !== current)
    throw new VersionConflictError(
      {
        vi: `Đánh giá vừa được người khác cập nhật (phiên bản ${current}), vui lòng tải lại`,
        en: `The assessment was changed since you read it (now version ${current}), please reload`,
      },
      'version',
    );
  const next: Assessment = {
    tenantId: actor.principal.tenantId,
    period: a.period.key,
    officialId: a.officialId,
    general: Object.fromEntries(a.criteria.map((c) => [c.code, c.points])),
    organisationReduced: a.organisationReduced,
    unityReduced: a.unityReduced,
    disqualifiers: a.disqualifiers,
    comment: a.comment,
    by: actor.principal.subject,
    at: actor.now,
    version: current + 1,
  };
  if (s.existing && sameContent(s.existing, next)) return unchanged(s.existing);
  return { entity: next, events: [] };
}

/** Each criterion is one of the pack's for the official's role, within its maximum. */
export function checkCriteria(criteria: { code: string; points: number }[], pack: RulePack, role: Role): void {
  const variant = pack.variants[role];
  criteria.forEach((c, i) => {
    const criterion = variant.generalCriteria.find((x) => x.code === c.code);
    if (!criterion)
      throw new ValidationError(`criteria[${i}].code`, {
        vi: `Bộ quy tắc ${pack.code} không có tiêu chí ${c.code}`,
        en: `rule pack ${pack.code} has no criterion ${c.code}`,
      });
    if (c.points > criterion.maxPoints)
      throw new ValidationError(`criteria[${i}].points`, {
        vi: `Điểm tiêu chí ${c.code} tối đa ${criterion.maxPoints / 100}`,
        en: `${c.code} is worth at most ${criterion.maxPoints / 100} points`,
      });
  });
}

/** Criteria as people send them: codes unique, points in hundredths, at least 0. */
export function parseCriteria(criteria: { code: string; points: string }[]): { code: string; points: number }[] {
  const seen = new Set<string>();
  return criteria.map((c, i) => {
    const code = check.required(`criteria[${i}].code`, c.code);
    if (seen.has(code))
      throw new ValidationError(`criteria[${i}].code`, { vi: `Tiêu chí ${code} lặp lại`, en: `criterion ${code} is repeated` });
    seen.add(code);
    const points = parseHundredths(c.points.trim());
    if (points === undefined || points < 0)
      throw new ValidationError(`criteria[${i}].points`, {
        vi: 'Điểm phải là số không âm, tối đa hai chữ số thập phân',
        en: 'points must be a number of at least 0 with at most two decimals',
      });
    return { code, points };
  });
}

const sameContent = (a: Assessment, b: Assessment) =>
  JSON.stringify([a.general, a.organisationReduced, a.unityReduced, [...a.disqualifiers].sort(), a.comment]) ===
  JSON.stringify([b.general, b.organisationReduced, b.unityReduced, [...b.disqualifiers].sort(), b.comment]);
