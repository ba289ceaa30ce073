import type { ChannelCredentials } from '@grpc/grpc-js';
import { insecure } from '@thuocdo/kit';
import { analyticsV1, catalogV1, orgV1, worklogV1 } from '@thuocdo/proto';
import type { Config } from './config';

/** gRPC clients of the services behind the gateway; channels are long-lived and shared. */
export function createUpstreams(config: Config, creds: ChannelCredentials = insecure()) {
  const options = { 'grpc.keepalive_time_ms': 30_000 };
  return {
    org: new orgV1.OrgServiceClient(config.ORG_ADDR, creds, options),
    catalog: new catalogV1.CatalogServiceClient(config.CATALOG_ADDR, creds, options),
    worklog: new worklogV1.WorklogServiceClient(config.WORKLOG_ADDR, creds, options),
    analytics: new analyticsV1.AnalyticsServiceClient(config.ANALYTICS_ADDR, creds, options),
  };
}

export type Upstreams = ReturnType<typeof createUpstreams>;

export function closeUpstreams(u: Upstreams): void {
  for (const c of Object.values(u)) c.close();
}
