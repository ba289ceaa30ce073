/**
 * `npm run up` as a developer uses it: it reports a service that dies and starts it again, and
 * Ctrl-C stops everything, also right after a service was killed, leaving no process and no port
 * behind. Runs beside any other copy: its own databases, folder and ports.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SERVICES } from '@thuocdo/registry';
import { healthStatus } from '@thuocdo/service';
import { ADMIN_DATABASE_URL, freePort, REPO_ROOT } from '@thuocdo/testing';
import pg from 'pg';
import { until } from './support';

/** Processes whose parent is `pid`, with their command lines. */
function children(pid: number): { pid: number; cmdline: string }[] {
  const out: { pid: number; cmdline: string }[] = [];
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push({ pid: Number(d), cmdline: readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

describe('npm run up', () => {
  const prefix = `thuocdo_up_${randomBytes(3).toString('hex')}`;
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'thuocdo-up-'));
  const ports: Record<string, number> = {};
  let up: ChildProcess;
  let output = '';

  beforeAll(async () => {
    for (const s of SERVICES) ports[`${s.name.toUpperCase()}_PORT`] = await freePort();
    ports.IDP_PORT = await freePort();
    up = spawn(process.execPath, ['--import', 'tsx', 'scripts/up.ts', '--fresh'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        THUOCDO_DB_PREFIX: prefix,
        THUOCDO_RUN_DIR: runDir,
        ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    up.stdout!.on('data', (d) => {
      output += d;
    });
    up.stderr!.on('data', (d) => {
      output += d;
    });
    // Stops waiting at once if up exits, and says what up and the services printed when it is not ready.
    const state = await until(
      'up to be ready',
      async () => (up.exitCode !== null || up.signalCode !== null ? 'exited' : output.includes('press Ctrl-C to stop') && 'ready'),
      180_000,
    ).catch((err: Error) => err.message);
    if (state !== 'ready') throw new Error(`up is not ready (${state})\n--- up printed:\n${output.slice(-4000)}\n${serviceLogTails()}`);
  }, 200_000);

  afterAll(async () => {
    if (up.exitCode === null) up.kill('SIGKILL');
    const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
    await admin.connect();
    for (const s of SERVICES.filter((x) => x.store === 'postgresql'))
      await admin.query(`DROP DATABASE IF EXISTS ${prefix}_${s.name} WITH (FORCE)`);
    await admin.end();
    rmSync(runDir, { recursive: true, force: true });
  });

  const serviceLogTails = () =>
    SERVICES.map((s) => {
      try {
        return `--- ${s.name}.log:\n${readFileSync(path.join(runDir, 'logs', `${s.name}.log`), 'utf8').slice(-1500)}`;
      } catch {
        return `--- ${s.name}.log: none`;
      }
    }).join('\n');

  const servicePid = (name: string) => children(up.pid!).find((c) => c.cmdline.includes(`services/${name}/src/main.ts`))?.pid;

  it('reports a service killed with SIGKILL and starts it again; Ctrl-C right after another kill stops everything', async () => {
    const worklog = servicePid('worklog')!;
    expect(worklog).toBeGreaterThan(0);
    process.kill(worklog, 'SIGKILL');
    await until('the exit reported', async () => output.includes('worklog exited (SIGKILL); starting it again'), 10_000);
    await until(
      'worklog SERVING again',
      async () =>
        (await healthStatus(`127.0.0.1:${ports.WORKLOG_PORT}`).catch(() => '')) === 'SERVING' && servicePid('worklog') !== worklog,
      60_000,
    );

    // The case that used to hang: a service dies, and Ctrl-C comes before it is back.
    process.kill(servicePid('catalog')!, 'SIGKILL');
    await until('the second exit reported', async () => output.includes('catalog exited (SIGKILL)'), 10_000);
    up.kill('SIGINT');
    await until('up to exit after Ctrl-C', async () => up.exitCode !== null || up.signalCode !== null, 60_000);
    expect([up.exitCode, up.signalCode]).toEqual([0, null]);
    expect(output).toContain('[up] stopped');
    expect(children(up.pid!)).toEqual([]);
    for (const [name, port] of Object.entries(ports)) expect([name, await portIsFree(port)]).toEqual([name, true]);
  }, 180_000);
});
