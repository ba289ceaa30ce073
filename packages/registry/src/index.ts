import { port } from '@thuocdo/kit';
import { Events, type EventType } from '@thuocdo/proto';
import { z } from 'zod';

/**
 * Every service of the platform, in one place. Adding a service is one folder under services/
 * and one entry here (docs/adding-a-service.md); the platform runner (`npm run up`, the
 * end-to-end tests), the services' own defaults and topic lists, the gateway's upstreams, the
 * Helm values (`npm run gen:helm`) and the deployment tests all read this list.
 */

export type ServiceKind = 'grpc' | 'http';

export interface ServiceEntry {
  /** Folder under services/, Kubernetes name, OTEL_SERVICE_NAME (kebab-case). */
  name: string;
  kind: ServiceKind;
  description: string;
  /** The port callers use (gRPC or HTTP) and the Prometheus port, as in local development and the chart. */
  ports: { main: number; metrics: number };
  /** The store the service owns: its own PostgreSQL database, or ClickHouse. */
  store?: 'postgresql' | 'clickhouse';
  /** Fully qualified gRPC services it serves, and the proto files (under proto/) that define them. */
  grpcServices: string[];
  protoFiles: string[];
  /** Events it publishes through its outbox. */
  produces: readonly EventType<any>[];
  /** Its consumer groups and the events each one reads. */
  consumes: Readonly<Record<string, readonly EventType<any>[]>>;
  /** Services it calls: they start first. */
  dependsOn: readonly string[];
}

/**
 * The org events every gRPC service keeps its directory from (authorization: packages/directory),
 * each service in its own consumer group `<service>.directory`.
 */
const DIRECTORY = [
  Events.AgencyChanged,
  Events.UnitChanged,
  Events.OfficialChanged,
  Events.MembershipChanged,
  Events.RoleGrantChanged,
] as const;

/** Every service that changes records serves its own audit log; the gateway merges them. */
const AUDIT = 'thuocdo.audit.v1.AuditService';
const AUDIT_PROTO = 'thuocdo/audit/v1/audit.proto';

const ENTRIES = [
  {
    name: 'org',
    kind: 'grpc',
    description: 'agencies, units, job positions, officials, their posts and role grants',
    ports: { main: 50051, metrics: 9461 },
    store: 'postgresql',
    grpcServices: ['thuocdo.org.v1.OrgService', 'thuocdo.org.v1.OrgImportService', AUDIT],
    protoFiles: ['thuocdo/org/v1/org.proto', 'thuocdo/org/v1/org_import.proto', AUDIT_PROTO],
    produces: [
      Events.AgencyChanged,
      Events.UnitChanged,
      Events.JobPositionChanged,
      Events.OfficialChanged,
      Events.MembershipChanged,
      Events.RoleGrantChanged,
    ],
    consumes: { 'org.directory': DIRECTORY },
    dependsOn: [],
  },
  {
    name: 'catalog',
    kind: 'grpc',
    description: 'the work-item catalog (danh mục đầu công việc)',
    ports: { main: 50052, metrics: 9462 },
    store: 'postgresql',
    grpcServices: ['thuocdo.catalog.v1.CatalogService', 'thuocdo.catalog.v1.ObjectiveService', 'thuocdo.catalog.v1.KpiService', AUDIT],
    protoFiles: ['thuocdo/catalog/v1/catalog.proto', 'thuocdo/catalog/v1/objectives.proto', 'thuocdo/catalog/v1/kpi.proto', AUDIT_PROTO],
    produces: [
      Events.WorkItemChanged,
      Events.ConversionScaleChanged,
      Events.ObjectiveChanged,
      Events.KeyResultChanged,
      Events.KpiSetChanged,
    ],
    consumes: { 'catalog.directory': DIRECTORY },
    dependsOn: [],
  },
  {
    name: 'worklog',
    kind: 'grpc',
    description: 'tasks (giao việc), the work diary (nhật ký công việc), reviews and the working calendar',
    ports: { main: 50053, metrics: 9463 },
    store: 'postgresql',
    grpcServices: ['thuocdo.worklog.v1.WorklogService', 'thuocdo.worklog.v1.TaskService', AUDIT],
    protoFiles: ['thuocdo/worklog/v1/worklog.proto', 'thuocdo/worklog/v1/tasks.proto', AUDIT_PROTO],
    produces: [Events.WorkLogged, Events.WorkLogChanged, Events.DiaryReminderDue, Events.TaskChanged],
    consumes: { 'worklog.references': [Events.WorkItemChanged], 'worklog.directory': DIRECTORY },
    dependsOn: [],
  },
  {
    name: 'analytics',
    kind: 'grpc',
    description: 'dashboard facts and rollups in ClickHouse',
    ports: { main: 50054, metrics: 9464 },
    store: 'clickhouse',
    grpcServices: ['thuocdo.analytics.v1.AnalyticsService'],
    protoFiles: ['thuocdo/analytics/v1/analytics.proto'],
    produces: [],
    consumes: { 'analytics.facts': [Events.WorkLogged, Events.AgencyChanged], 'analytics.directory': DIRECTORY },
    dependsOn: [],
  },
  {
    name: 'scoring',
    kind: 'grpc',
    description: 'rule packs, scores with their breakdown, grades and the quota',
    ports: { main: 50055, metrics: 9466 },
    store: 'postgresql',
    grpcServices: ['thuocdo.scoring.v1.ScoringService'],
    protoFiles: ['thuocdo/scoring/v1/scoring.proto'],
    produces: [Events.EvaluationChanged, Events.PeriodResultsChanged, Events.UnitKpiResultChanged],
    consumes: {
      'scoring.facts': [Events.WorkLogged, Events.WorkLogChanged, Events.TaskChanged, Events.KpiSetChanged],
      'scoring.people': [Events.OfficialChanged, Events.JobPositionChanged, Events.MembershipChanged],
      'scoring.directory': DIRECTORY,
    },
    dependsOn: [],
  },
  {
    name: 'gateway',
    kind: 'http',
    description: 'OIDC login and browser sessions, REST/JSON over the gRPC APIs, the web app',
    ports: { main: 8080, metrics: 9465 },
    store: 'postgresql',
    grpcServices: [],
    protoFiles: [],
    produces: [],
    consumes: {},
    dependsOn: ['org', 'catalog', 'worklog', 'analytics', 'scoring'],
  },
] as const satisfies readonly ServiceEntry[];

export type ServiceName = (typeof ENTRIES)[number]['name'];

export interface RegisteredService extends ServiceEntry {
  name: ServiceName;
  dependsOn: readonly ServiceName[];
}

export const SERVICES: readonly RegisteredService[] = ENTRIES;

export function service(name: ServiceName): RegisteredService {
  return SERVICES.find((s) => s.name === name)!;
}

export const GRPC_SERVICES = SERVICES.filter((s) => s.kind === 'grpc').map((s) => s.name);

/** The consumer group a service keeps its org directory with. */
export const directoryGroup = (service: string) => `${service}.directory`;

/** The topics a consumer group reads. */
export function consumerTopics(group: string): string[] {
  for (const s of SERVICES) if (group in s.consumes) return s.consumes[group].map((t) => t.topic);
  throw new Error(`consumer group ${group} is not in the service registry`);
}

/** The service that serves a fully qualified gRPC service (the first, for one several serve). */
export function serviceServing(grpcService: string): RegisteredService | undefined {
  return SERVICES.find((s) => s.grpcServices.includes(grpcService));
}

/** Every service that serves a fully qualified gRPC service (the audit log: each service its own). */
export function servicesServing(grpcService: string): RegisteredService[] {
  return SERVICES.filter((s) => s.grpcServices.includes(grpcService));
}

/** Services in an order where each comes after those it depends on. */
export function startOrder(): RegisteredService[] {
  const out: RegisteredService[] = [];
  const visit = (s: RegisteredService, path: string[]) => {
    if (out.includes(s)) return;
    if (path.includes(s.name)) throw new Error(`dependency cycle: ${[...path, s.name].join(' → ')}`);
    for (const d of s.dependsOn) visit(service(d), [...path, s.name]);
    out.push(s);
  };
  for (const s of SERVICES) visit(s, []);
  return out;
}

/** The environment variable of the gateway that holds a service's gRPC address, for example WORKLOG_ADDR. */
export const addressVariable = (name: string) => `${name.toUpperCase().replace(/-/g, '_')}_ADDR`;

/** A gRPC service's defaults from its entry: its name, gRPC and metrics ports. */
export function grpcServiceDefaults(name: ServiceName) {
  const s = service(name);
  return { OTEL_SERVICE_NAME: z.string().min(1).default(s.name), GRPC_PORT: port(s.ports.main), METRICS_PORT: port(s.ports.metrics) };
}

/** An HTTP service's defaults from its entry: its name, HTTP and metrics ports. */
export function httpServiceDefaults(name: ServiceName) {
  const s = service(name);
  return { OTEL_SERVICE_NAME: z.string().min(1).default(s.name), HTTP_PORT: port(s.ports.main), METRICS_PORT: port(s.ports.metrics) };
}
