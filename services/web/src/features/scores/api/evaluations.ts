import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type ResponseOf } from '../../../lib/api';

export type Evaluation = ResponseOf<'GET /api/v1/scoring/officials/{official_id}/evaluations/{period}'>['evaluation'];
export type EvaluationStage = Evaluation['stage'];
export type EvaluationStep = Evaluation['steps'][number];

/** The stages of an evaluation, in order (quy trình đánh giá). */
export const STAGES: EvaluationStage[] = [
  'EVALUATION_STAGE_UNSPECIFIED',
  'EVALUATION_STAGE_SELF_ASSESSED',
  'EVALUATION_STAGE_MANAGER_REVIEWED',
  'EVALUATION_STAGE_COMMITTEE_REVIEWED',
  'EVALUATION_STAGE_HR_CONSOLIDATED',
  'EVALUATION_STAGE_APPROVED',
];

/** The stage that may follow, if any: a manager, the collective, HR, the approver take them. */
export const nextStage = (s: EvaluationStage): EvaluationStage | undefined =>
  s === 'EVALUATION_STAGE_UNSPECIFIED' || s === 'EVALUATION_STAGE_APPROVED' ? undefined : STAGES[STAGES.indexOf(s) + 1];

/** An official's evaluation of a period: its steps, comments and appeal window. */
export function useEvaluation(officialId: string, period: string) {
  return useQuery({
    queryKey: ['evaluations', officialId, period],
    queryFn: () => api('GET /api/v1/scoring/officials/{official_id}/evaluations/{period}', { official_id: officialId, period }),
    enabled: Boolean(officialId && period),
  });
}

/** A page of a unit's evaluations (the unit and those below it), optionally at one stage. */
export function useUnitEvaluations(unitId: string, period: string, stage: EvaluationStage, pageToken: string) {
  return useQuery({
    queryKey: ['evaluations', 'unit', unitId, period, stage, pageToken],
    queryFn: () =>
      api('GET /api/v1/scoring/units/{unit_id}/evaluations/{period}', {
        unit_id: unitId,
        period,
        stage,
        page_size: 50,
        page_token: pageToken,
      }),
    enabled: Boolean(unitId && period),
  });
}

/** After any change of an evaluation or assessment: the evaluations and scores are read again. */
function useRefresh() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: ['evaluations'] }), queryClient.invalidateQueries({ queryKey: ['scores'] })]);
}

export function useSubmitSelfAssessment() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (r: {
      official_id: string;
      period: string;
      criteria: { code: string; points: string }[];
      comment: string;
      version: number;
    }) => api('POST /api/v1/scoring/officials/{official_id}/evaluations/{period}:self-assess', r),
    onSettled: refresh,
  });
}

export function useAdvanceEvaluation() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (r: { official_id: string; period: string; stage: EvaluationStage; comment: string; version: number }) =>
      api('POST /api/v1/scoring/officials/{official_id}/evaluations/{period}:advance', r),
    onSettled: refresh,
  });
}

export function useCommentOnEvaluation() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (r: { official_id: string; period: string; text: string; appeal: boolean; version: number }) =>
      api('POST /api/v1/scoring/officials/{official_id}/evaluations/{period}:comment', r),
    onSettled: refresh,
  });
}

/** Records the general criteria (and a leader's đ, e, disqualifiers) of an official's period. */
export function useRecordAssessment() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (r: {
      official_id: string;
      period: string;
      criteria: { code: string; points: string }[];
      organisation_reduced: boolean;
      unity_reduced: boolean;
      disqualifiers: string[];
      comment: string;
      version: number;
    }) => api('POST /api/v1/scoring/officials/{official_id}/scores/{period}:assess', r),
    onSettled: refresh,
  });
}
