/**
 * The production build (`npm run build`): every service runs from its own dist/<name>/main.js,
 * without a transpiler, finding its migrations, protos and web app beside the bundle, with only
 * its own packages beside it; and the walking skeleton works through all of them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { todayInVietnam } from '@thuocdo/kit';
import { SERVICES } from '@thuocdo/registry';
import { REPO_ROOT } from '@thuocdo/testing';
import { createOrgFixture, dailyWork, logWorkFor, person, startTestPlatform, type TestPlatform, until } from './support';

describe('the production build', () => {
  let tp: TestPlatform;

  beforeAll(async () => {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: REPO_ROOT, stdio: 'pipe' });
    tp = await startTestPlatform([], { built: true });
  });
  afterAll(() => tp?.stop());

  it('runs each service as node dist/<name>/main.js, without tsx', () => {
    for (const s of SERVICES) {
      const cmdline = readFileSync(`/proc/${tp.platform.pid(s.name)}/cmdline`, 'utf8').split('\0');
      expect([s.name, cmdline.some((a) => a.endsWith(`dist/${s.name}/main.js`)), cmdline.some((a) => a.includes('tsx'))]).toEqual([
        s.name,
        true,
        false,
      ]);
    }
  });

  it('carries chDB in the analytics build only, and the Kafka client only where a service uses Kafka', () => {
    for (const s of SERVICES) {
      const modules = path.join(REPO_ROOT, 'dist', s.name, 'node_modules');
      const usesKafka = s.produces.length > 0 || Object.keys(s.consumes).length > 0;
      expect([s.name, existsSync(path.join(modules, 'chdb'))]).toEqual([s.name, s.store === 'clickhouse']);
      expect([s.name, existsSync(path.join(modules, '@confluentinc/kafka-javascript'))]).toEqual([s.name, usesKafka]);
      expect([s.name, existsSync(path.join(modules, 'typescript')), existsSync(path.join(modules, 'tsx'))]).toEqual([s.name, false, false]);
    }
  });

  it('logs work over gRPC and shows it in analytics and over the gateway', async () => {
    const fx = await createOrgFixture(tp, 'BUILT');
    const today = todayInVietnam();
    await logWorkFor(tp, fx, { quantityDecimal: '2', minutes: 90 });
    const leader = (await person(tp, [{ role: 'province_leader' }])).token;
    const rows = await until('the entry in analytics', async () => {
      const r = await dailyWork(tp, leader, today, today, fx.agency.id);
      return r[0]?.entries === 1 && r[0].agencyName ? r : undefined;
    });
    expect(rows[0]).toMatchObject({ minutes: 90, agencyName: 'Cơ quan BUILT' });
    const http = await fetch(`${tp.platform.gatewayUrl}/api/v1/agencies?page_size=1000`, {
      headers: { authorization: `Bearer ${leader}` },
    });
    expect(((await http.json()) as any).agencies.map((a: { code: string }) => a.code)).toContain('BUILT');
    const page = await fetch(`${tp.platform.gatewayUrl}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
  });
});
