/**
 * A ClickHouse server that does not answer: health reports it (refused or silent), and the
 * service start-up waits for it, retrying, before it gives up naming it. (A ClickHouse server
 * that goes away under a running analytics service needs a server to stop: run the store tests
 * with CLICKHOUSE_URL for the transport itself.)
 */
import { spawnSync } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { createLogger } from '@thuocdo/kit';
import { HealthWatch } from '@thuocdo/service';
import { freePort, REPO_ROOT } from '@thuocdo/testing';
import { clickhouse, ServerClickHouse } from '../src/store/clickhouse';

const config = (url: string) => ({ CLICKHOUSE_URL: url, CHDB_PATH: '/nonexistent', CLICKHOUSE_REQUEST_TIMEOUT_MS: 1000 });

describe('ClickHouse that does not answer', () => {
  let silent: Server;
  let silentPort: number;
  const held: Socket[] = [];

  beforeAll(async () => {
    // Accepts connections and never says a word, like a server behind a network that drops packets.
    silent = createServer((s) => void held.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const s of held) s.destroy();
    await new Promise((r) => silent.close(r));
  });

  it.each([
    ['refuses connections', async () => `http://127.0.0.1:${await freePort()}/thuocdo`],
    ['accepts and never answers', async () => `http://127.0.0.1:${silentPort}/thuocdo`],
  ])('turns health NOT_SERVING when it %s', async (_, url) => {
    const resource = clickhouse(config(await url()), async () => {});
    const ch = new ServerClickHouse(await url(), 1000);
    const changes: boolean[] = [];
    const watch = new HealthWatch(
      [{ name: resource.name, check: () => resource.check(ch) }],
      (ok) => changes.push(ok),
      createLogger('t', 'silent'),
      1000,
      300,
    );
    try {
      expect(await watch.probe()).toBe(false);
      expect(watch.serving).toBe(false);
      expect(watch.failures.join(' ')).toMatch(/^clickhouse: /);
      expect(changes).toEqual([false]);
    } finally {
      watch.stop();
      // The silent server still holds the probe's request: end it, then the client.
      for (const s of held.splice(0)) s.destroy();
      await ch.close();
    }
  });

  it('keeps the start-up waiting and retrying, then stops naming ClickHouse', async () => {
    const started = Date.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'services/analytics/src/main.ts')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        AUTH_ISSUER: 'http://127.0.0.1:1/realms/thuocdo',
        KAFKA_BROKERS: '127.0.0.1:1',
        CLICKHOUSE_URL: `http://127.0.0.1:${await freePort()}/thuocdo`,
        STARTUP_TIMEOUT_SECONDS: '3',
        GRPC_PORT: '0',
        METRICS_PORT: '0',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/clickhouse: not ready before STARTUP_TIMEOUT_SECONDS/);
    expect(r.stdout).toMatch(/clickhouse: not ready, retrying/);
    expect(Date.now() - started).toBeGreaterThan(2000);
  });
});
