import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type ResponseOf } from '../../../lib/api';

export type MissedDeclaration = ResponseOf<'GET /api/v1/missed-declarations'>['officials'][number];

/** The longest range the server answers for (from_date to to_date). */
export const MAX_RANGE_DAYS = 92;

/** A page of the officials of a unit (or the caller's own unit) with working days they logged nothing on. */
export function useMissedDeclarations(filter: { unitId: string; from: string; to: string }, pageToken: string) {
  return useQuery({
    queryKey: ['missed-declarations', filter, pageToken],
    queryFn: () =>
      api('GET /api/v1/missed-declarations', {
        unit_id: filter.unitId,
        from_date: filter.from,
        to_date: filter.to,
        page_size: 50,
        page_token: pageToken,
      }),
    placeholderData: keepPreviousData,
  });
}
