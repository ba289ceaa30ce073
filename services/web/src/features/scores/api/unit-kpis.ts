import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type ResponseOf } from '../../../lib/api';

export type UnitKpiResult = ResponseOf<'GET /api/v1/scoring/periods/{period}/unit-kpis'>['results'][number];
export type UnitKpiIndicator = UnitKpiResult['indicators'][number];

/** A page of a period's unit KPI results, of one agency (every agency's when empty). */
export function useUnitKpiResults(period: string, agencyId: string, pageToken: string) {
  return useQuery({
    queryKey: ['unit-kpis', period, agencyId, pageToken],
    queryFn: () =>
      api('GET /api/v1/scoring/periods/{period}/unit-kpis', { period, agency_id: agencyId, page_size: 50, page_token: pageToken }),
    enabled: Boolean(period),
  });
}

/** Records actual values of a set in a period; values not sent stay as recorded. */
export function useRecordUnitKpiActuals() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (r: { kpi_set_id: string; period: string; actuals: { code: string; actual: number }[] }) =>
      api('POST /api/v1/scoring/unit-kpis/{kpi_set_id}/results/{period}:record', r),
    // The unit's leaders' scores take the result: both are read again.
    onSettled: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: ['unit-kpis'] }), queryClient.invalidateQueries({ queryKey: ['scores'] })]),
  });
}
