/**
 * A service started with a missing or bad variable stops at once with one line naming it,
 * before it touches any dependency.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function start(service: string, env: Record<string, string | undefined>) {
  const clean = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, `services/${service}/src/main.ts`)], {
    cwd: ROOT,
    env: clean,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

const base = { AUTH_ISSUER: 'http://127.0.0.1:1/realms/thuocdo', KAFKA_BROKERS: '127.0.0.1:1', OIDC_CLIENT_SECRET: 'x' };

describe('service configuration', () => {
  it.each([
    ['worklog', { KAFKA_BROKERS: undefined }, 'KAFKA_BROKERS'],
    ['worklog', { GRPC_PORT: 'fifty' }, 'GRPC_PORT'],
    ['org', { DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    ['analytics', { AUTH_ISSUER: undefined }, 'AUTH_ISSUER'],
    ['gateway', { OIDC_CLIENT_SECRET: undefined }, 'OIDC_CLIENT_SECRET'],
    ['worklog', { WORKLOG_MAX_BACKDATE_DAYS: '-1' }, 'WORKLOG_MAX_BACKDATE_DAYS'],
  ])('%s with %j stops naming %s', (service, change, name) => {
    const r = start(service, { ...base, ...change });
    expect(r.status).toBe(78);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^config error: ${name}: `));
  });
});
