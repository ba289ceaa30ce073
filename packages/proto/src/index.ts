// Generated message and service types, grouped by proto package.

export * from './events';
export * as googleRpc from './gen/google/rpc/error_details';
export { Status as GoogleRpcStatus } from './gen/google/rpc/status';
export * as analyticsV1 from './gen/thuocdo/analytics/v1/analytics';
export * as auditV1 from './gen/thuocdo/audit/v1/audit';
export * as catalogV1 from './gen/thuocdo/catalog/v1/catalog';
export * as kpiV1 from './gen/thuocdo/catalog/v1/kpi';
export * as objectivesV1 from './gen/thuocdo/catalog/v1/objectives';
export * as commonV1 from './gen/thuocdo/common/v1/error';
export * as eventsV1 from './gen/thuocdo/events/v1/envelope';
export * as orgV1 from './gen/thuocdo/org/v1/org';
export * as orgImportV1 from './gen/thuocdo/org/v1/org_import';
export * as scoringV1 from './gen/thuocdo/scoring/v1/scoring';
export * as tasksV1 from './gen/thuocdo/worklog/v1/tasks';
export * as worklogV1 from './gen/thuocdo/worklog/v1/worklog';
export * as httpApi from './http';
