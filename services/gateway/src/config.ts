import { postgresConfigShape } from '@thuocdo/db';
import { authConfigShape, baseConfigChecks, baseConfigShape, defineConfig, int, loadConfig } from '@thuocdo/kit';
import { addressVariable, httpServiceDefaults, SERVICES } from '@thuocdo/registry';
import { z } from 'zod';

/** One address per gRPC service of the registry, for example WORKLOG_ADDR=127.0.0.1:50053. */
const upstreamShape = Object.fromEntries(
  SERVICES.filter((s) => s.kind === 'grpc').map((s) => [addressVariable(s.name), z.string().min(1).default(`127.0.0.1:${s.ports.main}`)]),
) as Record<string, z.ZodDefault<z.ZodString>>;

export const configSchema = defineConfig(
  {
    ...baseConfigShape,
    ...postgresConfigShape('thuocdo_gateway'),
    ...authConfigShape,
    ...httpServiceDefaults('gateway'),
    ...upstreamShape,
    HTTP_HOST: z.string().min(1).default('0.0.0.0'),
    /** Address the browser uses to reach the gateway; the OIDC redirect URI hangs off it. */
    PUBLIC_URL: z.url().default('http://127.0.0.1:8080'),
    OIDC_CLIENT_ID: z.string().min(1).default('thuocdo-web'),
    OIDC_CLIENT_SECRET: z.string().min(1),
    /** Folder with the built web app. */
    WEB_ROOT: z.string().min(1).default('services/web/dist'),
    /** Deadline for each gRPC call made on behalf of a request. */
    UPSTREAM_TIMEOUT_MS: int(10_000, 100, 600_000),
    /** Largest JSON body accepted. */
    MAX_BODY_BYTES: int(256 * 1024, 1024, 64 * 1024 * 1024),
    /** Largest JSON body of an upload (spreadsheet imports: 10 MB of files, base64 in JSON). */
    MAX_UPLOAD_BODY_BYTES: int(16 * 1024 * 1024, 1024, 64 * 1024 * 1024),
    /** Signs the session cookie; at least 32 characters, the same on every replica. */
    SESSION_SECRET: z.string().min(32),
    /** A browser session ends after this long without a request, and this long after sign-in whatever happens. */
    SESSION_IDLE_MINUTES: int(30, 1, 24 * 60),
    SESSION_MAX_HOURS: int(10, 1, 24 * 30),
    /** A session's access token is refreshed when it expires within this long. */
    TOKEN_REFRESH_BEFORE_SECONDS: int(60, 1, 3600),
    /** Requests a client address may make on /api and /auth, per second and per minute (an office may share one address). */
    RATE_LIMIT_ADDRESS_PER_SECOND: int(100, 1, 100_000),
    RATE_LIMIT_ADDRESS_PER_MINUTE: int(3000, 1, 10_000_000),
    /** Requests one signed-in person or service account may make, per second and per minute. */
    RATE_LIMIT_SUBJECT_PER_SECOND: int(30, 1, 100_000),
    RATE_LIMIT_SUBJECT_PER_MINUTE: int(600, 1, 10_000_000),
    /**
     * Which proxies' X-Forwarded-For to believe for the client address (Express "trust proxy"):
     * loopback by default; in a cluster, the ingress controller's addresses (for example 10.0.0.0/8).
     */
    TRUSTED_PROXIES: z.string().min(1).default('loopback'),
  },
  [...baseConfigChecks],
);

export type Config = ReturnType<typeof readConfig>;
export const readConfig = () => loadConfig(configSchema);
