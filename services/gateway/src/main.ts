import type { Server } from 'node:http';
import { createLogger, Shutdown } from '@thuocdo/kit';
import { counter, startMetricsServer, startTelemetry } from '@thuocdo/telemetry';
import express from 'express';
import { readConfig } from './config';
import { apiRoutes, bodyErrors } from './routes/api';
import { Sessions } from './session';
import { closeUpstreams, createUpstreams } from './upstream';

const requests = counter('http_requests_total', 'HTTP requests answered', ['method', 'status']);

async function main() {
  const config = readConfig();
  const telemetry = startTelemetry(config.OTEL_SERVICE_NAME);
  const log = createLogger(config.OTEL_SERVICE_NAME, config.LOG_LEVEL);
  const upstreams = createUpstreams(config);
  const sessions = new Sessions(config, log);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use((req, res, next) => {
    res.on('finish', () => requests.inc({ method: req.method, status: String(res.statusCode) }));
    res.setHeader('x-content-type-options', 'nosniff');
    next();
  });
  app.get('/healthz', (_req, res) => res.json({ status: 'ok' }));
  app.use(sessions.routes());
  app.use(
    '/api',
    express.json({ limit: config.MAX_BODY_BYTES, strict: true }),
    bodyErrors,
    apiRoutes(upstreams, sessions, config.UPSTREAM_TIMEOUT_MS),
  );
  app.use(express.static(config.WEB_ROOT, { index: 'index.html', maxAge: '5m' }));
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    log.error({ err }, 'request failed');
    res.status(500).json({ error: { code: 'INTERNAL', message: { vi: 'Lỗi hệ thống', en: 'Internal error' } } });
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.HTTP_PORT, config.HTTP_HOST, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const metrics = await startMetricsServer(config.METRICS_PORT);
  const sweeper = setInterval(() => sessions.sweep(), 60_000).unref();
  const port = (server.address() as { port: number }).port;
  log.info({ httpPort: port, metricsPort: (metrics.address() as { port: number }).port, url: config.PUBLIC_URL }, 'listening');

  const shutdown = new Shutdown(log);
  shutdown
    .add(
      'stop accepting and finish requests',
      () =>
        new Promise((r) => {
          clearInterval(sweeper);
          server.close(() => r(undefined));
          server.closeIdleConnections();
          setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_GRACE_SECONDS * 1000).unref();
        }),
    )
    .add('close upstream channels', () => closeUpstreams(upstreams))
    .add('close metrics endpoint', () => new Promise((r) => metrics.close(() => r(undefined))))
    .add('flush telemetry', () => telemetry.shutdown())
    .listen();
}

main().catch((err) => {
  process.stderr.write(`gateway: start failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
