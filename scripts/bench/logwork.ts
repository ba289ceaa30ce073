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
 *                            [--perf]               (perf record of the whole machine during the sustained
 *                                                    load: on-CPU time by process and, for the services and
 *                                                    the load generator, by code: kernel, V8's JIT code, …)
 *                            [--sources]            (the services' TypeScript through tsx; by default the
 *                                                    production build, made first by npm run build)
 *                            [--env NAME=value …]   (settings of every service, e.g. OUTBOX_LINGER_MS=50)
 *                            [--quiet-wait 60]      (before the load, wait at most this long for an idle machine)
 *                            [--explain-sample 0.01] (auto_explain of that share of worklog's statements during
 *                                                    the load, read back from PostgreSQL's log: time by statement)
 */
import { fork, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { Client, type Metadata, status } from '@grpc/grpc-js';
import { type Actor, type DirectoryRecord, OrgDirectory, requireScope, todayInVietnam } from '@thuocdo/kit';
import { catalogV1, commonV1, orgV1, worklogV1 } from '@thuocdo/proto';
import { SERVICES, type ServiceName } from '@thuocdo/registry';
import { callMetadata, insecure, readErrorDetail, unary } from '@thuocdo/service';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { minutesFor, type WorkItemRevisionRef } from '../../services/worklog/src/domain/work-item-ref';
import { planListWorkLogs } from '../../services/worklog/src/domain/work-log';
import { listEntriesQuery } from '../../services/worklog/src/store/worklog-store';
import { createOrgFixture, dailyWork, person, sleep, startTestPlatform, type TestPlatform, until } from '../../test/e2e/support';
import { AGENCIES, DEMO_CLIENTS, DEMO_USERS, officialId, TENANT as PROVINCE } from '../dev/demo-province';
import { generateProvince, type ProvinceDataset } from '../dev/province-generator';
import { recentWorkingDays, seedCatalog, seedDiary } from '../dev/seed';
import { seedObjectives } from '../dev/seed-okr';
import { seedProvinceOrganisation } from '../dev/seed-province';
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
  pid: number;
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

/** Requests a client process prepares per second of load: more than one process has ever sent. */
const PREPARED_PER_SECOND = 2500;

/**
 * One client process: `concurrency` loops calling LogWork until the time is up. The requests are
 * made and encoded before the load starts (as load generators such as ghz do), and answers are
 * not decoded (the status is in the trailers): the generator shares the machine with what it
 * measures, and its own protobuf work would otherwise be counted against the services. Should
 * the prepared requests run out, the rest are made during the load.
 */
async function runWorker(job: WorkerJob): Promise<WorkerResult> {
  const logWork = worklogV1.WorklogServiceService.logWork;
  const client = new Client(job.address, insecure());
  const byId = new Map(job.officials.map((o) => [o.id, o.agencyId]));
  const metadataOf = new Map(Object.entries(job.tokens).map(([agencyId, token]) => [agencyId, callMetadata(token)]));
  let seq = 0;
  const next = () => {
    const req = declaration(job, `Xử lý văn bản đến, hồ sơ số ${job.worker}.${++seq}`);
    return { bytes: logWork.requestSerialize(req), metadata: metadataOf.get(byId.get(req.officialId)!)! };
  };
  const prepared = Array.from({ length: job.seconds * PREPARED_PER_SECOND }, next);
  const send = (r: { bytes: Buffer; metadata: Metadata }) =>
    new Promise<void>((resolve, reject) =>
      client.makeUnaryRequest(
        logWork.path,
        (b: Buffer) => b,
        (b: Buffer) => b,
        r.bytes,
        r.metadata.clone(),
        (err) => (err ? reject(err) : resolve()),
      ),
    );
  const latenciesMs: number[] = [];
  const failures: WorkerResult['failures'] = {};
  let ok = 0;
  let taken = 0;
  const cpu0 = process.cpuUsage();
  const startedAt = Date.now();
  const end = startedAt + job.seconds * 1000;
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (Date.now() < end) {
        const r = taken < prepared.length ? prepared[taken++] : next();
        const t0 = performance.now();
        try {
          await send(r);
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
  return { ok, failures, latenciesMs, startedAt, endedAt, cpuSeconds: (cpu.user + cpu.system) / 1e6, pid: process.pid };
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

/**
 * CPU seconds so far of the PostgreSQL processes that serve the platform: the sessions of its
 * databases, by database, and the server's own processes (WAL writer, checkpointer, background
 * writer, autovacuum launcher); sessions of other databases on the machine are left out.
 */
function postgresCpu(databases: string[]): Map<number, { cpu: number; what: string }> {
  const out = new Map<number, { cpu: number; what: string }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (!readFileSync(`/proc/${d}/comm`, 'utf8').startsWith('postgres')) continue;
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const db = databases.find((name) => cmd.includes(` ${name} `) || cmd.endsWith(` ${name}`));
      const session = /\(\d+\)|\[local\]|autovacuum worker/.test(cmd);
      const what = db
        ? `${db.replace(/^.*_/, '')}${cmd.includes('autovacuum worker') ? ' (autovacuum)' : ''}`
        : session
          ? ''
          : 'server processes';
      if (what) out.set(Number(d), { cpu: cpuSeconds(Number(d)), what });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** CPU seconds used between two postgresCpu snapshots, by what the processes serve (sessions that ended meanwhile are lost). */
function postgresCpuUsed(before: Map<number, { cpu: number }>, after: Map<number, { cpu: number; what: string }>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [pid, a] of after) out.set(a.what, (out.get(a.what) ?? 0) + a.cpu - (before.get(pid)?.cpu ?? 0));
  return out;
}

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

/**
 * `perf record` of every CPU (on-CPU samples only, unlike a V8 profile on a busy machine) while
 * the load runs; node processes started with --perf-basic-prof name their JIT-compiled
 * JavaScript. Answers what took the CPU, by process, and by code for the processes named.
 */
function perfRecorder(dir: string) {
  const file = path.join(dir, `perf-${Date.now()}.data`);
  const child = spawn('perf', ['record', '-F', '499', '-a', '-o', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    async stop(names: Map<number, string>, detailed: { label: string; pids: number[] }[]): Promise<string[]> {
      child.kill('SIGINT');
      await exited;
      if (!existsSync(file)) return [`perf record failed: ${err.trim().slice(0, 300)}`];
      // One line a sample: "comm pid/tid ip symbol (dso)".
      const out = spawnSync('perf', ['script', '-i', file, '-F', 'comm,pid,tid,ip,sym,dso'], {
        encoding: 'utf8',
        maxBuffer: 512 * 1024 * 1024,
      });
      const samples: { pid: number; comm: string; sym: string; dso: string }[] = [];
      for (const line of out.stdout.split('\n')) {
        const m = /^\s*(.+?)\s+(\d+)\/\d+\s+[0-9a-f]+\s+(.*?)\s+\(([^()]*)\)\s*$/.exec(line);
        if (m) samples.push({ comm: m[1], pid: Number(m[2]), sym: m[3], dso: m[4] });
      }
      if (!samples.length) return [`perf script gave no samples: ${out.stderr.slice(0, 300)}`];
      const count = <T>(xs: T[]) => {
        const c = new Map<T, number>();
        for (const x of xs) c.set(x, (c.get(x) ?? 0) + 1);
        return [...c].sort((a, b) => b[1] - a[1]);
      };
      const share = (n: number, of: number) => `${((n / of) * 100).toFixed(1).padStart(5)}%`;
      const nameOf = (x: { pid: number; comm: string }) =>
        names.get(x.pid) ?? (x.comm.startsWith('postgres') ? 'postgresql: other sessions' : x.pid === 0 ? 'idle' : `other: ${x.comm}`);
      const lines = [`the whole machine, ${int(samples.length)} samples, by process (${path.relative(process.cwd(), file)}):`];
      for (const [name, n] of count(samples.map(nameOf)).slice(0, 14)) lines.push(`  ${share(n, samples.length)}  ${name}`);
      const dsoName = (d: string) => (d.includes('kernel') ? 'kernel' : d.includes('/perf-') ? 'JIT code' : path.basename(d));
      for (const { label, pids } of detailed) {
        const mine = samples.filter((x) => pids.includes(x.pid));
        if (!mine.length) continue;
        const dsos = count(mine.map((x) => dsoName(x.dso)))
          .slice(0, 6)
          .map(([d, n]) => `${d} ${Math.round((n / mine.length) * 100)}%`);
        lines.push(`${label} (${share(mine.length, samples.length).trim()} of the machine), by code: ${dsos.join(', ')}`);
        for (const [sym, n] of count(mine.map((x) => `${x.sym.replace(/^JS:\*?/, 'JS ')} [${dsoName(x.dso)}]`)).slice(0, 14))
          lines.push(`  ${share(n, mine.length)}  ${sym.slice(0, 120)}`);
      }
      return lines;
    },
  };
}

/**
 * The statements auto_explain logged (PostgreSQL's log, JSON plans) between two times: by
 * statement, how many, their mean duration, and the plan nodes where the time went.
 */
export function explainedStatements(from: number, to: number): string[] {
  const log = '/var/log/postgresql/postgresql-15-main.log';
  if (!existsSync(log)) return [`no ${log}`];
  const text = readFileSync(log, 'utf8');
  const byQuery = new Map<string, { n: number; ms: number; nodes: Map<string, number> }>();
  const re =
    /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) UTC \[\d+\] (?:\S+ )?LOG: {2}duration: ([\d.]+) ms {2}plan:\n([\s\S]*?)(?=^\d{4}-\d\d-\d\d )/gm;
  for (const m of text.matchAll(re)) {
    const at = Date.parse(`${m[1].replace(' ', 'T')}Z`);
    if (at < from || at > to) continue;
    let plan: any;
    try {
      plan = JSON.parse(m[3]);
    } catch {
      continue;
    }
    const query = String(plan['Query Text'] ?? '')
      .replace(/\s+/g, ' ')
      .slice(0, 60);
    const q = byQuery.get(query) ?? { n: 0, ms: 0, nodes: new Map<string, number>() };
    byQuery.set(query, q);
    q.n++;
    q.ms += Number(m[2]);
    // Each node's own time: its total minus its children's.
    const walk = (node: any) => {
      const total = (node['Actual Total Time'] ?? 0) * (node['Actual Loops'] ?? 1);
      const children = (node.Plans ?? []).reduce((a: number, c: any) => a + (c['Actual Total Time'] ?? 0) * (c['Actual Loops'] ?? 1), 0);
      const name = `${node['Node Type']}${node['Relation Name'] ? ` ${node['Relation Name']}` : ''}${node['Index Name'] ? ` (${node['Index Name']})` : ''}${node['Subplan Name'] ? ` [${node['Subplan Name']}]` : ''}`;
      q.nodes.set(name, (q.nodes.get(name) ?? 0) + Math.max(0, total - children));
      for (const c of node.Plans ?? []) walk(c);
    };
    walk(plan.Plan);
  }
  const lines = ['  statements of worklog sampled by auto_explain during the load (execution only, with instrumentation):'];
  for (const [query, q] of [...byQuery].sort((a, b) => b[1].ms - a[1].ms).slice(0, 6)) {
    lines.push(`    ${String(q.n).padStart(5)} × ${(q.ms / q.n).toFixed(2).padStart(7)} ms  ${query}`);
    const top = [...q.nodes].sort((a, b) => b[1] - a[1]).slice(0, 6);
    for (const [node, ms] of top) lines.push(`              ${(ms / q.n).toFixed(3).padStart(7)} ms  ${node}`);
  }
  return lines;
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

/**
 * The province as seedProvince (scripts/dev/seed-province.ts) seeds it for `npm run up -- --size
 * province`: the organisation, the sample catalog, the objectives and a week of diary entries for
 * the small demo's people and one official in 25. The diary is written one entry at a time here:
 * seedProvince sends a day's entries concurrently, and two entries of one official-day that race
 * the day's row twice are ABORTED (to be retried), which seedDiary does not retry.
 */
async function seedProvinceForBench(targets: { org: string; catalog: string; worklog: string }, token: string, data: ProvinceDataset) {
  const t0 = performance.now();
  const log = (m: string) => say(`  ${m}`);
  const org = new orgV1.OrgServiceClient(targets.org, insecure());
  const catalog = new catalogV1.CatalogServiceClient(targets.catalog, insecure());
  const worklog = new worklogV1.WorklogServiceClient(targets.worklog, insecure());
  const md = () => callMetadata(token);
  try {
    await seedProvinceOrganisation(org, md, data, log);
    const items = await seedCatalog(catalog, md, new Set(data.agencies.map((a) => a.code)), log);
    await seedObjectives(targets.catalog, md, log);
    const small = AGENCIES.flatMap((a) => a.units.flatMap((u) => u.officials.map((name) => ({ key: name, officialId: officialId(name) }))));
    const inSmall = new Set(small.map((p) => p.officialId));
    const sample = data.officials
      .filter((o, i) => i % 25 === 12 && !inSmall.has(o.id))
      .map((o) => ({ key: o.staffCode, officialId: o.id }));
    await seedDiary(worklog, md, [...small, ...sample], items, log, { concurrency: 1, patienceSeconds: 180 });
    log(`province seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    org.close();
    catalog.close();
    worklog.close();
  }
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
  o: { clients: number; concurrency: number; seconds: number; perfDir?: string },
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
      // Polled every 250 ms: each poll is a ClickHouse query in analytics, on the same cores.
      await until(
        'probe visible',
        async () => ((await dailyWork(tp, probeLeader, today, today, probe.agency.id))[0]?.entries === expected ? true : undefined),
        30_000,
        250,
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
  const pgBefore = postgresCpu(tp.platform.databases);
  const brokerBefore = cpuSeconds(tp.platform.broker.child.pid);
  const machineBefore = machineBusySeconds();
  const walStats = async () =>
    (
      await tp.sql(
        'worklog',
        'SELECT wal_records::float8 AS records, wal_fpi::float8 AS fpi, wal_bytes::float8 AS bytes, wal_sync::float8 AS syncs FROM pg_stat_wal',
      )
    )[0] as { records: number; fpi: number; bytes: number; syncs: number };
  const walBefore = await walStats();
  const tableStats = async () =>
    new Map(
      (
        await tp.sql(
          'worklog',
          `SELECT relname, n_tup_ins + n_tup_upd + n_tup_del AS changes, autovacuum_count + autoanalyze_count AS auto, n_dead_tup
             FROM pg_stat_user_tables WHERE relname IN ('work_log_entry', 'diary_day', 'outbox', 'audit_log')`,
        )
      ).map((r) => [r.relname as string, { changes: Number(r.changes), auto: Number(r.auto), dead: Number(r.n_dead_tup) }]),
    );
  const tablesBefore = await tableStats();
  /** LogWork's entries written per statement (WorklogStore's Coalescer), from worklog's /metrics. */
  const coalesced = async () => {
    const text = await (await fetch(tp.platform.metricsUrl('worklog'))).text();
    const value = (series: string) =>
      Number(new RegExp(`^db_coalesced_write_items_${series}\\{writer="worklog-new-entries"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
    return { sum: value('sum'), count: value('count') };
  };
  const coalescedBefore = await coalesced();
  const selfBefore = process.cpuUsage();
  const perf = o.perfDir ? perfRecorder(o.perfDir) : undefined;
  const from = Date.now();
  const started = performance.now();
  const results = await Promise.all(
    Array.from(
      { length: o.clients },
      (_, worker) =>
        new Promise<WorkerResult>((resolve, reject) => {
          const child = fork(__filename, ['--worker'], { execArgv: ['--import', 'tsx', ...(perf ? ['--perf-basic-prof'] : [])] });
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
  const pgUsed = postgresCpuUsed(pgBefore, postgresCpu(tp.platform.databases));
  const postgres = [...pgUsed.values()].reduce((a, b) => a + b, 0);
  const broker = cpuSeconds(tp.platform.broker.child.pid) - brokerBefore;
  const generator = results.reduce((a, r) => a + r.cpuSeconds, 0);
  const selfCpu = process.cpuUsage(selfBefore);
  const bench = (selfCpu.user + selfCpu.system) / 1e6;
  const machine = machineBusySeconds() - machineBefore;
  const walAfter = await walStats();
  const coalescedAfter = await coalesced();
  const tablesAfter = await tableStats();
  const rest = machine - nodeServices - postgres - broker - generator - bench;
  load.before += ` → ${loadAverage()}`;
  const perfNames = new Map<number, string>();
  for (const s of services) perfNames.set(tp.platform.pid(s) ?? -1, `${s} (node)`);
  for (const r of results) perfNames.set(r.pid, 'load generator (node)');
  perfNames.set(tp.platform.broker.child.pid ?? -1, 'kafka broker (node, librdkafka mock cluster)');
  perfNames.set(process.pid, 'this script');
  for (const [pid, x] of postgresCpu(tp.platform.databases)) perfNames.set(pid, `postgresql: ${x.what}`);
  const pgWorklog = [...postgresCpu(tp.platform.databases)].filter(([, x]) => x.what === 'worklog').map(([pid]) => pid);
  const perfLines = perf
    ? await perf.stop(perfNames, [
        { label: 'worklog (node)', pids: [tp.platform.pid('worklog')!] },
        { label: "PostgreSQL sessions of worklog's database", pids: pgWorklog },
        { label: 'analytics (node, chDB)', pids: [tp.platform.pid('analytics')!] },
        { label: 'load generator (node)', pids: results.map((r) => r.pid) },
      ])
    : [];
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
  say(
    `  write → analytics     p50 ${ms(pct(vis, 50))}, max ${ms(vis[vis.length - 1] ?? 0)} over ${vis.length} probes during the load (polled every 250 ms)`,
  );
  say(`  backlog after load    all ${int(stored)} entries of those days in analytics ${drainMs.toFixed(0)} ms after the load stopped`);
  say(`  CPU during the load   (100% = one core; ${cpus().length} cores = ${cpus().length * 100}%; load average ${load.before})`);
  say(`    node services ${share(nodeServices)}: ${serviceCpu.map((x) => `${x.s} ${share(x.used)}`).join(', ')}`);
  say(
    `    postgresql ${share(postgres)}: ${[...pgUsed]
      .sort((a, b) => b[1] - a[1])
      .map(([what, used]) => `${what} ${share(used)}`)
      .join(', ')}`,
  );
  say(`    kafka broker ${share(broker)}, load generator ${share(generator)}, this script ${share(bench)}`);
  say(`    the rest of the machine ${share(Math.max(0, rest))} (other processes, kernel); machine busy ${share(machine)}`);
  const perWrite = (k: keyof typeof walBefore) => (walAfter[k] - walBefore[k]) / Math.max(1, ok);
  say(
    `  WAL (the whole server) per acknowledged write: ${int(perWrite('bytes'))} bytes, ${perWrite('records').toFixed(1)} records, ` +
      `${perWrite('fpi').toFixed(2)} full-page images, ${perWrite('syncs').toFixed(2)} flushes (fsync)`,
  );
  say(
    `  autovacuum/analyze runs during the load: ${[...tablesAfter]
      .map(([t, a]) => `${t} ${a.auto - (tablesBefore.get(t)?.auto ?? 0)} (${int(a.dead)} dead rows at the end)`)
      .join(', ')}`,
  );
  const statements = coalescedAfter.count - coalescedBefore.count;
  if (statements > 0)
    say(
      `  entries per statement ${((coalescedAfter.sum - coalescedBefore.sum) / statements).toFixed(1)} on average ` +
        `(${int(statements)} statements wrote LogWork's new entries)`,
    );
  say(`  PostgreSQL sessions of worklog (pg_stat_activity every 50 ms)`);
  for (const l of sessionLines) say(`    ${l}`);
  if (perfLines.length) {
    say('  perf (on-CPU samples during the load)');
    for (const l of perfLines) say(`    ${l}`);
  }
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
    // The days' totals, added to those the load's entries of the same days already made.
    await db.query(
      `INSERT INTO diary_day AS d (tenant_id, official_id, work_date, total_minutes, entry_count, limit_minutes)
       SELECT tenant_id, official_id, work_date, sum(minutes), count(*), 960 FROM work_log_entry
        WHERE tenant_id = $1 AND work_date BETWEEN $2 AND $3 AND created_by = 'bench-direct-insert' GROUP BY 1, 2, 3
       ON CONFLICT (tenant_id, official_id, work_date) DO UPDATE
         SET total_minutes = d.total_minutes + EXCLUDED.total_minutes, entry_count = d.entry_count + EXCLUDED.entry_count,
             limit_minutes = greatest(d.limit_minutes, d.total_minutes + EXCLUDED.total_minutes)`,
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
  // The services run as deployed (the production build) unless --sources asks for tsx.
  const built = !argv.includes('--sources');
  const profiled = argv.includes('--profile') ? (argv[argv.indexOf('--profile') + 1] as ServiceName) : undefined;
  const perf = argv.includes('--perf');
  const explainSample = arg('explain-sample', 0);
  const quietWait = arg('quiet-wait', 60);

  if (built) {
    say('building the services (npm run build)…');
    const build = spawnSync('npm', ['run', 'build'], { cwd: path.resolve(__dirname, '../..'), stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  say(`load average ${loadAverage()} on ${cpus().length} cores`);
  say(
    `starting the platform (throwaway databases); services: ${built ? 'the production build (dist/<name>/main.js)' : 'TypeScript sources through tsx'}`,
  );
  const env: Record<string, string> = perf ? { NODE_OPTIONS: '--perf-basic-prof' } : {};
  argv.forEach((a, i) => {
    if (a === '--env') {
      const [name, ...value] = argv[i + 1].split('=');
      env[name] = value.join('=');
    }
  });
  if (Object.keys(env).length)
    say(
      `services' settings: ${Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
  const tp = await startTestPlatform([], { built, env });
  const profileDir = path.resolve(__dirname, '../../.run/profiles');
  let profileStart = 0;
  const windows: { label: string; from: number; to: number }[] = [];
  try {
    const t0 = performance.now();
    const seedToken = await tp.platform.idp.mint(DEMO_CLIENTS.find((c) => c.serviceAccount)!.serviceAccount!, {
      expiresInSeconds: 6 * 3600,
    });
    const targets = { org: tp.platform.address('org'), catalog: tp.platform.address('catalog'), worklog: tp.platform.address('worklog') };
    say('seeding the province (as scripts/dev/seed-province.ts does, through the APIs)…');
    const data = generateProvince();
    say(
      `  ${int(data.agencies.length)} agencies, ${int(data.units.length)} units, ${int(data.positions.length)} job positions, ` +
        `${int(data.officials.length)} officials, ${int(data.concurrentPosts.length)} concurrent posts, ${int(data.grants.length)} role grants`,
    );
    await seedProvinceForBench(targets, seedToken, data);
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
    // Statistics, as autovacuum keeps them on a database that has been running: without them the
    // plans PostgreSQL caches for the service's prepared statements are made for empty tables
    // (and kept until the next ANALYZE), which a 20-second load on a just-seeded database would measure.
    await tp.sql('worklog', 'ANALYZE');
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

    if (explainSample > 0) {
      // New sessions of worklog's database log a sample of their statements with their plans.
      const db = new URL(tp.platform.databaseUrl('worklog')).pathname.slice(1);
      for (const setting of [
        "session_preload_libraries = 'auto_explain'",
        'auto_explain.log_min_duration = 0',
        `auto_explain.sample_rate = ${explainSample}`,
        'auto_explain.log_analyze = on',
        'auto_explain.log_buffers = on',
        "auto_explain.log_format = 'json'",
      ])
        await tp.sql('worklog', `ALTER DATABASE ${db} SET ${setting}`);
      await tp.platform.stopService('worklog');
      await tp.platform.startService('worklog');
      tp.reconnect();
    }
    if (profiled) {
      mkdirSync(profileDir, { recursive: true });
      await tp.platform.stopService(profiled);
      profileStart = Date.now();
      await tp.platform.startService(profiled, {}, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
      tp.reconnect();
      say(`profiling ${profiled}: the profile is written to ${profileDir} when it stops`);
    }
    const c: Context = { tp, data, tokens, officials, days, items, leaderToken };
    // Let the seeding's aftermath settle (consumers, merges, autovacuum), and other work on the
    // machine end: until the whole machine is nearly idle for 3 s, for at most --quiet-wait s.
    const settled = Date.now();
    const services = SERVICES.map((x) => x.name);
    let idle = '';
    for (let busy = 1; busy > 0.25 && Date.now() - settled < quietWait * 1000; ) {
      const b0 = machineBusySeconds();
      const s0 = services.map((x) => cpuSeconds(tp.platform.pid(x)));
      await sleep(3000);
      busy = (machineBusySeconds() - b0) / 3;
      idle = services.map((x, i) => `${x} ${Math.round(((cpuSeconds(tp.platform.pid(x)) - s0[i]) / 3) * 100)}%`).join(', ');
    }
    say(`settled in ${((Date.now() - settled) / 1000).toFixed(0)} s; load average ${loadAverage()} before the load`);
    say(`CPU of the services idle (the last 3 s): ${idle}`);
    if (perf) mkdirSync(profileDir, { recursive: true });
    if (seconds > 0)
      windows.push({
        label: 'the sustained load',
        ...(await sustainedLoad(c, { clients, concurrency, seconds, perfDir: perf ? profileDir : undefined })),
      });
    if (explainSample > 0 && windows.length) say(explainedStatements(windows[0].from, windows[0].to).join('\n'));
    if (batchSize > 0 && batchCount > 0) windows.push({ label: 'the batches', ...(await batches(c, batchSize, batchCount)) });
    if (monthRows > 0) await unitMonth(c, monthRows);
  } finally {
    await tp.stop();
  }
  if (profiled) {
    const files = existsSync(profileDir)
      ? readdirSync(profileDir)
          // CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile: thread 0 is the main thread (tsx adds a loader thread).
          .filter((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f))
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
      const [fromMs, toMs] = [w.from - profileStart, w.to - profileStart].map((x) => x.toFixed(0));
      say(`CPU profile of ${profiled} during ${w.label} (${path.relative(process.cwd(), files[0])}, ${fromMs}–${toMs} ms)`);
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
