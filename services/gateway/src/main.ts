import path from 'node:path';
import { assetPath } from '@thuocdo/kit';
import { service } from '@thuocdo/registry';
import { runService, startService } from '@thuocdo/service';
import express from 'express';
import { readConfig } from './config';
import { countRequests } from './http-metrics';
import { apiRoutes, bodyErrors } from './routes/api';
import { securityHeadersMiddleware } from './security-headers';
import { Sessions } from './session';
import { createUpstreams } from './upstream';

const entry = service('gateway');
const config = readConfig();

runService(entry.name, () =>
  startService({
    config,
    resources: {},
    build: ({ log, health, verifyToken }) => {
      const upstreams = createUpstreams(config as unknown as Record<string, string>);
      const sessions = new Sessions(config, log);
      const app = express();
      app.disable('x-powered-by');
      app.set('trust proxy', 'loopback');
      app.use(countRequests, securityHeadersMiddleware(config.PUBLIC_URL));
      // Readiness: every service behind the gateway answers. Liveness: the process answers.
      app.get('/healthz', (_req, res) => {
        if (health.serving) res.json({ status: 'SERVING' });
        else res.status(503).json({ status: 'NOT_SERVING', failures: health.failures });
      });
      app.get('/livez', (_req, res) => res.json({ status: 'ok' }));
      app.use(sessions.routes());
      app.use(
        '/api',
        express.json({ limit: config.MAX_BODY_BYTES, strict: true }),
        bodyErrors,
        apiRoutes({
          clientFor: (s) => upstreams.clientFor(s),
          clientsFor: (s) => upstreams.clientsFor(s),
          sessions,
          verifyToken,
          timeoutMs: config.UPSTREAM_TIMEOUT_MS,
        }),
      );
      app.use(
        express.static(path.isAbsolute(config.WEB_ROOT) ? config.WEB_ROOT : assetPath(config.WEB_ROOT), {
          index: 'index.html',
          maxAge: '5m',
        }),
      );
      app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        log.error({ err }, 'request failed');
        res.status(500).json({ error: { code: 'INTERNAL', message: { vi: 'Lỗi hệ thống', en: 'Internal error' } } });
      });
      const sweeper = setInterval(() => sessions.sweep(), 60_000);
      sweeper.unref();
      return {
        http: { listener: app, port: config.HTTP_PORT, host: config.HTTP_HOST },
        checks: upstreams.checks(config.HEALTH_PROBE_TIMEOUT_MS),
        workers: [{ name: 'upstream channels', start: async () => {}, stop: async () => upstreams.close() }],
      };
    },
  }),
);
