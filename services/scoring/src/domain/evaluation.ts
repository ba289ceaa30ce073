import {
  type Actor,
  check,
  coversAgency,
  coversOfficial,
  type Decision,
  FailedPreconditionError,
  PermissionDeniedError,
  ValidationError,
  VersionConflictError,
} from '@thuocdo/kit';
import { checkCriteria, parseCriteria } from './assessment';
import { type Period, parsePeriod } from './period';
import type { Grade, Role, RulePack } from './rule-pack';

// ---------------------------------------------------------------------------------------------
// The evaluation of an official's period (quy trình đánh giá), one step after another:
//   self-assessment (the official) → the manager's review (a manager over them, once the general
//   criteria are recorded) → the collective's review (the agency's leaders or HR) → HR's
//   consolidation (the closed period, the quota applied) → approval (the agency's leader or HR).
// Each step records who took it, when, their comment and what stood at that point. A step may be
// taken again, to replace its comment, until the next one is; nobody takes a step on their own
// evaluation. After approval the official may appeal within the pack's window; they may comment
// at any time. Reopening the period withdraws consolidation and approval (the results they were
// about are removed): the evaluation goes back to the collective's review.

export const STAGES = ['NONE', 'SELF_ASSESSED', 'MANAGER_REVIEWED', 'COMMITTEE_REVIEWED', 'HR_CONSOLIDATED', 'APPROVED'] as const;
export type Stage = (typeof STAGES)[number];
export type StepStage = Exclude<Stage, 'NONE'>;

export interface EvaluationStep {
  stage: StepStage;
  /** The caller's subject, and their official id when they are one. */
  by: string;
  byOfficialId: string | null;
  at: Date;
  comment: string;
  /** Hundredths of a point by criterion code. */
  criteria: { code: string; points: number }[];
  /** Consolidation and approval: the result with the quota applied (hundredths). */
  total: number | null;
  grade: Grade | null;
  /** Approval: its hash in the tenant's chain of approved results. */
  chainHash: string | null;
  withdrawn: boolean;
}

export interface EvaluationComment {
  by: string;
  byOfficialId: string | null;
  at: Date;
  text: string;
  appeal: boolean;
}

export interface Evaluation {
  tenantId: string;
  period: string;
  officialId: string;
  stage: Stage;
  steps: EvaluationStep[];
  comments: EvaluationComment[];
  appealUntil: Date | null;
  version: number;
}

export const noEvaluation = (tenantId: string, period: string, officialId: string): Evaluation => ({
  tenantId,
  period,
  officialId,
  stage: 'NONE',
  steps: [],
  comments: [],
  appealUntil: null,
  version: 0,
});

const MAX_TEXT = 2000;
const order = (s: Stage) => STAGES.indexOf(s);

interface Target {
  officialId: string;
  period: Period;
  version: number;
}

function parseTarget(r: { officialId: string; period: string; version: number }): Target {
  return {
    officialId: check.id('official_id', r.officialId),
    period: parsePeriod(r.period),
    version: check.intRange('version', r.version, 0, Number.MAX_SAFE_INTEGER),
  };
}

function checkVersion(t: Target, e: Evaluation): void {
  if (t.version !== e.version)
    throw new VersionConflictError(
      {
        vi: `Đánh giá vừa được người khác cập nhật (phiên bản ${e.version}), vui lòng tải lại`,
        en: `The evaluation was changed since you read it (now version ${e.version}), please reload`,
      },
      'version',
    );
}

const step = (stage: StepStage, actor: Actor, comment: string, extra: Partial<EvaluationStep> = {}): EvaluationStep => ({
  stage,
  by: actor.principal.subject,
  byOfficialId: actor.principal.officialId || null,
  at: actor.now,
  comment,
  criteria: [],
  total: null,
  grade: null,
  chainHash: null,
  withdrawn: false,
  ...extra,
});

/** The evaluation with a step taken (a repeat of a stage is a step of its own: the history stays whole). */
const withStep = (e: Evaluation, s: EvaluationStep, extra: Partial<Evaluation> = {}): Evaluation => ({
  ...e,
  ...extra,
  stage: s.stage,
  steps: [...e.steps, s],
  version: e.version + 1,
});

// --- self-assessment ----------------------------------------------------------------------------

export interface SelfAssessmentInput extends Target {
  criteria: { code: string; points: number }[];
  comment: string;
}

export function parseSelfAssessment(r: {
  officialId: string;
  period: string;
  criteria: { code: string; points: string }[];
  comment: string;
  version: number;
}): SelfAssessmentInput {
  return { ...parseTarget(r), criteria: parseCriteria(r.criteria), comment: check.maxLength('comment', r.comment.trim(), MAX_TEXT) };
}

export interface SelfAssessmentState {
  existing: Evaluation;
  pack: RulePack;
  role: Role;
  periodClosed: boolean;
}

/** The official's own assessment: theirs alone, while the period is open and before the manager's review. */
export function submitSelfAssessment(i: SelfAssessmentInput, s: SelfAssessmentState, actor: Actor): Decision<Evaluation, never> {
  if (actor.principal.officialId !== i.officialId)
    throw new PermissionDeniedError({ vi: 'Chỉ người được đánh giá mới tự đánh giá', en: 'Only the official assesses themself' });
  if (i.period.from > actor.today)
    throw new ValidationError('period', { vi: 'Kỳ đánh giá chưa bắt đầu', en: 'the period has not started yet' });
  if (s.periodClosed)
    throw new FailedPreconditionError({ vi: `Kỳ ${i.period.key} đã đóng`, en: `Period ${i.period.key} is closed` }, 'period');
  if (order(s.existing.stage) > order('SELF_ASSESSED'))
    throw new FailedPreconditionError(
      {
        vi: 'Cấp trên đã nhận xét: không sửa được bản tự đánh giá nữa',
        en: 'Your manager has reviewed it: the self-assessment can no longer change',
      },
      'official_id',
    );
  checkCriteria(i.criteria, s.pack, s.role);
  checkVersion(i, s.existing);
  return { entity: withStep(s.existing, step('SELF_ASSESSED', actor, i.comment, { criteria: i.criteria })), events: [] };
}

// --- the steps taken by others -----------------------------------------------------------------

export type AdvanceStage = 'MANAGER_REVIEWED' | 'COMMITTEE_REVIEWED' | 'HR_CONSOLIDATED' | 'APPROVED';

export interface AdvanceInput extends Target {
  stage: AdvanceStage;
  comment: string;
}

const ADVANCE_STAGES: readonly string[] = ['MANAGER_REVIEWED', 'COMMITTEE_REVIEWED', 'HR_CONSOLIDATED', 'APPROVED'];

export function parseAdvance(r: { officialId: string; period: string; stage: string; comment: string; version: number }): AdvanceInput {
  if (!ADVANCE_STAGES.includes(r.stage))
    throw new ValidationError('stage', {
      vi: 'Bước phải là MANAGER_REVIEWED, COMMITTEE_REVIEWED, HR_CONSOLIDATED hoặc APPROVED',
      en: 'stage must be MANAGER_REVIEWED, COMMITTEE_REVIEWED, HR_CONSOLIDATED or APPROVED',
    });
  return { ...parseTarget(r), stage: r.stage as AdvanceStage, comment: check.maxLength('comment', r.comment.trim(), MAX_TEXT) };
}

/** The policy action whose scope a stage needs (packages/kit policy.ts). */
export const STAGE_ACTION = {
  MANAGER_REVIEWED: 'evaluation.review',
  COMMITTEE_REVIEWED: 'evaluation.committee',
  HR_CONSOLIDATED: 'evaluation.consolidate',
  APPROVED: 'evaluation.approve',
} as const satisfies Record<AdvanceStage, string>;

export interface AdvanceState {
  existing: Evaluation;
  /** The official's agency and post date (the period's last day, or today while it runs). */
  agencyId: string;
  date: string;
  periodClosed: boolean;
  /** The general criteria recorded (RecordAssessment), if any. */
  assessed: { code: string; points: number }[] | null;
  /** Once closed: the official's result with the quota applied. */
  result: { total: number; grade: Grade } | null;
  /** The pack that scores the official (its appeal window). */
  pack: RulePack;
}

/**
 * Takes a step. `actor.scope` is the scope of the stage's own action (STAGE_ACTION): a unit
 * head reaches the manager's review of their staff, not an agency's consolidation.
 */
export function advanceEvaluation(i: AdvanceInput, s: AdvanceState, actor: Actor): Decision<Evaluation, never> {
  if (actor.principal.officialId === i.officialId)
    throw new PermissionDeniedError({
      vi: 'Không được tự thực hiện bước đánh giá của mình',
      en: 'Nobody takes a step on their own evaluation',
    });
  const reach =
    i.stage === 'MANAGER_REVIEWED'
      ? coversOfficial(actor.scope, actor.directory, i.officialId, s.date)
      : coversAgency(actor.scope, s.agencyId);
  if (!reach)
    throw new PermissionDeniedError({ vi: 'Không có quyền thực hiện bước này', en: 'Not allowed to take this step for this official' });
  const current = s.existing.stage;
  const previous = STAGES[order(i.stage) - 1];
  const repeatable = i.stage === 'MANAGER_REVIEWED' || i.stage === 'COMMITTEE_REVIEWED';
  if (current !== previous && !(repeatable && current === i.stage))
    throw new FailedPreconditionError(
      current === i.stage
        ? { vi: 'Bước này đã thực hiện', en: `The evaluation is already ${i.stage}` }
        : {
            vi: `Đánh giá đang ở bước ${current}, chưa thể chuyển sang ${i.stage}`,
            en: `The evaluation is at ${current}: ${i.stage} cannot follow`,
          },
      'stage',
    );
  checkVersion(i, s.existing);
  if (i.stage === 'MANAGER_REVIEWED' || i.stage === 'COMMITTEE_REVIEWED') {
    if (!s.assessed)
      throw new FailedPreconditionError(
        { vi: 'Chưa chấm điểm các tiêu chí chung', en: 'The general criteria have not been recorded yet' },
        'official_id',
      );
    return { entity: withStep(s.existing, step(i.stage, actor, i.comment, { criteria: s.assessed })), events: [] };
  }
  if (!s.periodClosed || !s.result)
    throw new FailedPreconditionError(
      {
        vi: `Kỳ ${i.period.key} chưa đóng: chưa có kết quả để tổng hợp`,
        en: `Period ${i.period.key} is open: there is no result to consolidate yet`,
      },
      'period',
    );
  const result = { total: s.result.total, grade: s.result.grade, criteria: s.assessed ?? [] };
  if (i.stage === 'HR_CONSOLIDATED') return { entity: withStep(s.existing, step(i.stage, actor, i.comment, result)), events: [] };
  const appealUntil = new Date(actor.now.getTime() + s.pack.parameters.appealDays * 86_400_000);
  return { entity: withStep(s.existing, step('APPROVED', actor, i.comment, result), { appealUntil }), events: [] };
}

// --- comments and appeals ----------------------------------------------------------------------

export interface CommentInput extends Target {
  text: string;
  appeal: boolean;
}

export function parseComment(r: { officialId: string; period: string; text: string; appeal: boolean; version: number }): CommentInput {
  return { ...parseTarget(r), text: check.maxLength('text', check.required('text', r.text), MAX_TEXT), appeal: r.appeal };
}

/** The official's comment at any step, or appeal of the approved result within the window. */
export function commentOnEvaluation(i: CommentInput, existing: Evaluation, actor: Actor): Decision<Evaluation, never> {
  if (actor.principal.officialId !== i.officialId)
    throw new PermissionDeniedError({ vi: 'Chỉ người được đánh giá mới ý kiến, khiếu nại', en: 'Only the official comments or appeals' });
  if (existing.stage === 'NONE')
    throw new FailedPreconditionError(
      { vi: 'Chưa có bước đánh giá nào', en: 'No step of the evaluation has been taken yet' },
      'official_id',
    );
  if (i.appeal) {
    if (existing.stage !== 'APPROVED' || !existing.appealUntil)
      throw new FailedPreconditionError(
        { vi: 'Chỉ khiếu nại kết quả đã phê duyệt', en: 'Only an approved result can be appealed' },
        'appeal',
      );
    if (actor.now > existing.appealUntil)
      throw new FailedPreconditionError({ vi: 'Đã hết thời hạn khiếu nại', en: 'The appeal window has closed' }, 'appeal');
  }
  checkVersion(i, existing);
  const comment: EvaluationComment = {
    by: actor.principal.subject,
    byOfficialId: actor.principal.officialId || null,
    at: actor.now,
    text: i.text,
    appeal: i.appeal,
  };
  return { entity: { ...existing, comments: [...existing.comments, comment], version: existing.version + 1 }, events: [] };
}

/** A quota exception changes the official's result: not once HR consolidated it (reopen the period first). */
export function checkResultUnconsolidated(e: Evaluation): void {
  if (order(e.stage) >= order('HR_CONSOLIDATED'))
    throw new FailedPreconditionError(
      {
        vi: 'Kết quả của người này đã được tổng hợp, phê duyệt: mở lại kỳ để thay đổi',
        en: "This official's result was consolidated or approved: reopen the period to change it",
      },
      'official_id',
    );
}

// --- reopening ---------------------------------------------------------------------------------

/** After the period reopens: consolidation and approval withdrawn, back at the collective's review. */
export function withdrawnOnReopen(e: Evaluation): Evaluation {
  if (order(e.stage) < order('HR_CONSOLIDATED')) return e;
  return {
    ...e,
    stage: 'COMMITTEE_REVIEWED',
    steps: e.steps.map((s) => (order(s.stage) >= order('HR_CONSOLIDATED') ? { ...s, withdrawn: true } : s)),
    appealUntil: null,
    version: e.version + 1,
  };
}

/** The stage that stands: the last step not withdrawn. */
export const standingSteps = (e: Evaluation) => e.steps.filter((s) => !s.withdrawn);
