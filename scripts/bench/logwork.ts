/**
 * LogWork benchmark: starts the whole platform on this machine (throwaway databases, temporary
 * ClickHouse data), drives LogWork from several client processes and prints throughput,
 * latency percentiles, write-to-visibility time in the analytics answer, and each service's
 * resident memory idle and under load.
 *
 *   npm run bench:logwork -- [--clients 2] [--concurrency 16] [--seconds 20] [--officials 200]
 *                            [--profile worklog]   (writes a V8 CPU profile to .run/profiles/)
 *                            [--built]             (runs the production build: npm run build first)
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { todayInVietnam } from '@thuocdo/kit';
import { type orgV1, worklogV1 } from '@thuocdo/proto';
import { SERVICES, type ServiceName } from '@thuocdo/registry';
import { callMetadata, insecure, unary } from '@thuocdo/service';
import {
  createOrgFixture,
  dailyWork,
  person,
  serviceAccount,
  sleep,
  startTestPlatform,
  type TestPlatform,
  until,
} from '../../test/e2e/support';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

interface WorkerJob {
  address: string;
  token: string;
  officials: string[];
  workItemId: string;
  concurrency: number;
  seconds: number;
}
interface WorkerResult {
  ok: number;
  failed: number;
  latenciesMs: number[];
  /** Wall-clock bounds of the load itself, without the process start-up. */
  startedAt: number;
  endedAt: number;
}

/** One client process: `concurrency` loops calling LogWork until the time is up. */
async function runWorker(job: WorkerJob): Promise<WorkerResult> {
  const client = new worklogV1.WorklogServiceClient(job.address, insecure());
  const today = todayInVietnam();
  const latenciesMs: number[] = [];
  let ok = 0;
  let failed = 0;
  const startedAt = Date.now();
  const end = startedAt + job.seconds * 1000;
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (Date.now() < end) {
        const t0 = performance.now();
        try {
          await unary((cb) =>
            client.logWork(
              {
                officialId: job.officials[Math.floor(Math.random() * job.officials.length)],
                workDate: today,
                workItemId: job.workItemId,
                quantityDecimal: '1',
                quantity: 0,
                minutes: 15,
                note: 'benchmark',
                requestId: randomUUID(),
              },
              callMetadata(job.token),
              cb,
            ),
          );
          latenciesMs.push(performance.now() - t0);
          ok++;
        } catch {
          failed++;
        }
      }
    }),
  );
  const endedAt = Date.now();
  client.close();
  return { ok, failed, latenciesMs, startedAt, endedAt };
}

const rssMb = (pid: number | undefined) => {
  if (!pid) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
};

/** CPU seconds (user + system) a process has used so far. */
const cpuSeconds = (pid: number | undefined) => {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
};

/** CPU seconds of every PostgreSQL server process. */
const postgresCpuSeconds = () =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/comm`, 'utf8').startsWith('postgres');
      } catch {
        return false;
      }
    })
    .reduce((sum, d) => sum + cpuSeconds(Number(d)), 0);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function createOfficials(tp: TestPlatform, agencyId: string, unitId: string, n: number): Promise<string[]> {
  const admin = callMetadata(await tp.token({ roles: ['sys_admin'] }));
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { official } = await unary<orgV1.CreateOfficialResponse>((cb) =>
      tp.clients.org.createOfficial(
        {
          id: '',
          agencyId,
          unitId,
          fullName: `Công chức ${i + 1}`,
          email: '',
          category: 2,
          staffCode: '',
          idpSubject: '',
          positionId: '',
          validFrom: '',
        },
        admin,
        cb,
      ),
    );
    ids.push(official!.id);
  }
  return ids;
}

async function main() {
  const clients = arg('clients', 2);
  const concurrency = arg('concurrency', 16);
  const seconds = arg('seconds', 20);
  const officialCount = arg('officials', 200);
  const say = (m: string) => process.stdout.write(`${m}\n`);

  say(`starting the platform (throwaway databases)…`);
  const built = process.argv.includes('--built');
  say(built ? 'services: the production build (dist/<name>/main.js)' : 'services: TypeScript sources through tsx');
  const tp = await startTestPlatform([], { built });
  const memory = new Map<ServiceName, { idle: number; peak: number }>();
  try {
    const load = await createOrgFixture(tp, 'BENCH');
    const probe = await createOrgFixture(tp, 'PROBE');
    const officials = [load.official.id, ...(await createOfficials(tp, load.agency.id, load.unit.id, officialCount - 1))];
    await until(
      'worklog to know all officials',
      async () => {
        const [r] = await tp.sql('worklog', "SELECT count(*)::int AS n FROM org_directory WHERE kind = 'official' AND id = ANY($1)", [
          officials,
        ]);
        return r.n === officials.length ? true : undefined;
      },
      120_000,
    );
    const profiled = process.argv.includes('--profile') ? (process.argv[process.argv.indexOf('--profile') + 1] as ServiceName) : undefined;
    if (profiled) {
      const dir = path.resolve(__dirname, '../../.run/profiles');
      mkdirSync(dir, { recursive: true });
      await tp.platform.stopService(profiled);
      await tp.platform.startService(profiled, {}, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
      tp.reconnect();
      say(`profiling ${profiled}: the profile is written to ${dir} when it stops`);
    }
    const token = await serviceAccount(tp, 'bench-eoffice', [{ role: 'integrator', agencyId: load.agency.id }]);
    const leader = (await person(tp, [{ role: 'province_leader' }])).token;
    await sleep(2000);
    const services: ServiceName[] = SERVICES.map((s) => s.name);
    for (const s of services) memory.set(s, { idle: rssMb(tp.platform.pid(s)), peak: 0 });

    say(`load: ${clients} client processes × ${concurrency} concurrent calls for ${seconds} s, ${officials.length} officials`);
    const sampler = setInterval(() => {
      for (const s of services) {
        const m = memory.get(s)!;
        m.peak = Math.max(m.peak, rssMb(tp.platform.pid(s)));
      }
    }, 500);

    // Visibility probes: while the load runs, one entry at a time for a separate agency, timed
    // from acknowledgement until the analytics answer counts it.
    const today = todayInVietnam();
    const visibility: number[] = [];
    let probing = true;
    let probeError: unknown;
    const prober = (async () => {
      await sleep(2000);
      let expected = 0;
      while (probing) {
        await unary((cb) =>
          tp.clients.worklog.logWork(
            {
              officialId: probe.official.id,
              workDate: today,
              workItemId: probe.workItem.id,
              quantityDecimal: '1',
              quantity: 0,
              minutes: 1,
              note: '',
              requestId: '',
            },
            callMetadata(probe.officialToken),
            cb,
          ),
        );
        const acked = performance.now();
        expected++;
        await until(
          'probe visible',
          async () => ((await dailyWork(tp, leader, today, today, probe.agency.id))[0]?.entries === expected ? true : undefined),
          30_000,
        );
        visibility.push(performance.now() - acked);
        await sleep(500);
      }
    })().catch((err) => {
      probeError = err; // reported after the load; the platform is still stopped in `finally`
    });

    const cpuBefore = new Map(services.map((s) => [s, cpuSeconds(tp.platform.pid(s))]));
    const pgBefore = postgresCpuSeconds();
    const brokerBefore = cpuSeconds(tp.platform.broker.child.pid);
    const started = performance.now();
    const job: WorkerJob = {
      address: tp.platform.address('worklog'),
      token,
      officials,
      workItemId: load.workItem.id,
      concurrency,
      seconds,
    };
    const results = await Promise.all(
      Array.from(
        { length: clients },
        () =>
          new Promise<WorkerResult>((resolve, reject) => {
            const child = fork(__filename, ['--worker'], { execArgv: ['--import', 'tsx'] });
            child.once('message', (m) => resolve(m as WorkerResult));
            child.once('error', reject);
            child.send(job);
          }),
      ),
    );
    // Throughput over the window in which all clients were sending (process start-up excluded).
    const elapsed = (Math.max(...results.map((r) => r.endedAt)) - Math.min(...results.map((r) => r.startedAt))) / 1000;
    const cpuWindow = (performance.now() - started) / 1000;
    const cpuShare = (before: number, after: number) => `${Math.round(((after - before) / cpuWindow) * 100)}%`;
    const cpu = [
      ...services.map((s) => `${s} ${cpuShare(cpuBefore.get(s)!, cpuSeconds(tp.platform.pid(s)))}`),
      `postgresql ${cpuShare(pgBefore, postgresCpuSeconds())}`,
      `kafka broker ${cpuShare(brokerBefore, cpuSeconds(tp.platform.broker.child.pid))}`,
    ];
    probing = false;
    await prober;
    if (probeError) throw probeError;

    // Drain: time until analytics holds every acknowledged write.
    const ok = results.reduce((a, r) => a + r.ok, 0);
    const drainStart = performance.now();
    await until(
      'all writes in analytics',
      async () => ((await dailyWork(tp, leader, today, today, load.agency.id))[0]?.entries === ok ? true : undefined),
      120_000,
    );
    const drainMs = performance.now() - drainStart;
    clearInterval(sampler);

    const failed = results.reduce((a, r) => a + r.failed, 0);
    const lat = results.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
    const vis = [...visibility].sort((a, b) => a - b);
    say('');
    say('LogWork benchmark');
    say(`  acknowledged writes   ${ok} in ${elapsed.toFixed(1)} s = ${Math.round(ok / elapsed)} writes/s (${failed} failed)`);
    say(
      `  latency               p50 ${pct(lat, 50).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms, max ${lat[lat.length - 1]?.toFixed(1)} ms`,
    );
    say(
      `  write → analytics     p50 ${pct(vis, 50).toFixed(0)} ms, max ${vis[vis.length - 1]?.toFixed(0)} ms over ${vis.length} probes during the load`,
    );
    say(`  backlog after load    all ${ok} writes visible ${drainMs.toFixed(0)} ms after the load stopped`);
    say(`  CPU during the load   ${cpu.join(', ')} (100% = one core of ${require('node:os').cpus().length})`);
    say('  resident memory (MB)  service: idle → peak under load');
    for (const [s, m] of memory) say(`    ${s.padEnd(10)} ${String(m.idle).padStart(5)} → ${m.peak}`);
  } finally {
    await tp.stop();
  }
}

if (process.argv.includes('--worker')) {
  process.once('message', async (job) => {
    const result = await runWorker(job as WorkerJob);
    process.send!(result, () => process.exit(0));
  });
} else {
  main().catch((err) => {
    process.stderr.write(`${err?.stack ?? err}\n`);
    process.exit(1);
  });
}
