import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type RequestOf, type ResponseOf } from '../../../lib/api';

export type Objective = ResponseOf<'GET /api/v1/objectives/{id}'>['objective'];
export type KeyResult = ResponseOf<'GET /api/v1/objectives/{id}'>['key_results'][number];
export type CheckIn = ResponseOf<'GET /api/v1/key-results/{key_result_id}/check-ins'>['check_ins'][number];
/** A quarter (1–4) of a year, or the whole year (quarter 0). */
export type Period = { year: number; quarter: number };

/** Objectives a level of the tree shows at once; "load more" brings the next page. */
export const LEVEL_PAGE_SIZE = 20;

/** A page of the objectives aligned to `parentId`, or of the roots (aligned to nothing) without one. */
export const listObjectives = (period: Period, parentId: string, pageToken: string) =>
  api('GET /api/v1/objectives', { period, parent_id: parentId, page_size: LEVEL_PAGE_SIZE, page_token: pageToken });

export const getObjective = (id: string) => api('GET /api/v1/objectives/{id}', { id });

/** An objective with its key results. */
export function useObjective(id: string | undefined) {
  return useQuery({ queryKey: ['objective', id], queryFn: () => getObjective(id!), enabled: Boolean(id) });
}

/** A key result's check-ins, newest first, a page at a time. */
export function useCheckIns(keyResultId: string, pageToken: string) {
  return useQuery({
    queryKey: ['check-ins', keyResultId, pageToken],
    queryFn: () =>
      api('GET /api/v1/key-results/{key_result_id}/check-ins', { key_result_id: keyResultId, page_size: 10, page_token: pageToken }),
    placeholderData: keepPreviousData,
  });
}

/** Records a check-in; the objective's key results and the key result's check-ins are read again. */
export function useCheckIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: RequestOf<'POST /api/v1/key-results/{key_result_id}/check-ins'>) =>
      api('POST /api/v1/key-results/{key_result_id}/check-ins', request),
    onSuccess: (answer) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['objective', answer.objective.id] }),
        queryClient.invalidateQueries({ queryKey: ['check-ins', answer.key_result.id] }),
      ]),
  });
}

/** A role grant as WhoAmI answers it. */
interface Grant {
  role: string;
  node_kind: string;
  node_id: string;
}

/**
 * Whether the person may check in the key results of an objective (okr.check_in of
 * packages/kit/src/policy.ts): its owner; administrators over the tenant; the leader of its
 * agency; the head of its unit. Heads of a unit above an individual's are not known here: the
 * server has the last word, and its refusal is shown.
 */
export function mayCheckIn(
  objective: Pick<Objective, 'owner_official_id' | 'agency_id' | 'level' | 'node_id'>,
  me: { officialId: string; roles: string[]; grants: Grant[] },
): boolean {
  if (me.roles.includes('sys_admin')) return true;
  if (me.officialId && objective.owner_official_id === me.officialId) return true;
  return me.grants.some(
    (g) =>
      (g.node_kind === 'ORG_NODE_KIND_TENANT' && ['sys_admin', 'catalog_admin'].includes(g.role)) ||
      (g.node_kind === 'ORG_NODE_KIND_AGENCY' && g.role === 'agency_leader' && g.node_id === objective.agency_id) ||
      (g.node_kind === 'ORG_NODE_KIND_UNIT' &&
        g.role === 'unit_head' &&
        objective.level === 'OBJECTIVE_LEVEL_UNIT' &&
        g.node_id === objective.node_id),
  );
}
