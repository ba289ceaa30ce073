/**
 * Work diary write benchmark on the province-size demo: starts the whole platform on this machine
 * (throwaway databases, temporary ClickHouse data), seeds the province as `npm run up -- --size
 * province` does (51 agencies, about 7,000 officials, the sample catalog, a week of diaries for
 * one official in 25), then measures:
 *
 *   1. sustained LogWork: `--clients` processes × `--concurrency` calls in flight for `--seconds`,
 *      each call an E-Office integrator of the official's agency (one service account per
 *      agency) declaring work for a random official of the province on one of the last `--days`
 *      working days (entries older than the late window wait for approval: accepted all the
 *      same), with a distinct note, minutes inside the item's range and a request id. Prints
 *      ok/failed (failures by gRPC code and field), throughput, p50/p95/p99, the time until the
 *      analytics answer shows the writes, CPU by component (node services, PostgreSQL, Kafka
 *      broker, the load generator, the rest of the machine), what PostgreSQL's sessions were
 *      doing (pg_stat_activity sampled), resident memory;
 *   2. `--batches` LogWorkBatch calls of `--batch` entries, one after the other, each from the
 *      integrator of one agency for its officials: p50/p95/max of the acknowledgement;
 *   3. a unit-month: `--month-rows` entries of the last calendar month inserted directly in SQL
 *      (the API at the rates above would take far longer), then ListWorkLogs of the largest unit
 *      and of a typical one over that month through gRPC, every page, as the province leader
 *      and as the unit's head; and EXPLAIN ANALYZE of the first page's statement.
 *
 *   npm run bench:logwork -- [--clients 2] [--concurrency 16] [--seconds 20] [--days 5]
 *                            [--officials 0]        (0: every official of the province)
 *                            [--batch 1000] [--batches 20]        (--batch 0: none)
 *                            [--month-rows 600000]                (0: no unit-month)
 *                            [--profile worklog]    (a V8 CPU profile of that service, summarised)
 *                            [--built]              (the production build: npm run build first)
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { type Metadata, status } from '@grpc/grpc-js';
import { type Actor, type DirectoryRecord, OrgDirectory, requireScope, todayInVietnam } from '@thuocdo/kit';
import { commonV1, orgV1, worklogV1 } from '@thuocdo/proto';
import { SERVICES, type ServiceName } from '@thuocdo/registry';
import { callMetadata, insecure, readErrorDetail, unary } from '@thuocdo/service';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { minutesFor, type WorkItemRevisionRef } from '../../services/worklog/src/domain/work-item-ref';
import { planListWorkLogs } from '../../services/worklog/src/domain/work-log';
import { listEntriesQuery } from '../../services/worklog/src/store/worklog-store';
import { createOrgFixture, dailyWork, person, sleep, startTestPlatform, type TestPlatform, until } from '../../test/e2e/support';
import { DEMO_CLIENTS, DEMO_USERS, TENANT as PROVINCE } from '../dev/demo-province';
import { generateProvince, type ProvinceDataset } from '../dev/province-generator';
import { recentWorkingDays } from '../dev/seed';
import { seedProvince } from '../dev/seed-province';
import { summariseCpuProfile } from './cpu-profile';
import { planSummary } from './database';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const say = (m: string) => process.stdout.write(`${m}\n`);
const int = (x: number) => Math.round(x).toLocaleString('en-US');
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
const percentiles = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `p50 ${ms(pct(s, 50))}, p95 ${ms(pct(s, 95))}, p99 ${ms(pct(s, 99))}, max ${ms(s[s.length - 1] ?? 0)}`;
};

// ─── The load ────────────────────────────────────────────────────────────────────────────────

/** A work item as the load declares it: a quantity whose minutes stay small, and their range. */
interface LoadItem {
  id: string;
  code: string;
  quantityDecimal: string;
  min: number;
  max: number;
}
interface LoadOfficial {
  id: string;
  agencyId: string;
}
interface WorkerJob {
  worker: number;
  address: string;
  /** The integrator token of each agency. */
  tokens: Record<string, string>;
  officials: LoadOfficial[];
  days: string[];
  items: LoadItem[];
  concurrency: number;
  seconds: number;
}
interface WorkerResult {
  ok: number;
  failures: Record<string, { count: number; sample: string }>;
  latenciesMs: number[];
  /** Wall-clock bounds of the load itself, without the process start-up. */
  startedAt: number;
  endedAt: number;
  cpuSeconds: number;
}

/** What a refused call was refused for: its gRPC code and the field its ErrorDetail names. */
function failureKey(err: unknown): { key: string; message: string } {
  const e = err as { code?: number; details?: string; metadata?: Metadata };
  const code = e.code === undefined ? 'NO_STATUS' : (status[e.code] ?? String(e.code));
  const field = readErrorDetail(e.metadata)?.field ?? '';
  return { key: field ? `${code} ${field}` : code, message: String(e.details ?? (err as Error)?.message ?? err).slice(0, 160) };
}

/** One declaration as an E-Office system sends it: distinct note, minutes inside the item's range. */
function declaration(job: Pick<WorkerJob, 'officials' | 'days' | 'items'>, note: string): worklogV1.LogWorkRequest {
  const o = job.officials[Math.floor(Math.random() * job.officials.length)];
  const item = job.items[Math.floor(Math.random() * job.items.length)];
  return worklogV1.LogWorkRequest.fromPartial({
    officialId: o.id,
    workDate: job.days[Math.floor(Math.random() * job.days.length)],
    workItemId: item.id,
    quantityDecimal: item.quantityDecimal,
    minutes: item.min + Math.floor(Math.random() * (item.max - item.min + 1)),
    note,
    requestId: randomUUID(),
  });
}

/** One client process: `concurrency` loops calling LogWork until the time is up. */
async function runWorker(job: WorkerJob): Promise<WorkerResult> {
  const client = new worklogV1.WorklogServiceClient(job.address, insecure());
  const byId = new Map(job.officials.map((o) => [o.id, o.agencyId]));
  const latenciesMs: number[] = [];
  const failures: WorkerResult['failures'] = {};
  let ok = 0;
  let seq = 0;
  const cpu0 = process.cpuUsage();
  const startedAt = Date.now();
  const end = startedAt + job.seconds * 1000;
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (Date.now() < end) {
        const req = declaration(job, `Xử lý văn bản đến, hồ sơ số ${job.worker}.${++seq}`);
        const md = callMetadata(job.tokens[byId.get(req.officialId)!]);
        const t0 = performance.now();
        try {
          await unary((cb) => client.logWork(req, md, cb));
          latenciesMs.push(performance.now() - t0);
          ok++;
        } catch (err) {
          const { key, message } = failureKey(err);
          failures[key] ??= { count: 0, sample: message };
          failures[key].count++;
        }
      }
    }),
  );
  const endedAt = Date.now();
  const cpu = process.cpuUsage(cpu0);
  client.close();
  return { ok, failures, latenciesMs, startedAt, endedAt, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

// ─── CPU and memory of the machine's processes ───────────────────────────────────────────────

const rssMb = (pid: number | undefined) => {
  if (!pid) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
};

const TICKS = 100;

/** CPU seconds (user + system) a process has used so far. */
const cpuSeconds = (pid: number | undefined) => {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
};

/** CPU seconds of every PostgreSQL server process (the whole cluster: other databases' sessions too). */
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

/** Busy CPU seconds of the whole machine (every core, every process). */
const machineBusySeconds = () => {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = f;
  return (user + nice + system + irq + softirq + (steal ?? 0)) / TICKS;
};

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/**
 * Samples what the database's sessions are doing every `everyMs` (pg_stat_activity): running
 * (no wait event), waiting on a lock, on WAL, on the client, and in which statement.
 */
function sessionSampler(url: string, everyMs = 50) {
  const client = new pg.Client({ connectionString: url });
  const counts = new Map<string, number>();
  let samples = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    try {
      const { rows } = await client.query(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'running (on CPU or runnable)') AS what, state,
                regexp_replace(left(query, 36), '\\s+', ' ', 'g') AS query
           FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
      );
      samples++;
      for (const r of rows) {
        const what = r.state === 'idle in transaction' ? 'idle in transaction (waiting for its client)' : r.what;
        const key = `${what} | ${r.query.trim()}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    } catch {
      // a sample lost: the next one counts
    }
    if (!stopped) timer = setTimeout(tick, everyMs);
  };
  return {
    async start() {
      await client.connect();
      void tick();
    },
    async stop(): Promise<string[]> {
      stopped = true;
      clearTimeout(timer);
      await client.end();
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const byWait = new Map<string, number>();
      for (const [k, n] of counts) {
        const w = k.split(' | ')[0];
        byWait.set(w, (byWait.get(w) ?? 0) + n);
      }
      const lines = [`${int(samples)} samples; busy sessions on average ${(total / Math.max(1, samples)).toFixed(1)}`];
      for (const [w, n] of [...byWait].sort((a, b) => b[1] - a[1]).slice(0, 8))
        lines.push(`  ${((n / total) * 100).toFixed(0).padStart(3)}%  ${w}`);
      lines.push('  by statement:');
      for (const [k, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 10))
        lines.push(`  ${((n / total) * 100).toFixed(0).padStart(3)}%  ${k}`);
      return lines;
    },
  };
}

// ─── Set-up on the seeded province ──────────────────────────────────────────────────────────

/** One E-Office service account per agency, an integrator over it; answers agency id → token. */
async function integrators(tp: TestPlatform, admin: () => Metadata, data: ProvinceDataset): Promise<Record<string, string>> {
  const grants: string[] = [];
  const tokens: Record<string, string> = {};
  for (const a of data.agencies) {
    const clientId = `eoffice-bench-${a.code.toLowerCase()}`;
    const { roleGrant } = await unary<orgV1.GrantRoleResponse>((cb) =>
      tp.clients.org.grantRole(
        orgV1.GrantRoleRequest.fromPartial({
          clientId,
          role: 'integrator',
          nodeKind: orgV1.OrgNodeKind.ORG_NODE_KIND_AGENCY,
          nodeId: a.id,
          validFrom: '2025-01-01',
        }),
        admin(),
        cb,
      ),
    );
    grants.push(roleGrant!.id);
    tokens[a.id] = await tp.platform.idp.mint(
      { sub: `service-account-${clientId}`, tenant: PROVINCE, roles: ['integrator'], azp: clientId, client_id: clientId },
      { expiresInSeconds: 6 * 3600 },
    );
  }
  await until(
    "worklog's directory to hold the integrators' grants",
    async () => {
      const [r] = await tp.sql('worklog', "SELECT count(*)::int AS n FROM org_directory WHERE kind = 'role_grant' AND id = ANY($1)", [
        grants,
      ]);
      return r.n === grants.length ? true : undefined;
    },
    120_000,
  );
  return tokens;
}

/** Items of the province catalog (groups A, B and D) in force on every day, each with a quantity whose minutes stay within 45. */
async function loadItems(tp: TestPlatform, firstDay: string): Promise<LoadItem[]> {
  const rows = await tp.sql(
    'worklog',
    `SELECT work_item_id, revision, code, name, standard_minutes, difficulty_min, difficulty_max, urgency_min, urgency_max,
            to_char(effective_from, 'YYYY-MM-DD') AS effective_from
       FROM work_item_revision_ref
      WHERE tenant_id = $1 AND effective_to IS NULL AND effective_from <= $2 AND code !~ '^C\\.'`,
    [PROVINCE, firstDay],
  );
  const items: LoadItem[] = [];
  for (const r of rows) {
    const ref: WorkItemRevisionRef = {
      workItemId: r.work_item_id,
      revision: r.revision,
      tenantId: PROVINCE,
      code: r.code,
      name: r.name,
      productUnit: '',
      standardMinutes: r.standard_minutes,
      difficulty: { min: r.difficulty_min, max: r.difficulty_max },
      urgency: { min: r.urgency_min, max: r.urgency_max },
      effectiveFrom: r.effective_from,
      effectiveTo: null,
    };
    const quantity = [100, 50, 25].find((q) => minutesFor(ref, q).min <= 45);
    if (!quantity) continue;
    const range = minutesFor(ref, quantity);
    items.push({
      id: ref.workItemId,
      code: ref.code,
      quantityDecimal: (quantity / 100).toFixed(2),
      min: range.min,
      max: Math.min(range.max, range.min + 30),
    });
  }
  return items;
}

/** Writes visible in the analytics answer for the province over some days. */
async function analyticsEntries(tp: TestPlatform, token: string, from: string, to: string): Promise<number> {
  return (await dailyWork(tp, token, from, to)).reduce((sum, r) => sum + r.entries, 0);
}

// ─── The phases ─────────────────────────────────────────────────────────────────────────────

interface Context {
  tp: TestPlatform;
  data: ProvinceDataset;
  tokens: Record<string, string>;
  officials: LoadOfficial[];
  days: string[];
  items: LoadItem[];
  leaderToken: string;
}

async function sustainedLoad(
  c: Context,
  o: { clients: number; concurrency: number; seconds: number },
): Promise<{ from: number; to: number }> {
  const { tp } = c;
  const services: ServiceName[] = SERVICES.map((s) => s.name);
  const memory = new Map<ServiceName, { idle: number; peak: number }>();
  for (const s of services) memory.set(s, { idle: rssMb(tp.platform.pid(s)), peak: 0 });
  const sampler = setInterval(() => {
    for (const s of services) {
      const m = memory.get(s)!;
      m.peak = Math.max(m.peak, rssMb(tp.platform.pid(s)));
    }
  }, 500);

  // Visibility probes: while the load runs, one entry at a time for an agency of another tenant
  // that nothing else writes to, timed from acknowledgement until the analytics answer counts it.
  const probe = await createOrgFixture(tp, 'PROBE');
  const probeLeader = (await person(tp, [{ role: 'province_leader' }])).token;
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
          worklogV1.LogWorkRequest.fromPartial({
            officialId: probe.official.id,
            workDate: today,
            workItemId: probe.workItem.id,
            quantityDecimal: '1',
            minutes: 1,
            note: `probe ${expected}`,
          }),
          callMetadata(probe.officialToken),
          cb,
        ),
      );
      const acked = performance.now();
      expected++;
      await until(
        'probe visible',
        async () => ((await dailyWork(tp, probeLeader, today, today, probe.agency.id))[0]?.entries === expected ? true : undefined),
        30_000,
      );
      visibility.push(performance.now() - acked);
      await sleep(500);
    }
  })().catch((err) => {
    probeError = err;
  });

  const sessions = sessionSampler(tp.platform.databaseUrl('worklog'));
  await sessions.start();
  const load = { before: loadAverage() };
  const cpuBefore = new Map(services.map((s) => [s, cpuSeconds(tp.platform.pid(s))]));
  const pgBefore = postgresCpuSeconds();
  const brokerBefore = cpuSeconds(tp.platform.broker.child.pid);
  const machineBefore = machineBusySeconds();
  const selfBefore = process.cpuUsage();
  const from = Date.now();
  const started = performance.now();
  const results = await Promise.all(
    Array.from(
      { length: o.clients },
      (_, worker) =>
        new Promise<WorkerResult>((resolve, reject) => {
          const child = fork(__filename, ['--worker'], { execArgv: ['--import', 'tsx'] });
          child.once('message', (m) => resolve(m as WorkerResult));
          child.once('error', reject);
          const job: WorkerJob = {
            worker,
            address: tp.platform.address('worklog'),
            tokens: c.tokens,
            officials: c.officials,
            days: c.days,
            items: c.items,
            concurrency: o.concurrency,
            seconds: o.seconds,
          };
          child.send(job);
        }),
    ),
  );
  const to = Date.now();
  const window = (performance.now() - started) / 1000;
  const elapsed = (Math.max(...results.map((r) => r.endedAt)) - Math.min(...results.map((r) => r.startedAt))) / 1000;
  const share = (seconds: number) => `${Math.round((seconds / window) * 100)}%`;
  const serviceCpu = services.map((s) => ({ s, used: cpuSeconds(tp.platform.pid(s)) - cpuBefore.get(s)! }));
  const nodeServices = serviceCpu.reduce((a, x) => a + x.used, 0);
  const postgres = postgresCpuSeconds() - pgBefore;
  const broker = cpuSeconds(tp.platform.broker.child.pid) - brokerBefore;
  const generator = results.reduce((a, r) => a + r.cpuSeconds, 0);
  const selfCpu = process.cpuUsage(selfBefore);
  const bench = (selfCpu.user + selfCpu.system) / 1e6;
  const machine = machineBusySeconds() - machineBefore;
  const rest = machine - nodeServices - postgres - broker - generator - bench;
  load.before += ` → ${loadAverage()}`;
  const sessionLines = await sessions.stop();
  probing = false;
  await prober;
  if (probeError) throw probeError;

  // Drain: until analytics counts every entry of the load's days.
  const [first, last] = [c.days[0], c.days[c.days.length - 1]];
  const [{ n: stored }] = await tp.sql(
    'worklog',
    'SELECT count(*)::int AS n FROM work_log_entry WHERE tenant_id = $1 AND work_date BETWEEN $2 AND $3',
    [PROVINCE, first, last],
  );
  const drainStart = performance.now();
  await until(
    'every entry in analytics',
    async () => ((await analyticsEntries(tp, c.leaderToken, first, last)) === stored ? true : undefined),
    300_000,
  );
  const drainMs = performance.now() - drainStart;
  clearInterval(sampler);

  const ok = results.reduce((a, r) => a + r.ok, 0);
  const failures = new Map<string, { count: number; sample: string }>();
  for (const r of results)
    for (const [k, f] of Object.entries(r.failures)) {
      const known = failures.get(k);
      if (known) known.count += f.count;
      else failures.set(k, { ...f });
    }
  const failed = [...failures.values()].reduce((a, f) => a + f.count, 0);
  const lat = results.flatMap((r) => r.latenciesMs);
  const vis = [...visibility].sort((a, b) => a - b);
  say('');
  say(`LogWork, sustained: ${o.clients} client processes × ${o.concurrency} calls in flight for ${o.seconds} s`);
  say(
    `  load                  ${int(c.officials.length)} officials of ${c.data.agencies.length} agencies (one integrator each), ${c.days.length} days (${first} … ${last}), ${c.items.length} work items`,
  );
  say(`  acknowledged          ${int(ok)} in ${elapsed.toFixed(1)} s = ${int(ok / elapsed)} writes/s; ${int(failed)} failed`);
  for (const [k, f] of [...failures].sort((a, b) => b[1].count - a[1].count))
    say(`    ${String(int(f.count)).padStart(7)}  ${k}  (${f.sample})`);
  say(`  latency               ${percentiles(lat)}`);
  say(`  write → analytics     p50 ${ms(pct(vis, 50))}, max ${ms(vis[vis.length - 1] ?? 0)} over ${vis.length} probes during the load`);
  say(`  backlog after load    all ${int(stored)} entries of those days in analytics ${drainMs.toFixed(0)} ms after the load stopped`);
  say(`  CPU during the load   (100% = one core; ${cpus().length} cores = ${cpus().length * 100}%; load average ${load.before})`);
  say(`    node services ${share(nodeServices)}: ${serviceCpu.map((x) => `${x.s} ${share(x.used)}`).join(', ')}`);
  say(`    postgresql ${share(postgres)}, kafka broker ${share(broker)}, load generator ${share(generator)}, this script ${share(bench)}`);
  say(`    the rest of the machine ${share(Math.max(0, rest))} (other processes, kernel); machine busy ${share(machine)}`);
  say(`  PostgreSQL sessions of worklog (pg_stat_activity every 50 ms)`);
  for (const l of sessionLines) say(`    ${l}`);
  say('  resident memory (MB)  service: idle → peak under load');
  for (const [s, m] of memory) say(`    ${s.padEnd(10)} ${String(m.idle).padStart(5)} → ${m.peak}`);
  return { from, to };
}

async function batches(c: Context, size: number, count: number): Promise<{ from: number; to: number }> {
  const { tp } = c;
  // The largest agencies, one batch each in turn: an E-Office sends its agency's declarations.
  const staff = new Map<string, LoadOfficial[]>();
  for (const o of c.officials) staff.set(o.agencyId, [...(staff.get(o.agencyId) ?? []), o]);
  const agencies = [...staff].sort((a, b) => b[1].length - a[1].length);
  const times: number[] = [];
  const failures = new Map<string, number>();
  let written = 0;
  const from = Date.now();
  for (let i = 0; i < count; i++) {
    const [agencyId, officials] = agencies[i % agencies.length];
    const job = { officials, days: c.days, items: c.items };
    const entries = Array.from({ length: size }, (_, j) => declaration(job, `Đồng bộ từ E-Office, lô ${i + 1}, dòng ${j + 1}`));
    const req = worklogV1.LogWorkBatchRequest.fromPartial({ entries, allOrNothing: false });
    const t0 = performance.now();
    const res = await unary<worklogV1.LogWorkBatchResponse>((cb) =>
      tp.clients.worklog.logWorkBatch(req, callMetadata(c.tokens[agencyId]), { deadline: Date.now() + 60_000 }, cb),
    );
    times.push(performance.now() - t0);
    written += res.written;
    for (const r of res.results) {
      if (!r.error) continue;
      const key = `${commonV1.ErrorReason[r.error.reason] ?? r.error.reason} ${r.error.field.replace(/^entries\[\d+\]\.?/, '')}`.trim();
      failures.set(key, (failures.get(key) ?? 0) + 1);
    }
  }
  const to = Date.now();
  const sizes = agencies.slice(0, count).map(([, o]) => o.length);
  say('');
  say(
    `LogWorkBatch: ${count} batches of ${int(size)} entries, one after the other (agencies of ${Math.min(...sizes)}–${Math.max(...sizes)} officials)`,
  );
  say(
    `  written               ${int(written)} of ${int(size * count)}${failures.size ? `; refused: ${[...failures].map(([k, n]) => `${k} ${n}`).join(', ')}` : ''}`,
  );
  say(
    `  acknowledged in       p50 ${ms(
      pct(
        [...times].sort((a, b) => a - b),
        50,
      ),
    )}, p95 ${ms(
      pct(
        [...times].sort((a, b) => a - b),
        95,
      ),
    )}, max ${ms(Math.max(...times))}`,
  );
  say(`                        (first ${ms(times[0])}; every batch: ${times.map((t) => t.toFixed(0)).join(' ')} ms)`);
  return { from, to };
}

/** The first and last day of the calendar month before today's, and its working days (Monday–Friday). */
function lastMonth(today: string): { first: string; last: string; days: string[] } {
  const [y, m] = today.split('-').map(Number);
  const first = new Date(Date.UTC(m === 1 ? y - 1 : y, (m + 10) % 12, 1));
  const end = new Date(Date.UTC(y, m - 1, 1) - 86_400_000);
  const days: string[] = [];
  for (let d = first.getTime(); d <= end.getTime(); d += 86_400_000) {
    const wd = new Date(d).getUTCDay();
    if (wd !== 0 && wd !== 6) days.push(new Date(d).toISOString().slice(0, 10));
  }
  return { first: first.toISOString().slice(0, 10), last: end.toISOString().slice(0, 10), days };
}

/** A UUIDv7 of a timestamp, in SQL (the services' ids: the order of writing). */
const UUIDV7 = (ts: string) =>
  `encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(floor(extract(epoch FROM ${ts}) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid`;

async function unitMonth(c: Context, rows: number): Promise<void> {
  const { tp, data } = c;
  const month = lastMonth(todayInVietnam());
  const perDay = rows / (data.officials.length * month.days.length);
  const db = new pg.Client({ connectionString: tp.platform.databaseUrl('worklog') });
  await db.connect();
  try {
    // The month's entries, straight into the tables LogWork writes (the entry and its day's
    // total; no outbox or audit rows, which reads never touch): on average `perDay` an official
    // and working day, at most 2 more or fewer, each of a random item of the load.
    const t0 = performance.now();
    const low = Math.max(1, Math.floor(perDay) - 1);
    const spread = Math.max(1, Math.round((perDay - low) * 2) + 1);
    const itemIds = c.items.map((i) => i.id);
    const revisions = await tp.sql(
      'worklog',
      'SELECT work_item_id, max(revision) AS revision FROM work_item_revision_ref WHERE work_item_id = ANY($1) GROUP BY 1',
      [itemIds],
    );
    const revisionOf = new Map(revisions.map((r) => [r.work_item_id, r.revision]));
    const byAgency = new Map<string, typeof data.officials>();
    for (const o of data.officials) byAgency.set(o.agencyId, [...(byAgency.get(o.agencyId) ?? []), o]);
    let inserted = 0;
    for (const officials of byAgency.values()) {
      const r = await db.query(
        `INSERT INTO work_log_entry (id, tenant_id, official_id, agency_id, unit_id, work_date, work_item_id, work_item_revision, quantity,
                                     minutes, note, status, request_id, created_by, version, created_at, updated_at)
         SELECT ${UUIDV7('t.at')}, $1, o.official_id, o.agency_id, o.unit_id, d.day, ($6::uuid[])[x.i], ($7::int[])[x.i], 1, 20 + 10 * k,
                'Kê khai ' || k, 'LOGGED', gen_random_uuid(), 'bench-direct-insert', 1, t.at, t.at
           FROM unnest($2::uuid[], $3::uuid[], $4::uuid[]) AS o(official_id, agency_id, unit_id)
          CROSS JOIN unnest($5::date[]) AS d(day)
          CROSS JOIN LATERAL generate_series(1, $8 + (abs(hashtext(o.official_id::text || d.day::text)) % $9)) AS k
          CROSS JOIN LATERAL (SELECT 1 + floor(random() * cardinality($6::uuid[]) + 0 * k)::int AS i) AS x
          CROSS JOIN LATERAL (SELECT (d.day + time '16:30' + k * interval '3 minutes') AT TIME ZONE 'Asia/Ho_Chi_Minh' AS at) AS t`,
        [
          PROVINCE,
          officials.map((o) => o.id),
          officials.map((o) => o.agencyId),
          officials.map((o) => o.unitId),
          month.days,
          itemIds,
          itemIds.map((id) => revisionOf.get(id) ?? 0),
          low,
          spread,
        ],
      );
      inserted += r.rowCount ?? 0;
    }
    await db.query(
      `INSERT INTO diary_day (tenant_id, official_id, work_date, total_minutes, entry_count, limit_minutes)
       SELECT tenant_id, official_id, work_date, sum(minutes), count(*), 960 FROM work_log_entry
        WHERE tenant_id = $1 AND work_date BETWEEN $2 AND $3 GROUP BY 1, 2, 3
       ON CONFLICT (tenant_id, official_id, work_date) DO NOTHING`,
      [PROVINCE, month.first, month.last],
    );
    await db.query('ANALYZE work_log_entry');
    await db.query('ANALYZE diary_day');
    const [{ total }] = (await db.query('SELECT count(*)::int AS total FROM work_log_entry')).rows;
    say('');
    say(`Unit-month: ListWorkLogs over ${month.first} … ${month.last} (${month.days.length} working days)`);
    say(
      `  seeded                ${int(inserted)} entries inserted directly in SQL in ${((performance.now() - t0) / 1000).toFixed(1)} s ` +
        `(${int(total)} in the table); through LogWork at the rate above this would take minutes`,
    );

    // The directory as worklog holds it, to plan the statement exactly as the service does.
    const dir = new OrgDirectory();
    for (const r of (await db.query('SELECT kind, id, version, removed, record FROM org_directory')).rows)
      dir.apply({ kind: r.kind, id: r.id, version: Number(r.version), removed: r.removed, value: r.record } as DirectoryRecord);
    const subtree = new Map<string, number>();
    const parentOf = new Map(data.units.map((u) => [u.id, u.parentUnitId]));
    for (const o of data.officials)
      for (let u: string | null | undefined = o.unitId; u; u = parentOf.get(u)) subtree.set(u, (subtree.get(u) ?? 0) + 1);
    const bySize = [...subtree].sort((a, b) => b[1] - a[1]);
    const picks = [
      { label: 'the largest unit', unit: bySize[0] },
      { label: 'a typical unit', unit: bySize[Math.floor(bySize.length / 2)] },
    ];
    const leader = DEMO_USERS.find((u) => u.username === 'lanhdao')!;
    for (const { label, unit } of picks) {
      const [unitId, staff] = unit;
      const name = data.units.find((u) => u.id === unitId)!.name;
      const head = data.grants.find((g) => g.role === 'unit_head' && g.nodeId === unitId);
      const readers = [
        { who: 'province leader', officialId: leader.claims.official_id as string, token: c.leaderToken },
        ...(head
          ? [
              {
                who: "unit's head",
                officialId: head.officialId,
                token: await tp.platform.idp.mint({
                  sub: `bench-head-${head.officialId}`,
                  tenant: PROVINCE,
                  roles: [],
                  official_id: head.officialId,
                }),
              },
            ]
          : []),
      ];
      say(`  ${label}: ${name} (${int(staff)} officials with its sub-units)`);
      for (const reader of readers) {
        const times: number[] = [];
        let entries = 0;
        let pages = 0;
        let firstPage = 0;
        for (let run = 0; run < 5; run++) {
          entries = 0;
          pages = 0;
          let pageToken = '';
          const t = performance.now();
          do {
            const p0 = performance.now();
            const r = await unary<worklogV1.ListWorkLogsResponse>((cb) =>
              tp.clients.worklog.listWorkLogs(
                worklogV1.ListWorkLogsRequest.fromPartial({ unitId, fromDate: month.first, toDate: month.last, pageSize: 1000, pageToken }),
                callMetadata(reader.token),
                cb,
              ),
            );
            if (pages === 0 && run === 0) firstPage = performance.now() - p0;
            entries += r.entries.length;
            pages++;
            pageToken = r.nextPageToken;
          } while (pageToken);
          times.push(performance.now() - t);
        }
        const sorted = [...times].sort((a, b) => a - b);
        say(
          `    as the ${reader.who.padEnd(15)} ${int(entries)} entries in ${pages} pages of 1,000: all pages ${ms(sorted[0])}–${ms(sorted[sorted.length - 1])} ` +
            `(median ${ms(pct(sorted, 50))}, 5 runs); the first page of the first run ${ms(firstPage)}`,
        );
        // The first page's statement, planned as the service plans it for this reader.
        const principal = {
          subject: 'bench',
          tenantId: PROVINCE,
          officialId: reader.officialId,
          roles: [],
          clientId: 'thuocdo-web',
          serviceAccount: false,
        };
        const now = new Date();
        const today = todayInVietnam(now);
        const actor: Actor = {
          principal,
          action: 'worklog.read',
          scope: requireScope(principal, 'worklog.read', dir, today),
          directory: dir,
          now,
          today,
          newId: uuidv7,
        };
        const q = planListWorkLogs(
          { officialId: '', unitId, fromDate: month.first, toDate: month.last, statuses: [], pageSize: 1000, pageToken: '' },
          actor,
        );
        const s = listEntriesQuery(PROVINCE, q);
        const explained = (await db.query({ text: `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${s.text}`, values: s.values })).rows[0][
          'QUERY PLAN'
        ];
        say(`      first page's plan: ${planSummary(explained)}`);
      }
    }
  } finally {
    await db.end();
  }
}

// ─── Main ───────────────────────────────────────────────────────────────────────────────────

async function main() {
  const clients = arg('clients', 2);
  const concurrency = arg('concurrency', 16);
  const seconds = arg('seconds', 20);
  const dayCount = arg('days', 5);
  const officialLimit = arg('officials', 0);
  const batchSize = arg('batch', 1000);
  const batchCount = arg('batches', 20);
  const monthRows = arg('month-rows', 600_000);
  const built = argv.includes('--built');
  const profiled = argv.includes('--profile') ? (argv[argv.indexOf('--profile') + 1] as ServiceName) : undefined;

  say(`load average ${loadAverage()} on ${cpus().length} cores`);
  say(
    `starting the platform (throwaway databases); services: ${built ? 'the production build (dist/<name>/main.js)' : 'TypeScript sources through tsx'}`,
  );
  const tp = await startTestPlatform([], { built });
  const profileDir = path.resolve(__dirname, '../../.run/profiles');
  let profileStart = 0;
  const windows: { label: string; from: number; to: number }[] = [];
  try {
    const t0 = performance.now();
    const seedToken = await tp.platform.idp.mint(DEMO_CLIENTS.find((c) => c.serviceAccount)!.serviceAccount!, {
      expiresInSeconds: 6 * 3600,
    });
    const targets = { org: tp.platform.address('org'), catalog: tp.platform.address('catalog'), worklog: tp.platform.address('worklog') };
    say('seeding the province (scripts/dev/seed-province.ts, through the APIs)…');
    await seedProvince(targets, seedToken, (m) => say(`  ${m}`));
    const data = generateProvince();
    await until(
      'worklog to know every official of the province',
      async () => {
        const [r] = await tp.sql('worklog', "SELECT count(*)::int AS n FROM org_directory WHERE kind = 'official' AND tenant_id = $1", [
          PROVINCE,
        ]);
        return r.n >= data.officials.length ? true : undefined;
      },
      300_000,
    );
    const admin = () => callMetadata(seedToken);
    const tokens = await integrators(tp, admin, data);
    const days = recentWorkingDays(dayCount);
    const items = await loadItems(tp, days[0]);
    if (!items.length) throw new Error('no work items of groups A, B, D in worklog');
    const officials = data.officials
      .slice(0, officialLimit > 0 ? officialLimit : undefined)
      .map((o) => ({ id: o.id, agencyId: o.agencyId }));
    const leader = DEMO_USERS.find((u) => u.username === 'lanhdao')!;
    const leaderToken = await tp.platform.idp.mint(leader.claims, { expiresInSeconds: 6 * 3600 });
    say(`province ready in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

    if (profiled) {
      mkdirSync(profileDir, { recursive: true });
      await tp.platform.stopService(profiled);
      profileStart = Date.now();
      await tp.platform.startService(profiled, {}, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
      tp.reconnect();
      say(`profiling ${profiled}: the profile is written to ${profileDir} when it stops`);
    }
    const c: Context = { tp, data, tokens, officials, days, items, leaderToken };
    await sleep(2000);
    say(`load average ${loadAverage()} before the load`);
    if (seconds > 0) windows.push({ label: 'the sustained load', ...(await sustainedLoad(c, { clients, concurrency, seconds })) });
    if (batchSize > 0 && batchCount > 0) windows.push({ label: 'the batches', ...(await batches(c, batchSize, batchCount)) });
    if (monthRows > 0) await unitMonth(c, monthRows);
  } finally {
    await tp.stop();
  }
  if (profiled) {
    const files = existsSync(profileDir)
      ? readdirSync(profileDir)
          .filter((f) => f.endsWith('.cpuprofile'))
          .map((f) => path.join(profileDir, f))
          .filter((f) => statSync(f).mtimeMs >= profileStart)
          .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
      : [];
    if (!files.length) say(`no profile of ${profiled} was written`);
    for (const w of files.length ? windows : []) {
      const s = summariseCpuProfile(
        files[0],
        { fromMs: w.from - profileStart, toMs: w.to - profileStart },
        {
          inclusive: ['logWork', 'logWorkBatch', 'saveEntry', 'saveEntries', 'verify', 'requireScope', 'publishBatch', 'handleBatch'],
        },
      );
      say('');
      say(`CPU profile of ${profiled} during ${w.label} (${path.relative(process.cwd(), files[0])})`);
      for (const l of s.lines) say(`  ${l}`);
    }
  }
}

if (argv.includes('--worker')) {
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
