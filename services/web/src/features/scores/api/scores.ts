import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type ResponseOf } from '../../../lib/api';

export type OfficialScore = ResponseOf<'GET /api/v1/scoring/officials/{official_id}/scores/{period}'>['score'];
export type RulePack = ResponseOf<'GET /api/v1/scoring/rule-packs/{code}'>['pack'];
export type Grade = OfficialScore['grade'];
export type ScoreProduct = OfficialScore['products'][number];

/** An official's score in a month ("2026-03") or a quarter ("2026-Q1"), with its breakdown. */
export function useOfficialScore(officialId: string, period: string) {
  return useQuery({
    queryKey: ['scores', officialId, period],
    queryFn: () => api('GET /api/v1/scoring/officials/{official_id}/scores/{period}', { official_id: officialId, period }),
    enabled: Boolean(officialId && period),
  });
}

/** The rule pack a score was made by: the names of its criteria and disqualifiers, its legal basis. */
export function useRulePack(code: string | undefined, version: number | undefined) {
  return useQuery({
    queryKey: ['rule-packs', code, version],
    queryFn: () => api('GET /api/v1/scoring/rule-packs/{code}', { code: code!, version: version ?? 0 }),
    enabled: Boolean(code),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The titles of the tasks among a score's products. */
export function useTaskTitles(ids: readonly string[]): (id: string) => string | undefined {
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['tasks', 'one', id],
      queryFn: () => api('GET /api/v1/tasks/{id}', { id }),
      staleTime: 60_000,
    })),
  });
  const titles = new Map(results.flatMap((r) => (r.data ? [[r.data.task.id, r.data.task.title] as const] : [])));
  return (id) => titles.get(id);
}

export type PeriodResult = ResponseOf<'GET /api/v1/scoring/periods/{period}/agencies/{agency_id}/results'>['results'][number];

/** A period's state: open (scores live) or closed (results frozen). */
export function usePeriod(period: string) {
  return useQuery({
    queryKey: ['periods', period],
    queryFn: () => api('GET /api/v1/scoring/periods/{period}', { period }),
    enabled: Boolean(period),
  });
}

/** A page of an agency's consolidated results of a closed period, the quota applied. */
export function usePeriodResults(period: string, agencyId: string, pageToken: string, enabled: boolean) {
  return useQuery({
    queryKey: ['period-results', period, agencyId, pageToken],
    queryFn: () =>
      api('GET /api/v1/scoring/periods/{period}/agencies/{agency_id}/results', {
        period,
        agency_id: agencyId,
        page_size: 100,
        page_token: pageToken,
      }),
    enabled: enabled && Boolean(period && agencyId),
  });
}

/** Closes a period (its results frozen); the period and its results are read again after. */
export function useClosePeriod() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (r: { period: string; version: number }) => api('POST /api/v1/scoring/periods/{period}:close', r),
    onSettled: () =>
      queryClient.invalidateQueries({ queryKey: ['periods'] }).then(() => queryClient.invalidateQueries({ queryKey: ['period-results'] })),
  });
}

/** The tenant's scoring settings: the closing day of periods. */
export function useScoringSettings() {
  return useQuery({ queryKey: ['scoring-settings'], queryFn: () => api('GET /api/v1/scoring/settings') });
}

/** Changes the closing day; periods' deadlines follow. */
export function useUpdateScoringSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (r: { closing_day: number; version: number }) => api('PUT /api/v1/scoring/settings', r),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['scoring-settings'] }),
        queryClient.invalidateQueries({ queryKey: ['periods'] }),
      ]),
  });
}

/** Keeps a candidate EXCELLENT beyond the quota, or withdraws that. */
export function useQuotaOverride() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (r: { period: string; official_id: string; keep: boolean; reason: string }) =>
      api('POST /api/v1/scoring/periods/{period}/officials/{official_id}:override-quota', r),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['period-results'] }),
  });
}

export type RulePackChoice = ResponseOf<'GET /api/v1/scoring/rule-pack-choices'>['choices'][number];

/** The rule packs the tenant may choose from. */
export function useRulePacks() {
  return useQuery({ queryKey: ['rule-packs'], queryFn: () => api('GET /api/v1/scoring/rule-packs'), staleTime: 5 * 60_000 });
}

/** The packs the tenant chose for a year, by category of official. */
export function useRulePackChoices(year: number) {
  return useQuery({
    queryKey: ['rule-pack-choices', year],
    queryFn: () => api('GET /api/v1/scoring/rule-pack-choices', { year }),
  });
}

/** Chooses the pack that scores a category of official in a year (tenant-wide HR). */
/** Saves a pack of the tenant's own: a new code, or the next version of one it saved. */
export function useSaveRulePack() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (pack: RulePack) => api('POST /api/v1/scoring/rule-packs', { pack }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['rule-packs'] }),
  });
}

export function useChooseRulePack() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (r: { year: number; category: RulePackChoice['category']; pack_code: string }) =>
      api('POST /api/v1/scoring/rule-pack-choices', r),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['rule-pack-choices'] }),
  });
}
