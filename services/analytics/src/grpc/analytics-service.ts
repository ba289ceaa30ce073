import { analyticsV1 } from '@thuocdo/proto';
import { bindService, rpc } from '@thuocdo/service';
import { planDailyWork } from '../domain/dashboard';
import type { AnalyticsStore } from '../store/analytics-store';

/** AnalyticsService: dashboard queries, scoped by the caller's roles, answered from ClickHouse rollups. */
export function analyticsService(store: AnalyticsStore) {
  return bindService('thuocdo.analytics.v1.AnalyticsService', analyticsV1.AnalyticsServiceService, {
    getAgencyDailyWork: rpc('analytics.read', async (req, { actor }) => {
      const { items, nextPageToken } = await store.agencyDailyWork(actor.principal.tenantId, planDailyWork(req, actor));
      return { rows: items, nextPageToken };
    }),
  });
}
