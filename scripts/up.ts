/**
 * Brings the whole platform up on this machine on its embedded defaults: the machine's
 * PostgreSQL, the local Kafka broker, embedded ClickHouse (chDB), the local identity provider;
 * seeds the demo province and prints the web address. Ctrl-C stops everything.
 *
 *   npm run up             keep data from the last run
 *   npm run up -- --fresh  drop the local databases and ClickHouse data first
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { Platform, REPO_ROOT } from '@thuocdo/testing';
import pg from 'pg';
import { DEMO_CLIENTS, DEMO_USERS } from './dev/demo-province';
import { seedDemo } from './dev/seed';

const RUN_DIR = path.join(REPO_ROOT, '.run');
const PREFIX = process.env.THUOCDO_DB_PREFIX ?? 'thuocdo';
const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function dropLocalData(): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  for (const s of ['org', 'catalog', 'worklog']) await c.query(`DROP DATABASE IF EXISTS ${PREFIX}_${s} WITH (FORCE)`);
  await c.end();
  rmSync(path.join(RUN_DIR, 'chdb'), { recursive: true, force: true });
}

async function main() {
  const t0 = Date.now();
  if (process.argv.includes('--fresh')) await dropLocalData();
  const say = (m: string) => process.stdout.write(`[up] ${m}\n`);
  say('starting the local Kafka broker, identity provider and services (logs in .run/logs/)');
  const platform = await Platform.start({
    databasePrefix: PREFIX,
    adminDatabaseUrl: ADMIN_URL,
    chdbPath: path.join(RUN_DIR, 'chdb/analytics'),
    users: DEMO_USERS,
    clients: DEMO_CLIENTS,
    logDir: path.join(RUN_DIR, 'logs'),
    ports: {
      gateway: num('GATEWAY_PORT', 8080),
      idp: num('IDP_PORT', 8090),
      org: num('ORG_PORT', 50051),
      catalog: num('CATALOG_PORT', 50052),
      worklog: num('WORKLOG_PORT', 50053),
      analytics: num('ANALYTICS_PORT', 50054),
    },
  });
  let stopping: Promise<void> | undefined;
  const stop = (code: number) => {
    stopping ??= (async () => {
      say('stopping…');
      await platform.stop();
      say('stopped');
      process.exit(code);
    })();
    return stopping;
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));

  const seedAccount = DEMO_CLIENTS.find((c) => c.serviceAccount)!.serviceAccount!;
  const token = await platform.idp.mint(seedAccount);
  await seedDemo({ org: platform.address('org'), catalog: platform.address('catalog'), worklog: platform.address('worklog') }, token, say);
  say(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  say(`web:      ${platform.gatewayUrl}  (sign in as "Lãnh đạo tỉnh (demo)" to see the dashboard)`);
  say(`issuer:   ${platform.idp.issuer}`);
  say(
    `gRPC:     org ${platform.address('org')}, catalog ${platform.address('catalog')}, worklog ${platform.address('worklog')}, analytics ${platform.address('analytics')}`,
  );
  say(`kafka:    ${platform.broker.brokers}`);
  say('press Ctrl-C to stop');
}

main().catch((err) => {
  process.stderr.write(`[up] failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
