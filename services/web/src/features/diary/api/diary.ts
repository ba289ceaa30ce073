import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type RequestOf, type ResponseOf } from '../../../lib/api';
import { perProductRange } from '../../../lib/lookups';
import type { LogWorkAnswer } from './outbox';

export type WorkLogEntry = ResponseOf<'GET /api/v1/work-logs/{id}'>['entry'];
export type WorkLogStatus = WorkLogEntry['status'];
export type DiaryDay = ResponseOf<'GET /api/v1/diary-days/{official_id}/{date}'>;
export type DiaryWarning = LogWorkAnswer['outcome']['warnings'][number];
export type SuggestedItem = ResponseOf<'GET /api/v1/work-item-suggestions'>['items'][number];
export type CatalogItem = ResponseOf<'GET /api/v1/work-items'>['work_items'][number];

/** Every query of the diary starts with this key: one invalidation after a write refreshes them all. */
export const DIARY = 'diary';

/** Statuses an official may still change: not approved, not withdrawn. */
export const CHANGEABLE: readonly WorkLogStatus[] = [
  'WORK_LOG_STATUS_LOGGED',
  'WORK_LOG_STATUS_AWAITING_LATE_APPROVAL',
  'WORK_LOG_STATUS_RETURNED',
];

/** An official's day: total against the standard day, whether it is a working day, late or closed. */
export function useDiaryDay(officialId: string, date: string) {
  return useQuery({
    queryKey: [DIARY, 'day', officialId, date],
    queryFn: () => api('GET /api/v1/diary-days/{official_id}/{date}', { official_id: officialId, date }),
    enabled: Boolean(officialId),
    placeholderData: keepPreviousData,
  });
}

/** The official's entries of one day (a day has a few; 200 is far more than the 16-hour limit allows). */
export function useDayEntries(officialId: string, date: string) {
  return useQuery({
    queryKey: [DIARY, 'entries', officialId, date],
    queryFn: () => api('GET /api/v1/work-logs', { official_id: officialId, from_date: date, to_date: date, page_size: 200 }),
    enabled: Boolean(officialId),
  });
}

/** The items the official is likely to log next: their open tasks' items, then those they logged most lately. */
export function useSuggestions(officialId: string) {
  return useQuery({
    queryKey: [DIARY, 'suggestions', officialId],
    queryFn: () => api('GET /api/v1/work-item-suggestions', { official_id: officialId, limit: 12 }),
    enabled: Boolean(officialId),
    staleTime: 5 * 60_000,
  });
}

/** The catalog's items in force, searched by the server (case and diacritics ignored). */
export function useItemSearch(query: string) {
  return useQuery({
    queryKey: ['diary-item-search', query],
    queryFn: () => api('GET /api/v1/work-items', { query, view: 'WORK_ITEM_VIEW_IN_FORCE', page_size: 20 }),
    enabled: query.length >= 2,
    placeholderData: keepPreviousData,
  });
}

export const logWork = (request: RequestOf<'POST /api/v1/work-logs'>) => api('POST /api/v1/work-logs', request);

/** Changes or withdraws an entry not yet approved; the diary is read again after. */
function useEntryMutation<R, A>(call: (request: R) => Promise<A>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSettled: () => queryClient.invalidateQueries({ queryKey: [DIARY] }),
  });
}

export const useUpdateEntry = () =>
  useEntryMutation((r: RequestOf<'PATCH /api/v1/work-logs/{id}'>) => api('PATCH /api/v1/work-logs/{id}', r));
export const useDeleteEntry = () =>
  useEntryMutation((r: RequestOf<'DELETE /api/v1/work-logs/{id}'>) => api('DELETE /api/v1/work-logs/{id}', r));

/** A work item the official may log, from a suggestion or from the catalog: what the form needs of it. */
export interface Pickable {
  work_item_id: string;
  code: string;
  name: string;
  product_unit: string;
  standard_minutes: number;
  /** Allowed minutes per product (the standard time times the coefficient ranges). */
  min_per_product: number;
  max_per_product: number;
  /** The official's open task the item belongs to, if suggested for one: the entry counts toward it. */
  task_id: string;
}

export const fromSuggestion = (s: SuggestedItem): Pickable => ({
  work_item_id: s.work_item_id,
  code: s.code,
  name: s.name,
  product_unit: s.product_unit,
  standard_minutes: s.standard_minutes,
  min_per_product: s.min_minutes_per_product || s.standard_minutes,
  max_per_product: s.max_minutes_per_product || s.standard_minutes,
  task_id: s.task_id,
});

export function fromCatalog(
  w: Pick<CatalogItem, 'id' | 'code' | 'name' | 'product_unit' | 'standard_minutes' | 'difficulty' | 'urgency'>,
): Pickable {
  const range = perProductRange(w);
  return {
    work_item_id: w.id,
    code: w.code,
    name: w.name,
    product_unit: w.product_unit,
    standard_minutes: w.standard_minutes,
    min_per_product: range.min,
    max_per_product: range.max,
    task_id: '',
  };
}

/** A quantity as the API carries it: a decimal with at most two places, a point before them ("1.5"). */
export const quantityDecimal = (q: number) => String(Math.round(q * 100) / 100);
