import { loadConfig, logLevel, port } from '@thuocdo/kit';
import { z } from 'zod';

export const configSchema = z.object({
  OTEL_SERVICE_NAME: z.string().default('gateway'),
  LOG_LEVEL: logLevel(),
  HTTP_PORT: port(8080),
  HTTP_HOST: z.string().default('0.0.0.0'),
  METRICS_PORT: port(9465),
  /** Address the browser uses to reach the gateway; the OIDC redirect URI hangs off it. */
  PUBLIC_URL: z.string().url().default('http://127.0.0.1:8080'),
  ORG_ADDR: z.string().min(1).default('127.0.0.1:50051'),
  CATALOG_ADDR: z.string().min(1).default('127.0.0.1:50052'),
  WORKLOG_ADDR: z.string().min(1).default('127.0.0.1:50053'),
  ANALYTICS_ADDR: z.string().min(1).default('127.0.0.1:50054'),
  AUTH_ISSUER: z.string().url(),
  OIDC_CLIENT_ID: z.string().min(1).default('thuocdo-web'),
  OIDC_CLIENT_SECRET: z.string().min(1),
  /** Folder with the built web app. */
  WEB_ROOT: z.string().min(1).default(`${__dirname}/../../web/public`),
  /** Deadline for each gRPC call made on behalf of a request. */
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Seconds allowed for requests in flight after SIGTERM. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().positive().default(10),
  /** Largest JSON body accepted. */
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(256 * 1024),
});

export type Config = z.infer<typeof configSchema>;
export const readConfig = () => loadConfig(configSchema);
