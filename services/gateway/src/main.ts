import path from 'node:path';
import { postgres } from '@thuocdo/db';
import { assetPath } from '@thuocdo/kit';
import { service } from '@thuocdo/registry';
import { runService, startService } from '@thuocdo/service';
import express from 'express';
import { readConfig } from './config';
import { countRequests } from './http-metrics';
import { rateLimits } from './rate-limits';
import { apiRoutes, bodyErrors } from './routes/api';
import { securityHeadersMiddleware } from './security-headers';
import { Sessions, sessionErrors } from './session';
import { createUpstreams } from './upstream';
import { webApp } from './web-app';

const entry = service('gateway');
const config = readConfig();

runService(entry.name, () =>
  startService({
    config,
    // Browser sessions live in the gateway's own database, so that any replica serves any request.
    resources: { pool: postgres(config, { scope: 'service', dir: assetPath('services/gateway/migrations') }) },
    build: ({ pool, log, health, verifyToken }) => {
      const upstreams = createUpstreams(config as unknown as Record<string, string>);
      const sessions = new Sessions(config, log, pool);
      const app = express();
      app.disable('x-powered-by');
      app.set('trust proxy', config.TRUSTED_PROXIES);
      app.use(countRequests, securityHeadersMiddleware(config.PUBLIC_URL));
      // Readiness: every service behind the gateway answers. Liveness: the process answers.
      app.get('/healthz', (_req, res) => {
        if (health.serving) res.json({ status: 'SERVING' });
        else res.status(503).json({ status: 'NOT_SERVING', failures: health.failures });
      });
      app.get('/livez', (_req, res) => res.json({ status: 'ok' }));
      app.use(['/api', '/auth'], sessions.middleware, sessionErrors, ...rateLimits(config, sessions, verifyToken));
      app.use(sessions.routes());
      // Uploads take a larger body than the rest of the API; the parser that reads a body first wins.
      app.post(['/api/v1/imports', '/api/v1/work-items:import'], express.json({ limit: config.MAX_UPLOAD_BODY_BYTES, strict: true }));
      app.use(
        '/api',
        express.json({ limit: config.MAX_BODY_BYTES, strict: true }),
        bodyErrors,
        sessions.guard(),
        apiRoutes({
          clientFor: (s) => upstreams.clientFor(s),
          clientsFor: (s) => upstreams.clientsFor(s),
          sessions,
          verifyToken,
          timeoutMs: config.UPSTREAM_TIMEOUT_MS,
        }),
      );
      app.use(webApp(path.isAbsolute(config.WEB_ROOT) ? config.WEB_ROOT : assetPath(config.WEB_ROOT)));
      app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        log.error({ err }, 'request failed');
        res.status(500).json({ error: { code: 'INTERNAL', message: { vi: 'Lỗi hệ thống', en: 'Internal error' } } });
      });
      return {
        http: { listener: app, port: config.HTTP_PORT, host: config.HTTP_HOST },
        checks: upstreams.checks(config.HEALTH_PROBE_TIMEOUT_MS),
        workers: [{ name: 'upstream channels', start: async () => {}, stop: async () => upstreams.close() }],
      };
    },
  }),
);
