import { createServer, type Server as HttpServer, type RequestListener } from 'node:http';
import {
  type AuthConfig,
  type BaseConfig,
  createLogger,
  createTokenVerifier,
  type DirectoryView,
  type GrpcConfig,
  type Logger,
  messageOf,
  type Resource,
  StartupFailure,
  type TokenVerifier,
  type Worker,
} from '@thuocdo/kit';
import { startMetricsServer, startTelemetry } from '@thuocdo/telemetry';
import { GrpcServer, type ServiceBinding } from './grpc-server';
import { type DependencyCheck, type HealthState, HealthWatch } from './health';
import { Shutdown } from './shutdown';

/** What a service serves: gRPC services (with their proto files, for reflection) or an HTTP listener. */
export type Serving =
  | { grpc: { services: ServiceBinding[]; protoFiles: string[]; directory: DirectoryView } }
  | {
      http: {
        listener: RequestListener;
        /** Port and host of the listener. */
        port: number;
        host: string;
      };
    };

export type ServiceParts = Serving & {
  /** Run beside the handlers, started in order and stopped in reverse (relay first, consumers after). */
  workers?: Worker[];
  /** Health checks beyond the resources' own (the gateway's upstreams). */
  checks?: DependencyCheck[];
};

type Opened<R> = { [K in keyof R]: R[K] extends Resource<infer T> ? T : never };

export interface Runtime {
  log: Logger;
  config: BaseConfig;
  /** The service's health as its probes see it (the gateway's /healthz reads it). */
  health: HealthState;
  verifyToken: TokenVerifier;
}

export interface StartOptions<R extends Record<string, Resource<any>>> {
  config: BaseConfig & AuthConfig & Partial<GrpcConfig>;
  /** Opened in the order given, each retried until STARTUP_TIMEOUT_SECONDS; closed in reverse. */
  resources: R;
  build(deps: Opened<R> & Runtime): ServiceParts | Promise<ServiceParts>;
}

export interface RunningService {
  /** The bound gRPC or HTTP port (useful with port 0). */
  port: number;
  metricsPort: number;
  log: Logger;
  shutdown: Shutdown;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries a start-up step while its dependency is still coming up, until the deadline. */
async function untilReady<T>(what: string, log: Logger, deadline: number, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof StartupFailure) throw err;
      const wait = Math.min(250 * 2 ** attempt, 5000);
      if (Date.now() + wait > deadline) throw new Error(`${what}: not ready before STARTUP_TIMEOUT_SECONDS: ${messageOf(err)}`);
      log.warn({ err: messageOf(err), attempt }, `${what}: not ready, retrying`);
      await sleep(wait);
    }
  }
}

/**
 * The one start-up of every kind of service: telemetry and logger; resources opened with
 * retries while dependencies come up (PostgreSQL with its migrations, Kafka, ClickHouse);
 * workers started; gRPC or HTTP served with health (NOT_SERVING until every check passes) and
 * metrics. On SIGTERM, the reverse, within SHUTDOWN_TIMEOUT_SECONDS: NOT_SERVING, drain the
 * calls in flight, stop the workers (consumers, then the outbox relay's final flush), close the
 * resources, flush telemetry; exit 0 only when every step succeeded.
 */
export async function startService<R extends Record<string, Resource<any>>>(opts: StartOptions<R>): Promise<RunningService> {
  const { config } = opts;
  const telemetry = startTelemetry(config.OTEL_SERVICE_NAME);
  const log = createLogger(config.OTEL_SERVICE_NAME, config.LOG_LEVEL);
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
  const shutdown = new Shutdown(log, config.SHUTDOWN_TIMEOUT_SECONDS * 1000);
  const verifyToken = createTokenVerifier({
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    jwksUrl: config.AUTH_JWKS_URL,
    cacheSize: config.AUTH_TOKEN_CACHE_SIZE,
    jwksCacheSeconds: config.AUTH_JWKS_CACHE_SECONDS,
    jwksTimeoutMs: config.AUTH_JWKS_TIMEOUT_MS,
    clockToleranceSeconds: config.AUTH_CLOCK_TOLERANCE_SECONDS,
  });
  const deadline = Date.now() + config.STARTUP_TIMEOUT_SECONDS * 1000;

  const opened: { resource: Resource<unknown>; value: unknown }[] = [];
  const closeOpened = async () => {
    for (const { resource, value } of [...opened].reverse()) await resource.close(value).catch(() => {});
  };
  const values: Record<string, unknown> = {};
  let health: HealthWatch | undefined;
  const state: HealthState = {
    get serving() {
      return health?.serving ?? false;
    },
    get failures() {
      return health?.failures ?? ['starting'];
    },
  };
  let parts: ServiceParts;
  const started: Worker[] = [];
  try {
    for (const [key, resource] of Object.entries(opts.resources)) {
      const value = await untilReady(resource.name, log, deadline, () => resource.open(log));
      opened.push({ resource, value });
      values[key] = value;
    }
    parts = await opts.build({ ...(values as Opened<R>), log, config, health: state, verifyToken });
    for (const w of parts.workers ?? []) {
      await untilReady(w.name, log, deadline, () => w.start());
      started.push(w);
    }
  } catch (err) {
    for (const w of [...started].reverse()) await w.stop().catch(() => {});
    await closeOpened();
    await telemetry.shutdown().catch(() => {});
    throw err;
  }

  const checks: DependencyCheck[] = [
    ...opened.map(({ resource, value }) => ({ name: resource.name, check: () => resource.check(value) })),
    ...(parts.checks ?? []),
  ];
  let port: number;
  let setServing: (ok: boolean) => void = () => {};
  const drain: (() => Promise<void>)[] = [];
  if ('grpc' in parts) {
    const server = new GrpcServer({
      services: parts.grpc.services,
      protoFiles: parts.grpc.protoFiles,
      verifyToken,
      directory: parts.grpc.directory,
      logger: log,
      maxRequestBytes: config.GRPC_MAX_REQUEST_BYTES ?? 4 * 1024 * 1024,
    });
    port = await server.listen(config.GRPC_HOST ?? '0.0.0.0', config.GRPC_PORT ?? 0);
    setServing = (ok) => server.setServing(ok);
    drain.push(() => server.shutdown(config.SHUTDOWN_GRACE_SECONDS * 1000));
  } else {
    const http: HttpServer = createServer(parts.http.listener);
    await new Promise<void>((resolve, reject) => http.once('error', reject).listen(parts.http.port, parts.http.host, resolve));
    port = (http.address() as { port: number }).port;
    drain.push(
      () =>
        new Promise<void>((resolve) => {
          const force = setTimeout(() => http.closeAllConnections(), config.SHUTDOWN_GRACE_SECONDS * 1000);
          http.close(() => {
            clearTimeout(force);
            resolve();
          });
          http.closeIdleConnections();
        }),
    );
  }
  health = new HealthWatch(checks, setServing, log, config.HEALTH_PROBE_INTERVAL_MS, config.HEALTH_PROBE_TIMEOUT_MS);
  const metrics = await startMetricsServer(config.METRICS_PORT);
  const metricsPort = (metrics.address() as { port: number }).port;
  health.start();

  shutdown.add('report NOT_SERVING', () => health!.stop());
  for (const d of drain) shutdown.add('drain calls in flight', d);
  for (const w of [...started].reverse()) shutdown.add(`stop ${w.name}`, () => w.stop());
  for (const { resource, value } of [...opened].reverse()) shutdown.add(`close ${resource.name}`, () => resource.close(value));
  shutdown.add('close metrics endpoint', () => new Promise((r) => metrics.close(() => r(undefined))));
  shutdown.add('flush telemetry', () => telemetry.shutdown());
  shutdown.listen();
  log.info({ port, metricsPort }, 'listening');
  return { port, metricsPort, log, shutdown };
}

/** The last lines of every main.ts: start, or print why not and exit 1. */
export function runService(name: string, start: () => Promise<unknown>): void {
  start().catch((err) => {
    process.stderr.write(`${name}: start failed: ${err?.stack ?? err}\n`);
    process.exit(1);
  });
}
