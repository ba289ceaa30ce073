import type { Server as HttpServer } from 'node:http';
import { startMetricsServer, startTelemetry } from '@thuocdo/telemetry';
import { createTokenVerifier, type TokenVerifier } from './auth';
import type { BaseConfig } from './config';
import { GrpcServer, type ServiceBinding } from './grpc-server';
import { type DependencyCheck, HealthWatch } from './health';
import { createLogger, type Logger } from './logging';
import { Shutdown } from './shutdown';

export interface ServiceRuntime {
  log: Logger;
  shutdown: Shutdown;
  verifyToken: TokenVerifier;
  flushTelemetry: () => Promise<void>;
}

/** The first thing a service's main does: telemetry, logger, token verifier, shutdown sequence. */
export function createRuntime(config: BaseConfig): ServiceRuntime {
  const telemetry = startTelemetry(config.OTEL_SERVICE_NAME);
  const log = createLogger(config.OTEL_SERVICE_NAME, config.LOG_LEVEL);
  const shutdown = new Shutdown(log);
  const verifyToken = createTokenVerifier({
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    jwksUrl: config.AUTH_JWKS_URL,
  });
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
  return { log, shutdown, verifyToken, flushTelemetry: () => telemetry.shutdown() };
}

export interface ServeOptions {
  services: ServiceBinding[];
  protoFiles: string[];
  checks: DependencyCheck[];
  /** Steps after the gRPC server has drained, in order: stop consumers, flush relay, close pools. */
  afterDrain: { name: string; run: () => Promise<unknown> | unknown }[];
}

export interface RunningService {
  grpcPort: number;
  metricsPort: number;
  server: GrpcServer;
}

/**
 * Starts the gRPC server, the metrics endpoint and the dependency health watch, and wires
 * SIGTERM/SIGINT to the documented shutdown order. Prints one "listening" log line with ports.
 */
export async function serve(config: BaseConfig, rt: ServiceRuntime, opts: ServeOptions): Promise<RunningService> {
  const server = new GrpcServer({
    services: opts.services,
    verifyToken: rt.verifyToken,
    logger: rt.log,
    protoFiles: opts.protoFiles,
  });
  const watch = new HealthWatch(opts.checks, (ok) => server.setServing(ok), rt.log);
  const grpcPort = await server.listen(config.GRPC_HOST, config.GRPC_PORT);
  const metrics: HttpServer = await startMetricsServer(config.METRICS_PORT);
  const metricsPort = (metrics.address() as { port: number }).port;
  watch.start();

  rt.shutdown.add('stop health watch', () => watch.stop());
  rt.shutdown.add('drain gRPC calls', () => server.shutdown(config.SHUTDOWN_GRACE_SECONDS * 1000));
  for (const step of opts.afterDrain) rt.shutdown.add(step.name, step.run);
  rt.shutdown.add('close metrics endpoint', () => new Promise((r) => metrics.close(() => r(undefined))));
  rt.shutdown.add('flush telemetry', rt.flushTelemetry);
  rt.shutdown.listen();

  rt.log.info({ grpcPort, metricsPort }, 'listening');
  return { grpcPort, metricsPort, server };
}
