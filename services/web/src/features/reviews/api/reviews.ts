import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type RequestOf, type ResponseOf } from '../../../lib/api';

export type WorkLogEntry = ResponseOf<'GET /api/v1/work-logs/{id}'>['entry'];
export type ReviewResult = ResponseOf<'POST /api/v1/work-logs:review'>['results'][number];
export type ReviewDecision = RequestOf<'POST /api/v1/work-logs:review'>['decision'];

const INBOX = 'review-inbox';

/** A page of entries waiting for review in a unit (with its subtree), or everywhere the manager reaches. */
export function useReviewInbox(filter: { unitId: string; from: string; to: string }, pageToken: string) {
  return useQuery({
    queryKey: [INBOX, filter, pageToken],
    queryFn: () =>
      api('GET /api/v1/work-logs', {
        unit_id: filter.unitId,
        from_date: filter.from,
        to_date: filter.to,
        statuses: ['WORK_LOG_STATUS_LOGGED', 'WORK_LOG_STATUS_AWAITING_LATE_APPROVAL'],
        page_size: 100,
        page_token: pageToken,
      }),
    placeholderData: keepPreviousData,
  });
}

/** Approves or returns many entries at once; the server answers per entry. The inbox is read again after. */
export function useReview() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: RequestOf<'POST /api/v1/work-logs:review'>) => api('POST /api/v1/work-logs:review', request),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [INBOX] }),
  });
}
