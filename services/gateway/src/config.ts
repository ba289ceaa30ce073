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
    ...authConfigShape,
    ...httpServiceDefaults('gateway'),
    ...upstreamShape,
    HTTP_HOST: z.string().min(1).default('0.0.0.0'),
    /** Address the browser uses to reach the gateway; the OIDC redirect URI hangs off it. */
    PUBLIC_URL: z.url().default('http://127.0.0.1:8080'),
    OIDC_CLIENT_ID: z.string().min(1).default('thuocdo-web'),
    OIDC_CLIENT_SECRET: z.string().min(1),
    /** Folder with the built web app. */
    WEB_ROOT: z.string().min(1).default('services/web/public'),
    /** Deadline for each gRPC call made on behalf of a request. */
    UPSTREAM_TIMEOUT_MS: int(10_000, 100, 600_000),
    /** Largest JSON body accepted. */
    MAX_BODY_BYTES: int(256 * 1024, 1024, 64 * 1024 * 1024),
    /** Logins begun and not finished are kept at most this many (the oldest is dropped). */
    MAX_PENDING_LOGINS: int(10_000, 1, 1_000_000),
  },
  [...baseConfigChecks],
);

export type Config = ReturnType<typeof readConfig>;
export const readConfig = () => loadConfig(configSchema);
