/**
 * Brings the whole platform up on this machine on its embedded defaults: the machine's
 * PostgreSQL, the local Kafka broker, embedded ClickHouse (chDB), the local identity provider;
 * builds the web app when it is missing or stale; seeds the demo province and prints the web address. A service that exits on its own is
 * reported and started again; Ctrl-C stops everything.
 *
 *   npm run up                     keep data from the last run
 *   npm run up -- --fresh          drop the local databases and ClickHouse data first
 *   npm run up -- --built          run the production build (npm run build) instead of the sources
 *   npm run up -- --size province  seed the province-scale demo (51 agencies, 7,000 officials)
 *                                  instead of the small one (--size small, the default)
 *
 * THUOCDO_DB_PREFIX (databases <prefix>_<service>), THUOCDO_RUN_DIR (logs and chDB data, default
 * .run/) and <NAME>_PORT / IDP_PORT let a second copy run beside the first.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { SERVICES, type ServiceName } from '@thuocdo/registry';
import { Platform, REPO_ROOT } from '@thuocdo/testing';
import pg from 'pg';
import { DEMO_CLIENTS, DEMO_USERS } from './dev/demo-province';
import { republishOrganisation, seedDemo } from './dev/seed';
import { seedProvince } from './dev/seed-province';
import { ensureWebApp } from './lib/web-app';

const RUN_DIR = process.env.THUOCDO_RUN_DIR ?? path.join(REPO_ROOT, '.run');
const PREFIX = process.env.THUOCDO_DB_PREFIX ?? 'thuocdo';
const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const say = (m: string) => process.stdout.write(`[up] ${m}\n`);

/** Fixed local ports: the registry's, each overridable as <NAME>_PORT (GATEWAY_PORT=8081). */
function ports(): Partial<Record<ServiceName | 'idp', number>> {
  const out: Partial<Record<ServiceName | 'idp', number>> = { idp: Number(process.env.IDP_PORT ?? 8090) };
  for (const s of SERVICES) out[s.name] = Number(process.env[`${s.name.toUpperCase()}_PORT`] ?? s.ports.main);
  return out;
}

async function dropLocalData(): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  for (const s of SERVICES.filter((x) => x.store === 'postgresql'))
    await c.query(`DROP DATABASE IF EXISTS ${PREFIX}_${s.name} WITH (FORCE)`);
  await c.end();
  rmSync(path.join(RUN_DIR, 'chdb'), { recursive: true, force: true });
}

/** `--size small` (the default) or `--size province` (also `--size=province`). */
function demoSize(argv: string[]): 'small' | 'province' {
  const i = argv.findIndex((a) => a === '--size' || a.startsWith('--size='));
  if (i < 0) return 'small';
  const value = argv[i].startsWith('--size=') ? argv[i].slice('--size='.length) : argv[i + 1];
  if (value !== 'small' && value !== 'province') throw new Error(`--size is small or province, not ${value ?? 'missing'}`);
  return value;
}

async function main() {
  const t0 = Date.now();
  const size = demoSize(process.argv.slice(2));
  if (process.argv.includes('--fresh')) await dropLocalData();
  // The gateway serves services/web/dist: built here when missing or older than its sources.
  ensureWebApp(say);
  say('starting the local Kafka broker, identity provider and services (logs in .run/logs/)');
  let platform: Platform | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (code: number) => {
    stopping ??= (async () => {
      say('stopping…');
      await platform?.stop();
      say('stopped');
      process.exit(code);
    })();
    return stopping;
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));

  platform = await Platform.start({
    databasePrefix: PREFIX,
    adminDatabaseUrl: ADMIN_URL,
    chdbPath: path.join(RUN_DIR, 'chdb/analytics'),
    users: DEMO_USERS,
    clients: DEMO_CLIENTS,
    logDir: path.join(RUN_DIR, 'logs'),
    ports: ports(),
    built: process.argv.includes('--built'),
    restart: true,
    onExit: (service, code, signal) =>
      say(`${service} exited (${signal ?? `code ${code}`}); starting it again — see .run/logs/${service}.log`),
  });

  const seedAccount = DEMO_CLIENTS.find((c) => c.serviceAccount)!.serviceAccount!;
  const token = await platform.idp.mint(seedAccount);
  await republishOrganisation(platform.address('org'), token);
  const targets = {
    org: platform.address('org'),
    catalog: platform.address('catalog'),
    worklog: platform.address('worklog'),
    scoring: platform.address('scoring'),
  };
  if (size === 'province') {
    say('seeding the province-scale demo: 51 agencies, about 7,000 officials');
    await seedProvince(targets, token, say);
  } else await seedDemo(targets, token, say);
  say(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  say(`web:      ${platform.gatewayUrl}  (sign in as "Lãnh đạo tỉnh (demo)" to see the dashboard)`);
  say(`issuer:   ${platform.idp.issuer}`);
  const p = platform;
  say(
    `gRPC:     ${SERVICES.filter((s) => s.kind === 'grpc')
      .map((s) => `${s.name} ${p.address(s.name)}`)
      .join(', ')}`,
  );
  say(`kafka:    ${platform.broker.brokers}`);
  say('press Ctrl-C to stop');
}

main().catch((err) => {
  process.stderr.write(`[up] failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
