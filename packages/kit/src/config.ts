import { z } from 'zod';

/**
 * Parses the process environment with a zod schema. A missing or bad variable stops the
 * process with one line naming it, before anything else starts.
 */
export function loadConfig<S extends z.ZodObject<z.ZodRawShape>>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = String(issue?.path[0] ?? 'environment');
  process.stderr.write(`config error: ${name}: ${issue?.message ?? 'invalid'}\n`);
  process.exit(78); // EX_CONFIG
}

/** Same rules as loadConfig, but throws instead of exiting (tests, libraries). */
export function parseConfig<S extends z.ZodObject<z.ZodRawShape>>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`${String(issue?.path[0] ?? 'environment')}: ${issue?.message ?? 'invalid'}`);
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
export const url = () => z.string().url();
export const logLevel = () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** Variables every service reads. */
export const baseConfigShape = {
  OTEL_SERVICE_NAME: z.string().min(1),
  LOG_LEVEL: logLevel(),
  GRPC_PORT: port(50051),
  GRPC_HOST: z.string().default('0.0.0.0'),
  METRICS_PORT: port(9464),
  /** Issuer of accepted tokens (Keycloak realm URL or the local identity provider). */
  AUTH_ISSUER: z.string().url(),
  /** JWKS URL; defaults to the Keycloak location under the issuer. */
  AUTH_JWKS_URL: z.string().url().optional(),
  AUTH_AUDIENCE: z.string().min(1).default('thuocdo'),
  /** Seconds allowed for in-flight calls to finish after SIGTERM. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().positive().default(10),
};

export const baseConfigSchema = z.object(baseConfigShape);
export type BaseConfig = z.infer<typeof baseConfigSchema>;
