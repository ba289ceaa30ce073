import { useQueries } from '@tanstack/react-query';
import { api, type ResponseOf } from './api';

export type WorkItemRecord = ResponseOf<'GET /api/v1/work-items/{id}'>['work_item'];
export type OfficialRecord = ResponseOf<'GET /api/v1/officials/{id}'>['official'];

/** Each id once, blanks left out. */
const distinct = (ids: readonly string[]) => [...new Set(ids.filter(Boolean))].sort();

/**
 * The work items a list refers to by id (diary entries, tasks carry only the id), each read once
 * and kept ten minutes: an item's name, unit and standard time rarely change.
 */
export function useWorkItemLookup(ids: readonly string[]): (id: string) => WorkItemRecord | undefined {
  const wanted = distinct(ids);
  const answers = useQueries({
    queries: wanted.map((id) => ({
      queryKey: ['work-item-lookup', id],
      queryFn: () => api('GET /api/v1/work-items/{id}', { id }),
      staleTime: 10 * 60_000,
    })),
  });
  const found = new Map(wanted.map((id, i) => [id, answers[i]?.data?.work_item]));
  return (id) => found.get(id);
}

/** The officials a list refers to by id (entries under review, missed declarations), each read once. */
export function useOfficialLookup(ids: readonly string[]): (id: string) => OfficialRecord | undefined {
  const wanted = distinct(ids);
  const answers = useQueries({
    queries: wanted.map((id) => ({
      queryKey: ['official-lookup', id],
      queryFn: () => api('GET /api/v1/officials/{id}', { id }),
      staleTime: 10 * 60_000,
    })),
  });
  const found = new Map(wanted.map((id, i) => [id, answers[i]?.data?.official]));
  return (id) => found.get(id);
}

/** Minutes a quantity of an item may take: its standard time, and the range its difficulty and urgency coefficients allow. */
export function minutesRange(
  item: { standard_minutes: number; min_per_product: number; max_per_product: number },
  quantity: number,
): { standard: number; min: number; max: number } {
  const q = Number.isFinite(quantity) && quantity > 0 ? quantity : 1;
  return {
    standard: Math.max(1, Math.round(item.standard_minutes * q)),
    min: Math.max(1, Math.floor(item.min_per_product * q)),
    max: Math.max(1, Math.ceil(item.max_per_product * q)),
  };
}

/** A catalog item's allowed minutes per product: the standard time times its coefficient ranges (1.00 where unset). */
export function perProductRange(w: Pick<WorkItemRecord, 'standard_minutes' | 'difficulty' | 'urgency'>): { min: number; max: number } {
  const coef = (r: { min_hundredths: number; max_hundredths: number } | null | undefined, end: 'min_hundredths' | 'max_hundredths') =>
    (r?.[end] || 100) / 100;
  return {
    min: w.standard_minutes * coef(w.difficulty, 'min_hundredths') * coef(w.urgency, 'min_hundredths'),
    max: w.standard_minutes * coef(w.difficulty, 'max_hundredths') * coef(w.urgency, 'max_hundredths'),
  };
}
