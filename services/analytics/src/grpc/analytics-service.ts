import { bindService } from '@thuocdo/kit';
import { analyticsV1 } from '@thuocdo/proto';
import { parseDailyWorkQuery, scopeQuery } from '../domain/dashboard';
import type { AnalyticsStore } from '../store/analytics-store';

export function analyticsService(store: AnalyticsStore) {
  return bindService('thuocdo.analytics.v1.AnalyticsService', analyticsV1.AnalyticsServiceService, {
    async getAgencyDailyWork(req, { principal }) {
      const q = scopeQuery(principal, parseDailyWorkQuery(req));
      return { rows: await store.agencyDailyWork(principal.tenantId, q) };
    },
  });
}
