import { z } from 'zod';

/**
 * Configuration: each service reads its environment once at start through a zod schema built
 * from the shapes below. A missing or bad variable, or two that contradict each other, stop
 * the process with one line naming the variable, before anything else starts.
 */

type Schema = z.ZodType<Record<string, unknown>>;

function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${String(issue?.path[0] ?? 'environment')}: ${issue?.message ?? 'invalid'}`;
}

export function loadConfig<S extends Schema>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  process.stderr.write(`config error: ${firstProblem(parsed.error)}\n`);
  process.exit(78); // EX_CONFIG
}

/** Same rules as loadConfig, but throws instead of exiting (tests, libraries). */
export function parseConfig<S extends Schema>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new Error(firstProblem(parsed.error));
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
/** A whole number within [min, max]. */
export const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);
export const logLevel = () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** A rule between two or more variables; `variable` is the one named when it fails. */
export interface ConfigCheck<C> {
  variable: keyof C & string;
  ok: (c: C) => boolean;
  message: string;
}

/** A schema from shapes plus the checks across their variables. */
export function defineConfig<Shape extends z.ZodRawShape>(shape: Shape, checks: ConfigCheck<z.infer<z.ZodObject<Shape>>>[] = []) {
  return z.object(shape).superRefine((c, ctx) => {
    for (const check of checks)
      if (!check.ok(c as z.infer<z.ZodObject<Shape>>)) ctx.addIssue({ code: 'custom', path: [check.variable], message: check.message });
  });
}

/** Variables every service reads (process, telemetry, start-up, shutdown, health). */
export const baseConfigShape = {
  OTEL_SERVICE_NAME: z.string().min(1),
  LOG_LEVEL: logLevel(),
  METRICS_PORT: port(9464),
  /** Seconds allowed for in-flight calls to finish after SIGTERM. */
  SHUTDOWN_GRACE_SECONDS: int(10, 1, 600),
  /** The whole shutdown (drain, consumers, outbox flush, pools); past it the process exits with 1. */
  SHUTDOWN_TIMEOUT_SECONDS: int(25, 2, 900),
  /** How long start-up waits for a dependency (database, broker, ClickHouse) that is still coming up. */
  STARTUP_TIMEOUT_SECONDS: int(60, 1, 3600),
  /** How often dependencies are probed for the health status, and how long one probe may take. */
  HEALTH_PROBE_INTERVAL_MS: int(2000, 100, 600_000),
  HEALTH_PROBE_TIMEOUT_MS: int(1500, 50, 600_000),
};

/** Token verification (gRPC services verify every call; the gateway signs users in). */
export const authConfigShape = {
  /** Issuer of accepted tokens (Keycloak realm URL or the local identity provider). */
  AUTH_ISSUER: z.url(),
  /** JWKS URL; defaults to the Keycloak location under the issuer. */
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_AUDIENCE: z.string().min(1).default('thuocdo'),
  /** Verified tokens remembered until they expire. */
  AUTH_TOKEN_CACHE_SIZE: int(10_000, 1, 10_000_000),
  AUTH_JWKS_CACHE_SECONDS: int(600, 1, 86_400),
  AUTH_JWKS_TIMEOUT_MS: int(3000, 100, 60_000),
  AUTH_CLOCK_TOLERANCE_SECONDS: int(5, 0, 300),
};

export const grpcConfigShape = {
  GRPC_PORT: port(50051),
  GRPC_HOST: z.string().min(1).default('0.0.0.0'),
  /** Largest request accepted; a larger one is refused before it is parsed. */
  GRPC_MAX_REQUEST_BYTES: int(4 * 1024 * 1024, 1024, 64 * 1024 * 1024),
};

type BaseConfigShape = typeof baseConfigShape;
export type BaseConfig = z.infer<z.ZodObject<BaseConfigShape>>;
export type AuthConfig = z.infer<z.ZodObject<typeof authConfigShape>>;
export type GrpcConfig = z.infer<z.ZodObject<typeof grpcConfigShape>>;

/** Checks every service's schema includes. */
export const baseConfigChecks: ConfigCheck<BaseConfig>[] = [
  {
    variable: 'SHUTDOWN_TIMEOUT_SECONDS',
    ok: (c) => c.SHUTDOWN_TIMEOUT_SECONDS > c.SHUTDOWN_GRACE_SECONDS,
    message: 'must be greater than SHUTDOWN_GRACE_SECONDS (draining calls is one step of the shutdown)',
  },
  {
    variable: 'HEALTH_PROBE_TIMEOUT_MS',
    ok: (c) => c.HEALTH_PROBE_TIMEOUT_MS < c.HEALTH_PROBE_INTERVAL_MS,
    message: 'must be less than HEALTH_PROBE_INTERVAL_MS',
  },
];
