/**
 * Authorization policy benchmark: builds, in this process, the org directory every service holds
 * in memory (OrgDirectory, filled by DirectorySync as at a service's start) for a province of
 * about 10,000 units up to six levels deep, with officials, their posts over time and role
 * grants (unit heads, agency leaders, HR administrators, the province leader, auditors,
 * integrators); then times the policy's decisions (packages/kit policy.ts) as the services make
 * them: a caller's scope for an action (a token seen before, and a new one), whether a unit or an
 * official's records are in reach today and at past dates (units that moved, merged, officials
 * who changed posts), a whole call's check, and the filters of lists by reach. Prints mean, p50
 * and p99 per decision in microseconds, decisions per second, and the time and memory to build
 * the directory. No database, broker or network: the figures are the policy's own.
 *
 *   npm run bench:policy -- [--units 10000] [--agencies 40] [--depth 6] [--officials 25000]
 *                           [--decisions 100000]   (timed decisions of each kind)
 *                           [--seed 1]             (the same seed builds the same province)
 */
import { cpus, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DirectorySync } from '@thuocdo/directory/src/sync';
import {
  type Action,
  coversOfficial,
  coversUnit,
  type DirectoryRecord,
  type DirectoryUnit,
  datedReach,
  identify,
  isEmptyScope,
  type Logger,
  OrgDirectory,
  type Principal,
  type Role,
  reachOn,
  requireScope,
  scopeFor,
  todayInVietnam,
} from '@thuocdo/kit';
import { random } from './random';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const say = (m: string) => process.stdout.write(`${m}\n`);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

const TENANT = 'bench-province';
const TODAY = todayInVietnam();
/** Units created before this, officials hired from it. */
const FOUNDED = '2015-01-01';
/** Some units moved under another parent on this day. */
const MOVED_ON = '2024-01-01';
/** Some units were merged into a sibling on this day. */
const MERGED_ON = '2025-01-01';
/** Past dates decisions are asked about: before the moves, between the moves and the merges. */
const BEFORE_MOVES = '2023-06-15';
const BETWEEN = '2024-06-15';

interface GenUnit {
  id: string;
  agencyId: string;
  depth: number;
  parent: string | null;
  /** The parent before MOVED_ON, for units that moved. */
  formerParent: string | null;
  children: string[];
  validFrom: string;
  dissolved: boolean;
  predecessors: string[];
}

interface GenOfficial {
  id: string;
  subject: string | null;
  unitId: string;
  agencyId: string;
  /** The unit of the main post before a transfer, and the day of the transfer. */
  formerUnitId: string | null;
  transferredOn: string | null;
}

/** A province: agencies of very different sizes, each a tree of units with some history, officials, posts and grants. */
function province(o: { units: number; agencies: number; depth: number; officials: number; seed: number }) {
  const r = random(o.seed);
  const records: DirectoryRecord[] = [];
  const agencies = Array.from({ length: o.agencies }, () => r.uuid());
  for (const id of agencies) records.push({ kind: 'agency', id, version: 1, removed: false, value: { id, tenantId: TENANT } });

  // Units per agency: a few large agencies (education, health, the communes' share), many small ones.
  const weights = agencies.map((_, i) => 1 / (i + 1) ** 0.8);
  const total = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.max(3, Math.round((o.units * w) / total)));
  sizes[0] += o.units - sizes.reduce((a, b) => a + b, 0);

  // Each unit below the top level goes under a unit one level up; most units sit at levels 2–3.
  const levelShare = [0, 0, 0.3, 0.3, 0.2, 0.12, 0.08];
  const units = new Map<string, GenUnit>();
  const byAgencyDepth = new Map<string, string[][]>();
  agencies.forEach((agencyId, a) => {
    const levels: string[][] = Array.from({ length: o.depth + 1 }, () => []);
    byAgencyDepth.set(agencyId, levels);
    const add = (depth: number, parent: string | null) => {
      const u: GenUnit = {
        id: r.uuid(),
        agencyId,
        depth,
        parent,
        formerParent: null,
        children: [],
        validFrom: r.next() < 0.8 ? FOUNDED : r.date(FOUNDED, '2023-01-01'),
        dissolved: false,
        predecessors: [],
      };
      units.set(u.id, u);
      levels[depth].push(u.id);
      if (parent) units.get(parent)!.children.push(u.id);
    };
    const top = Math.min(sizes[a], 3 + r.int(6));
    for (let i = 0; i < top; i++) add(1, null);
    for (let i = top; i < sizes[a]; i++) {
      let x = r.next();
      let depth = 2;
      while (depth < o.depth && x > (levelShare[depth] ?? 0)) x -= levelShare[depth++] ?? 0;
      while (!levels[depth - 1].length) depth--;
      add(depth, r.pick(levels[depth - 1]));
    }
  });
  const all = [...units.values()];

  // History: 4% of the units below the top moved under another unit of the same level on MOVED_ON;
  // 2% of the leaves were merged into a sibling on MERGED_ON (the sibling lists them as predecessors).
  for (const u of all) {
    if (u.depth < 2 || r.next() >= 0.04) continue;
    const candidates = byAgencyDepth.get(u.agencyId)![u.depth - 1].filter((p) => p !== u.parent && !units.get(p)!.dissolved);
    if (!candidates.length) continue;
    const to = r.pick(candidates);
    const from = units.get(u.parent!)!;
    from.children = from.children.filter((c) => c !== u.id);
    units.get(to)!.children.push(u.id);
    u.formerParent = u.parent;
    u.parent = to;
    if (u.validFrom >= MOVED_ON) u.validFrom = FOUNDED;
  }
  for (const u of all) {
    if (u.depth < 2 || u.children.length || r.next() >= 0.02) continue;
    const siblings = units.get(u.parent!)!.children.filter((c) => c !== u.id && !units.get(c)!.dissolved);
    if (!siblings.length) continue;
    u.dissolved = true;
    units.get(r.pick(siblings))!.predecessors.push(u.id);
    units.get(u.parent!)!.children = units.get(u.parent!)!.children.filter((c) => c !== u.id);
  }
  for (const u of all) {
    const end = u.dissolved ? MERGED_ON : null;
    const periods = u.formerParent
      ? [
          { validFrom: u.validFrom, validTo: MOVED_ON, parentUnitId: u.formerParent },
          { validFrom: MOVED_ON, validTo: end, parentUnitId: u.parent },
        ]
      : [{ validFrom: u.validFrom, validTo: end, parentUnitId: u.parent }];
    const value: DirectoryUnit = {
      id: u.id,
      tenantId: TENANT,
      agencyId: u.agencyId,
      validFrom: u.validFrom,
      validTo: end,
      periods,
      predecessors: u.predecessors,
    };
    records.push({
      kind: 'unit',
      id: u.id,
      version: u.formerParent || u.dissolved || u.predecessors.length ? 2 : 1,
      removed: false,
      value,
    });
  }

  // Officials: each posted in a unit in force; 10% transferred from another unit of the agency, 5%
  // with a concurrent post (kiêm nhiệm), 2% retired; 70% known by their identity-provider subject.
  const inForce = all.filter((u) => !u.dissolved);
  const staff = new Map<string, string[]>();
  const officials: GenOfficial[] = [];
  const post = (
    officialId: string,
    agencyId: string,
    unitId: string,
    kind: 'MAIN' | 'CONCURRENT',
    validFrom: string,
    validTo: string | null,
  ) => {
    const id = r.uuid();
    records.push({
      kind: 'membership',
      id,
      version: validTo ? 2 : 1,
      removed: false,
      value: { id, tenantId: TENANT, officialId, agencyId, unitId, kind, validFrom, validTo },
    });
  };
  for (let i = 0; i < o.officials; i++) {
    // The first official of every unit is placed in turn, so that every unit has someone to head it.
    const u = i < inForce.length ? inForce[i] : r.pick(inForce);
    const id = r.uuid();
    const subject = r.next() < 0.7 ? `kc-${r.uuid()}` : null;
    const retired = i >= inForce.length && r.next() < 0.02;
    const transfer = i >= inForce.length && !retired && r.next() < 0.1;
    records.push({
      kind: 'official',
      id,
      version: 1,
      removed: false,
      value: { id, tenantId: TENANT, idpSubject: subject, active: !retired },
    });
    const hired = r.date(FOUNDED, '2022-01-01');
    const official: GenOfficial = { id, subject, unitId: u.id, agencyId: u.agencyId, formerUnitId: null, transferredOn: null };
    if (transfer) {
      const from = units.get(r.pick(byAgencyDepth.get(u.agencyId)!.flat()))!;
      const on = r.date('2022-06-01', from.dissolved ? MERGED_ON : '2026-01-01');
      if (from.id !== u.id && from.validFrom < hired) {
        post(id, u.agencyId, from.id, 'MAIN', hired, on);
        official.formerUnitId = from.id;
        official.transferredOn = on;
      }
    }
    post(id, u.agencyId, u.id, 'MAIN', official.transferredOn ?? hired, retired ? r.date('2024-01-01', TODAY) : null);
    if (r.next() < 0.05) {
      const other = r.pick(inForce);
      if (other.id !== u.id) post(id, other.agencyId, other.id, 'CONCURRENT', r.date('2023-01-01', '2026-01-01'), null);
    }
    officials.push(official);
    const list = staff.get(u.id);
    if (list) list.push(id);
    else staff.set(u.id, [id]);
  }

  // Grants: a head for every unit (10% also with the former head's ended grant), a leader and an
  // HR administrator for every agency, tenant-wide HR, the province leader, an auditor, integrators.
  const grant = (
    grantee: { officialId: string } | { clientId: string },
    role: Role,
    nodeKind: 'TENANT' | 'AGENCY' | 'UNIT',
    nodeId: string,
    validFrom = '2020-01-01',
    validTo: string | null = null,
  ) => {
    const id = r.uuid();
    records.push({
      kind: 'role_grant',
      id,
      version: 1,
      removed: false,
      value: {
        id,
        tenantId: TENANT,
        officialId: 'officialId' in grantee ? grantee.officialId : null,
        clientId: 'clientId' in grantee ? grantee.clientId : null,
        role,
        nodeKind,
        nodeId,
        validFrom,
        validTo,
      },
    });
  };
  const headOf = new Map<string, string>();
  for (const u of inForce) {
    const people = staff.get(u.id)!;
    headOf.set(u.id, people[0]);
    if (r.next() < 0.1 && people.length > 1) grant({ officialId: people[1] }, 'unit_head', 'UNIT', u.id, FOUNDED, '2020-01-01');
    grant({ officialId: people[0] }, 'unit_head', 'UNIT', u.id);
  }
  const leaders = new Map<string, string>();
  for (const agencyId of agencies) {
    const top = byAgencyDepth.get(agencyId)![1];
    const people = staff.get(top[0])!;
    leaders.set(agencyId, people[people.length - 1]);
    grant({ officialId: people[people.length - 1] }, 'agency_leader', 'AGENCY', agencyId);
    grant({ officialId: staff.get(top[top.length - 1])!.at(-1)! }, 'hr_admin', 'AGENCY', agencyId);
  }
  const provinceLeader = staff.get(byAgencyDepth.get(agencies[0])![1][0])!.at(-1)!;
  grant({ officialId: provinceLeader }, 'province_leader', 'TENANT', TENANT);
  grant({ officialId: staff.get(byAgencyDepth.get(agencies[1])![1][0])![0] }, 'hr_admin', 'TENANT', TENANT);
  grant({ officialId: staff.get(byAgencyDepth.get(agencies[2])![1][0])![0] }, 'auditor', 'TENANT', TENANT);
  for (const agencyId of agencies.slice(0, 5)) grant({ clientId: 'eoffice' }, 'integrator', 'AGENCY', agencyId);

  const holders = new Set(records.flatMap((x) => (x.kind === 'role_grant' && x.value.officialId ? [x.value.officialId] : [])));
  return { records, units, byAgencyDepth, officials, staff, headOf, leaders, provinceLeader, agencies, holders };
}

type Province = ReturnType<typeof province>;

/** Every unit under a unit, as the tree stands today (the unit itself included). */
function subtree(p: Province, id: string): Set<string> {
  const out = new Set<string>();
  const walk = (x: string) => {
    out.add(x);
    for (const c of p.units.get(x)!.children) walk(c);
  };
  walk(id);
  return out;
}

interface Timed {
  allowed: number;
  n: number;
  mean: number;
  p50: number;
  p99: number;
  perSecond: number;
}

const pct = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * Runs the cases in turn: first untimed (the JIT settles), then each call timed on its own (the
 * distribution, in µs), then the same calls without timers around each (decisions per second).
 */
function time(cases: (() => boolean)[], n: number): Timed {
  for (let i = 0; i < Math.min(n, 20_000); i++) cases[i % cases.length]();
  const lat = new Float64Array(n);
  let allowed = 0;
  for (let i = 0; i < n; i++) {
    const c = cases[i % cases.length];
    const t0 = performance.now();
    const ok = c();
    lat[i] = (performance.now() - t0) * 1000;
    if (ok) allowed++;
  }
  let sink = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) if (cases[i % cases.length]()) sink++;
  const seconds = (performance.now() - t0) / 1000;
  if (sink !== allowed) throw new Error(`a decision changed between two runs (${sink} allowed, then ${allowed})`);
  const mean = lat.reduce((a, b) => a + b, 0) / n;
  lat.sort();
  return { allowed, n, mean, p50: pct(lat, 50), p99: pct(lat, 99), perSecond: n / seconds };
}

const us = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0)).padStart(7);
const int = (x: number) => Math.round(x).toLocaleString('en-US');

async function main() {
  const opts = {
    units: arg('units', 10_000),
    agencies: arg('agencies', 40),
    depth: arg('depth', 6),
    officials: arg('officials', 25_000),
    seed: arg('seed', 1),
  };
  const decisions = arg('decisions', 100_000);
  if (opts.officials < opts.units) throw new Error('--officials must be at least --units (every unit gets a head)');

  const g0 = performance.now();
  const p = province(opts);
  const generatedMs = performance.now() - g0;
  const counts = new Map<string, number>();
  for (const rec of p.records) counts.set(rec.kind, (counts.get(rec.kind) ?? 0) + 1);
  const depths = new Map<number, number>();
  for (const u of p.units.values()) depths.set(u.depth, (depths.get(u.depth) ?? 0) + 1);
  const perAgency = p.agencies.map((a) => p.byAgencyDepth.get(a)!.flat().length).sort((a, b) => a - b);

  // What a service reads at start: rows of its directory table, each record as JSON text (pg
  // parses it), applied page by page by DirectorySync into OrgDirectory.
  const rows = p.records.map((rec) => ({
    kind: rec.kind,
    id: rec.id,
    version: rec.version,
    removed: rec.removed,
    text: JSON.stringify(rec.value),
  }));
  p.records.length = 0;
  const silent = { info() {}, warn() {}, error() {}, debug() {} } as unknown as Logger;
  const load = async () => {
    const sync = new DirectorySync<number>(
      {
        start: 0,
        async changesSince(cursor, limit) {
          const page = rows.slice(cursor, cursor + limit);
          return {
            records: page.map(
              (x) => ({ kind: x.kind, id: x.id, version: x.version, removed: x.removed, value: JSON.parse(x.text) }) as DirectoryRecord,
            ),
            cursor: cursor + page.length,
            more: cursor + page.length < rows.length,
          };
        },
      },
      silent,
      3_600_000,
    );
    const t0 = performance.now();
    await sync.start();
    const ms = performance.now() - t0;
    await sync.stop();
    return { directory: sync.directory, ms };
  };
  const heapBefore = heapMb();
  const rssBefore = process.memoryUsage().rss / 1024 / 1024;
  const first = await load();
  const dir: OrgDirectory = first.directory;
  const heldMb = heapMb() - heapBefore;
  const rssMb = process.memoryUsage().rss / 1024 / 1024 - rssBefore;
  const again: number[] = [];
  for (let i = 0; i < 3; i++) again.push((await load()).ms);
  again.sort((a, b) => a - b);
  // Applying records already parsed (a consumer's batch, or a replica catching up).
  const parsed = rows.map(
    (x) => ({ kind: x.kind, id: x.id, version: x.version, removed: x.removed, value: JSON.parse(x.text) }) as DirectoryRecord,
  );
  const applyMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const d = new OrgDirectory();
    const t0 = performance.now();
    for (const rec of parsed) d.apply(rec);
    applyMs.push(performance.now() - t0);
  }
  applyMs.sort((a, b) => a - b);
  parsed.length = 0;

  // Callers.
  const person = (officialId: string): Principal => ({
    subject: `subject-${officialId}`,
    tenantId: TENANT,
    officialId,
    roles: [],
    clientId: 'thuocdo-web',
    serviceAccount: false,
  });
  const bySubject = (o: GenOfficial): Principal => ({ ...person(''), subject: o.subject! });
  const agency0 = p.agencies[0];
  const levels = p.byAgencyDepth.get(agency0)!;
  const topUnit = [...levels[1]].sort((a, b) => subtree(p, b).size - subtree(p, a).size)[0];
  const topTree = subtree(p, topUnit);
  const deepest = levels.findLastIndex((l) => l.some((u) => !p.units.get(u)!.dissolved));
  const deepUnit = levels[deepest].find((u) => !p.units.get(u)!.dissolved)!;
  const midUnit = levels[3].find((u) => [...subtree(p, u)].some((x) => p.units.get(x)!.depth >= 5)) ?? levels[3][0];
  const midTree = subtree(p, midUnit);
  const topHead = person(p.headOf.get(topUnit)!);
  const midHead = person(p.headOf.get(midUnit)!);
  const deepHead = person(p.headOf.get(deepUnit)!);
  const leader = person(p.leaders.get(agency0)!);
  const provinceLeader = person(p.provinceLeader);
  // An official holding no grant, ever: their own records only.
  const plain = person(
    p.officials.find((o) => o.unitId === deepUnit && !p.holders.has(o.id))?.id ?? p.officials.find((o) => !p.holders.has(o.id))!.id,
  );
  const stranger = person('0190f3a2-0000-7000-8000-00000000dead');
  const integrator: Principal = { ...person(''), subject: 'service-account-eoffice', clientId: 'eoffice', serviceAccount: true };
  const known = p.officials.filter((o) => o.subject);
  const scope = (who: Principal, action: Action = 'worklog.read') => scopeFor(who, action, dir, TODAY);

  const say2 = (label: string, value: string) => say(`  ${label.padEnd(36)} ${value}`);
  say('');
  say('Authorization policy benchmark');
  say2('machine', `${cpus().length} × ${cpus()[0]?.model.trim()}, Node.js ${process.version}, load average ${loadavg()[0].toFixed(1)}`);
  say2(
    'directory',
    `${int(counts.get('agency')!)} agencies, ${int(counts.get('unit')!)} units, ${int(counts.get('official')!)} officials, ${int(
      counts.get('membership')!,
    )} posts, ${int(counts.get('role_grant')!)} grants (${int(rows.length)} records, ${(JSON.stringify(rows).length / 1024 / 1024).toFixed(0)} MB as JSON)`,
  );
  say2(
    'units by level (1 = top)',
    `${[...depths]
      .sort(([a], [b]) => a - b)
      .map(([d, n]) => `${d}: ${int(n)}`)
      .join(', ')}; per agency ${perAgency[0]}–${perAgency.at(-1)} (median ${perAgency[perAgency.length >> 1]})`,
  );
  say2(
    'history',
    `${[...p.units.values()].filter((u) => u.formerParent).length} units moved on ${MOVED_ON}, ${
      [...p.units.values()].filter((u) => u.dissolved).length
    } merged into a sibling on ${MERGED_ON}, ${p.officials.filter((o) => o.formerUnitId).length} officials transferred`,
  );
  say2('records generated in', `${generatedMs.toFixed(0)} ms (not part of the figures below)`);
  say('');
  say('  building the directory from its stored rows (JSON per record, DirectorySync pages of 5,000 into OrgDirectory)');
  say2('first load (cold JIT, as at start)', `${first.ms.toFixed(0)} ms = ${int(rows.length / (first.ms / 1000))} records/s`);
  say2('again (median of 3)', `${again[1].toFixed(0)} ms`);
  say2('apply only, records parsed', `${applyMs[1].toFixed(0)} ms (median of 3) = ${int(rows.length / (applyMs[1] / 1000))} records/s`);
  say2(
    'memory held by the directory',
    `${heldMb.toFixed(1)} MB of V8 heap after GC (resident set grew ${rssMb.toFixed(0)} MB while loading)`,
  );

  // Decisions.
  const r = random(opts.seed + 1);
  const units = [...p.units.values()];
  const deepIn = [...topTree].filter((u) => p.units.get(u)!.depth >= 5);
  const deepOut = units.filter((u) => u.depth >= 5 && !topTree.has(u.id)).map((u) => u.id);
  const shallowIn = [...topTree].filter((u) => p.units.get(u)!.depth <= 2);
  const shallowOut = units.filter((u) => u.depth <= 2 && !topTree.has(u.id)).map((u) => u.id);
  const sample = <T>(xs: T[], n: number) => Array.from({ length: n }, () => r.pick(xs));
  const mix = <T>(a: T[], b: T[], n = 500) => r.shuffle([...sample(a, n), ...sample(b, n)]);

  const rowsOut: [string, Timed][] = [];
  const run = (label: string, cases: (() => boolean)[], n = decisions) => {
    const t = time(cases, n);
    rowsOut.push([label, t]);
  };

  // Timer overhead: the same measurement around a call that decides nothing.
  run('(timer around an empty call)', [() => true]);

  // 1. The caller's scope for the RPC's action, as the gRPC server works it out before every call.
  const callers: [Principal, Action][] = [
    [topHead, 'worklog.read'],
    [midHead, 'org.official.read'],
    [deepHead, 'analytics.read'],
    [leader, 'org.unit.manage'],
    [provinceLeader, 'analytics.read'],
    [plain, 'worklog.write'],
    [plain, 'analytics.read'], // denied: an official without grants
    [stranger, 'worklog.read'], // denied: unknown to the directory
    [deepHead, 'org.grant.manage'], // denied: a unit head grants nothing
    [integrator, 'worklog.write'],
  ];
  const decide = (who: Principal, action: Action) => !isEmptyScope(scopeFor(identify(who, dir), action, dir, TODAY));
  run(
    'scope, token seen before',
    r.shuffle(callers.flatMap(([who, action]) => Array.from({ length: 10 }, () => () => decide(who, action)))),
  );
  // A new token (or the first call after any directory change): the scope is worked out again.
  // Half the people are known by their identity-provider subject only.
  const fresh: (() => boolean)[] = r.shuffle([
    ...callers.flatMap(([who, action]) => Array.from({ length: 20 }, () => () => decide({ ...who }, action))),
    ...sample(known, 200).map((o) => () => decide(bySubject(o), 'worklog.write')),
  ]);
  run('scope, new token', fresh);

  // 2. Whether a unit's records are in reach (coversUnit), as the head of a top unit sees them.
  const top = scope(topHead);
  run(
    'unit, today, levels 5–6',
    mix(deepIn, deepOut).map((u) => () => coversUnit(top, dir, u, TODAY)),
  );
  run(
    'unit, today, levels 1–2',
    mix(shallowIn, shallowOut).map((u) => () => coversUnit(top, dir, u, TODAY)),
  );
  // At past dates: units that moved, judged by where they lay that day by the heads of their old
  // and new parents; units merged away, by the head of the unit they went into.
  const moved = units.filter((u) => u.formerParent && !u.dissolved);
  const merged = units.filter((u) => u.dissolved);
  const successorOf = new Map(units.flatMap((u) => u.predecessors.map((x) => [x, u.id] as const)));
  const pastCases: (() => boolean)[] = [];
  for (const u of sample(moved, 300)) {
    if (!p.headOf.has(u.formerParent!)) continue; // the former parent was merged away
    const was = scope(person(p.headOf.get(u.formerParent!)!));
    const now = scope(person(p.headOf.get(u.parent!)!));
    for (const d of [BEFORE_MOVES, TODAY])
      pastCases.push(
        () => coversUnit(was, dir, u.id, d),
        () => coversUnit(now, dir, u.id, d),
      );
  }
  for (const u of sample(merged, 200)) {
    const s = scope(person(p.headOf.get(successorOf.get(u.id)!)!));
    pastCases.push(() => coversUnit(s, dir, u.id, BETWEEN));
  }
  run('unit, past dates (moves, merges)', r.shuffle(pastCases));

  // 3. Whether an official's records of a day are in reach (coversOfficial): their posts that day.
  const staffIn = [...midTree].flatMap((u) => p.staff.get(u) ?? []);
  const staffOut = p.officials.filter((o) => o.agencyId === agency0 && !midTree.has(o.unitId)).map((o) => o.id);
  const mid = scope(midHead);
  run(
    'official, today',
    mix(staffIn, staffOut).map((o) => () => coversOfficial(mid, dir, o, TODAY)),
  );
  const transferred = p.officials.filter((o) => o.formerUnitId && o.transferredOn! > BEFORE_MOVES);
  const officialPast: (() => boolean)[] = [];
  for (const o of sample(transferred, 400)) {
    const head = p.headOf.get(o.formerUnitId!);
    if (!head) continue; // the former unit was merged away
    const s = scope(person(head));
    officialPast.push(
      () => coversOfficial(s, dir, o.id, BEFORE_MOVES),
      () => coversOfficial(s, dir, o.id, TODAY),
    );
  }
  run('official, past dates (transfers)', r.shuffle(officialPast));
  const wide = [scope(leader), scope(provinceLeader), scope(plain)];
  run(
    'official, agency/tenant/self scope',
    r
      .shuffle(sample(p.officials, 1000))
      .map((o, i) => () => coversOfficial(wide[i % 3], dir, i % 3 === 2 ? plain.officialId : o.id, i % 2 ? TODAY : BETWEEN)),
  );

  // 4. A whole call's check: the caller (token seen before) reading an official's diary for a day,
  // as worklog's ListWorkLogs does; refusals throw PermissionDeniedError as in the services.
  const readers = [topHead, midHead, deepHead, leader, provinceLeader, plain, stranger];
  const officialIds = p.officials.map((o) => o.id);
  run(
    'whole call: scope + official on a date',
    sample(officialIds, 1000).map((o, i) => {
      const who = readers[i % readers.length];
      const d = i % 3 ? TODAY : BETWEEN;
      return () => {
        try {
          const s = requireScope(identify(who, dir), 'worklog.read', dir, TODAY);
          return coversOfficial(s, dir, i % readers.length === 5 ? plain.officialId : o, d);
        } catch {
          return false;
        }
      };
    }),
  );

  // A refusal alone: the caller holds nothing for the action, and the error the services answer with is built.
  const refused: [Principal, Action][] = [
    [stranger, 'worklog.read'],
    [plain, 'analytics.read'],
    [deepHead, 'org.grant.manage'],
  ];
  run(
    'refused call (PermissionDeniedError)',
    refused.map(([who, action]) => () => {
      try {
        requireScope(identify(who, dir), action, dir, TODAY);
        return true;
      } catch {
        return false;
      }
    }),
  );

  say('');
  say(`  decisions (${int(decisions)} timed of each kind, today ${TODAY}; past dates ${BEFORE_MOVES}, ${BETWEEN})`);
  say(`    ${'kind'.padEnd(40)} allowed    mean µs   p50 µs   p99 µs   decisions/s`);
  for (const [label, t] of rowsOut)
    say(
      `    ${label.padEnd(40)} ${`${Math.round((t.allowed / t.n) * 100)}%`.padStart(7)} ${us(t.mean)}  ${us(t.p50)}  ${us(t.p99)}   ${int(
        t.perSecond,
      ).padStart(11)}`,
    );
  say('    (each call timed on its own includes the timer, shown on the first line; decisions/s are measured without it)');

  // 5. Filters of lists by reach: the units a unit head's lists are limited to. The first list after
  // a new token or a directory change works them out (cold); later lists reuse them (cached).
  const listN = Math.max(200, Math.round(decisions / 100));
  const reachRows: string[] = [];
  const lists: [string, Principal][] = [
    [`head of a top unit (${topTree.size} units below)`, topHead],
    [`head of a level-3 unit (${midTree.size} units below)`, midHead],
    [`head of a level-${p.units.get(deepUnit)!.depth} unit`, deepHead],
    ['agency leader', leader],
    ['province leader', provinceLeader],
  ];
  for (const [label, who] of lists) {
    const warmScope = scope(who);
    const size = reachOn(warmScope, dir, TODAY).units.length;
    const intervals = datedReach(warmScope, dir).intervals.length;
    const cold = time([() => reachOn(scope({ ...who }), dir, TODAY).all || true], listN);
    const coldDated = time([() => datedReach(scope({ ...who }), dir).all || true], listN);
    const warm = time([() => reachOn(warmScope, dir, TODAY).all || true], decisions);
    reachRows.push(
      `    ${label.padEnd(40)} ${String(size).padStart(6)} ${String(intervals).padStart(9)}  ${us(cold.p50)} ${us(cold.p99)}  ${us(
        coldDated.p50,
      )} ${us(coldDated.p99)}  ${us(warm.p50)} ${us(warm.p99)}`,
    );
  }
  say('');
  say('  list filters by reach (reachOn: officials, posts, grants; datedReach: diary entries), µs');
  say(`    ${'caller'.padEnd(40)}  units intervals   reachOn, cold    datedReach, cold  reachOn, cached`);
  say(`    ${''.padEnd(40)} ${''.padStart(6)} ${''.padStart(9)}      p50     p99      p50     p99      p50     p99`);
  for (const line of reachRows) say(line);
  say(`    (cold: ${int(listN)} runs, each with a new token so that the scope and the units are worked out again)`);
  say(`  load average (1 min) at the end ${loadavg()[0].toFixed(1)}`);
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
