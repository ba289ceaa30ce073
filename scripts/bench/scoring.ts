/**
 * Scoring engine benchmark: a province-month in memory (by default 7,000 officials in 51
 * agencies, one manager per 8 officials, about 1.2 million diary entries and 150,000 tasks, made
 * by a seeded generator), scored by the Decree 335 pack from the raw facts: the facts grouped by
 * official, each official's products, the scores with their breakdown (staff before their
 * managers), and the quota in every agency. Prints the time of each step, the heap and resident
 * memory, and the grade distribution; it passes or fails nothing.
 *
 * Then the same size of month in a throwaway PostgreSQL database with scoring's migrations,
 * closed as ClosePeriod closes it (reads, scores with breakdowns, the results written): the
 * issue's "recompute a province-month" figure. --no-database skips it.
 *
 * Each official's entries fall on `--items-per-official` items of the 135-item catalog (those of
 * their job, as diaries do); a diary product is an official's entries of one item.
 *
 *   npm run bench:scoring -- [--officials 7000] [--agencies 51] [--entries 1200000] [--tasks 150000]
 *                            [--items-per-official 12] [--runs 3] [--seed 1] [--no-database]
 */
import { randomUUID } from 'node:crypto';
import { DIRECTORY_MIGRATIONS } from '@thuocdo/directory';
import { type Actor, assetPath, OrgDirectory, todayInVietnam } from '@thuocdo/kit';
import { EventEncoder } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import { migratedTestDatabase } from '@thuocdo/testing';
import { DECREE_335_2025 } from '../../services/scoring/src/domain/packs';
import { parsePeriod } from '../../services/scoring/src/domain/period';
import { type DiaryFact, productsOf, type TaskFact } from '../../services/scoring/src/domain/products';
import { applyQuota } from '../../services/scoring/src/domain/quota';
import type { Grade } from '../../services/scoring/src/domain/rule-pack';
import { type OfficialPeriodInput, scoreOfficials } from '../../services/scoring/src/domain/score';
import { resultEvents } from '../../services/scoring/src/events/result-events';
import { saveClosed, scoreTenant } from '../../services/scoring/src/grpc/scoring-service';
import { AssessmentStore } from '../../services/scoring/src/store/assessment-store';
import { FactStore } from '../../services/scoring/src/store/fact-store';
import { PackChoiceStore } from '../../services/scoring/src/store/pack-choice-store';
import { PeriodStore } from '../../services/scoring/src/store/period-store';
import { UnitKpiStore } from '../../services/scoring/src/store/unit-kpi-store';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const say = (m: string) => process.stdout.write(`${m}\n`);
const int = (x: number) => Math.round(x).toLocaleString('en-US');
const mb = (bytes: number) => `${int(bytes / 1024 / 1024)} MB`;

const officials = arg('officials', 7000);
const agencies = arg('agencies', 51);
const entries = arg('entries', 1_200_000);
const taskCount = arg('tasks', 150_000);
const runs = arg('runs', 3);
const itemsPerOfficial = arg('items-per-official', 12);

// A small seeded generator (mulberry32): the same data on every run and every machine.
let state = arg('seed', 1) >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
const id = (kind: string, n: number) => `${kind}-${String(n).padStart(8, '0')}`;

function generate() {
  const people = Array.from({ length: officials }, (_, i) => ({
    id: id('o', i),
    agencyId: id('a', i % agencies),
    isManager: i % 8 === 0,
    dutyGroup: i % 8 === 0 ? 'managers' : pick(['specialists', 'clerks', 'inspectors']),
  }));
  const tasks: TaskFact[] = Array.from({ length: taskCount }, (_, i) => {
    const status = pick(['APPROVED', 'APPROVED', 'APPROVED', 'APPROVED', 'SUBMITTED', 'IN_PROGRESS', 'RETURNED', 'CANCELLED'] as const);
    const late = random() < 0.15;
    return {
      id: id('t', i),
      leadAssigneeId: people[Math.floor(random() * officials)].id,
      status,
      dueDate: `2026-03-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
      assignedMinutes: 30 + Math.floor(random() * 600),
      quality: status === 'APPROVED' ? (random() < 0.95 ? 'MEETS_REQUIREMENTS' : 'BELOW_REQUIREMENTS') : null,
      failedAssessments: random() < 0.1 ? 1 + Math.floor(random() * 2) : 0,
      timeliness: status === 'APPROVED' ? (late ? 'LATE' : 'ON_TIME') : null,
      daysLate: late ? 1 + Math.floor(random() * 10) : 0,
      objectiveCause: late && random() < 0.2,
    };
  });
  const tasksOf = new Map<string, string[]>();
  for (const t of tasks) tasksOf.set(t.leadAssigneeId, [...(tasksOf.get(t.leadAssigneeId) ?? []), t.id]);
  const items = Array.from({ length: 135 }, (_, i) => id('w', i));
  const diary: DiaryFact[] = Array.from({ length: entries }, (_, i) => {
    const n = Math.floor(random() * officials);
    const o = people[n];
    const own = tasksOf.get(o.id);
    return {
      id: id('e', i),
      officialId: o.id,
      workDate: `2026-03-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
      // An official logs against the few items of their job, not the whole catalog.
      workItemId: items[(n * 7 + Math.floor(random() * itemsPerOfficial)) % items.length],
      minutes: 15 + Math.floor(random() * 120),
      status: pick(['APPROVED', 'APPROVED', 'APPROVED', 'LOGGED', 'AWAITING_LATE_APPROVAL', 'RETURNED'] as const),
      taskId: own && random() < 0.3 ? pick(own) : null,
    };
  });
  return { people, tasks, diary };
}

function scoreMonth(data: ReturnType<typeof generate>) {
  const times: [string, number][] = [];
  let t = performance.now();
  const lap = (label: string) => {
    const now = performance.now();
    times.push([label, now - t]);
    t = now;
  };
  const tasksBy = new Map<string, TaskFact[]>();
  for (const x of data.tasks) {
    const list = tasksBy.get(x.leadAssigneeId);
    if (list) list.push(x);
    else tasksBy.set(x.leadAssigneeId, [x]);
  }
  const diaryBy = new Map<string, DiaryFact[]>();
  for (const x of data.diary) {
    const list = diaryBy.get(x.officialId);
    if (list) list.push(x);
    else diaryBy.set(x.officialId, [x]);
  }
  lap('facts grouped by official');
  const p = DECREE_335_2025.parameters;
  const inputs: OfficialPeriodInput[] = data.people.map((o, i) => ({
    officialId: o.id,
    agencyId: o.agencyId,
    dutyGroup: o.dutyGroup,
    category: 'CIVIL_SERVANT',
    isManager: o.isManager,
    // A manager manages the next seven officials.
    manages: o.isManager ? data.people.slice(i + 1, i + 8).map((x) => x.id) : [],
    products: productsOf(o.id, tasksBy.get(o.id) ?? [], diaryBy.get(o.id) ?? [], p),
    general: { POLITICS_ETHICS: 800 + (i % 3) * 100, COMPETENCE_RESPONSIBILITY: 900, INNOVATION: 700 + (i % 4) * 100 },
    organisationReduced: false,
    unityReduced: i % 97 === 0,
    disqualifiers: i % 499 === 0 ? ['DISCIPLINED'] : [],
  }));
  lap('products of every official');
  const scores = scoreOfficials(inputs, () => DECREE_335_2025);
  lap('scores with breakdown (staff, then managers)');
  const quota = applyQuota(
    [...scores.values()].map((s) => ({
      officialId: s.officialId,
      agencyId: s.agencyId,
      dutyGroup: s.dutyGroup,
      grade: s.grade,
      total: s.total,
      taskPoints: s.taskPoints,
      qualityBp: s.sums.assigned ? Math.floor(s.sums.qualityBp / s.sums.assigned) : 0,
      timelinessBp: s.sums.assigned ? Math.floor(s.sums.timelinessBp / s.sums.assigned) : 0,
    })),
    p,
  );
  lap('quota in every agency and duty group');
  return { times, scores, quota };
}

say(
  `generating a province-month: ${int(officials)} officials, ${agencies} agencies, ${int(entries)} diary entries, ${int(taskCount)} tasks…`,
);
const g0 = performance.now();
const data = generate();
say(
  `  generated in ${((performance.now() - g0) / 1000).toFixed(1)} s; heap ${mb(process.memoryUsage().heapUsed)}, resident ${mb(process.memoryUsage().rss)}`,
);
const baseline = process.memoryUsage();
let peakRss = baseline.rss;
let peakHeap = baseline.heapUsed;
for (let run = 1; run <= runs; run++) {
  const t0 = performance.now();
  const r = scoreMonth(data);
  const total = performance.now() - t0;
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
  say(`run ${run}: the province-month scored in ${(total / 1000).toFixed(2)} s`);
  for (const [label, ms] of r.times) say(`  ${label.padEnd(48)} ${int(ms)} ms`);
  if (run === runs) {
    const before = new Map<Grade, number>();
    const after = new Map<Grade, number>();
    for (const d of r.quota.decisions) {
      before.set(d.gradeBefore, (before.get(d.gradeBefore) ?? 0) + 1);
      after.set(d.grade, (after.get(d.grade) ?? 0) + 1);
    }
    const line = (x: Map<Grade, number>) =>
      (['EXCELLENT', 'GOOD', 'COMPLETED', 'NOT_COMPLETED'] as const).map((gr) => `${gr} ${int(x.get(gr) ?? 0)}`).join(', ');
    say(`  grades by score: ${line(before)}`);
    say(`  after the quota: ${line(after)}`);
    const products = [...r.scores.values()].reduce((a, s) => a + s.products.length, 0);
    say(`  ${int(r.scores.size)} scores carrying ${int(products)} products in their breakdowns`);
  }
}
say(
  `memory at the end of the runs: heap ${mb(peakHeap)} at most (${mb(baseline.heapUsed)} of it the generated facts), resident ${mb(peakRss)} at most`,
);

// ─── 2. Closing the province-month in the service's database ──────────────────────────────────

/**
 * The same province-month in a throwaway database with scoring's migrations (facts inserted in
 * SQL), closed as ClosePeriod closes it: every official's posts, category, tasks, grouped diary
 * entries and assessments read, scored with breakdowns, and the 7,000 results written with the
 * period in one transaction.
 */
async function closeProvinceMonth() {
  const TENANT = 'bench-province';
  const UNITS_PER_AGENCY = 10;
  const { pool, close } = await migratedTestDatabase('bench_scoring', assetPath('services/scoring/migrations'), [DIRECTORY_MIGRATIONS]);
  try {
    say('');
    say(`closing the same size of province-month in PostgreSQL (throwaway database): seeding…`);
    const t0 = performance.now();
    const uuid = (kind: string, n: string) => `md5('${kind}' || ${n})::uuid`;
    await pool.query(
      `INSERT INTO job_position_ref (id, tenant_id, agency_id, category, leadership, removed, event_version)
      SELECT ${uuid('p', "a || '-' || l")}, $1, ${uuid('a', 'a')}, CASE WHEN l THEN 'LEADERSHIP' ELSE 'SPECIALIST' END, l, false, 1
        FROM generate_series(0, ${agencies - 1}) a, (VALUES (true), (false)) v(l)`,
      [TENANT],
    );
    // Official i: agency i mod A, unit (i div A) mod 10 (0 the agency's root, the others below it);
    // the first official of each unit leads it.
    await pool.query(
      `INSERT INTO official_ref (id, tenant_id, category, removed, event_version)
      SELECT ${uuid('o', 'i')}, $1, 'CIVIL_SERVANT', false, 1 FROM generate_series(0, ${officials - 1}) i`,
      [TENANT],
    );
    await pool.query(
      `INSERT INTO membership_ref (id, tenant_id, official_id, agency_id, unit_id, position_id, kind, valid_from, valid_to, removed, event_version)
      SELECT ${uuid('m', 'i')}, $1, ${uuid('o', 'i')}, ${uuid('a', `(i % ${agencies})`)}, ${uuid('u', `(i % ${agencies}) || '-' || ((i / ${agencies}) % ${UNITS_PER_AGENCY})`)},
             ${uuid('p', `(i % ${agencies}) || '-' || (i / ${agencies} < ${UNITS_PER_AGENCY})`)}, 'MAIN', '2020-01-01', NULL, false, 1
        FROM generate_series(0, ${officials - 1}) i`,
      [TENANT],
    );
    await pool.query(
      `INSERT INTO task_fact (id, tenant_id, lead_assignee_id, status, due_date, assigned_minutes, quality, failed_assessments, timeliness, days_late, objective_cause, event_version)
      SELECT ${uuid('t', 'g')}, $1, ${uuid('o', `(g::bigint * 7919 % ${officials})`)},
             (ARRAY['APPROVED','APPROVED','APPROVED','APPROVED','SUBMITTED','IN_PROGRESS','RETURNED','CANCELLED'])[1 + g % 8],
             date '2026-03-01' + (g % 28), 30 + g % 600,
             CASE WHEN g % 8 < 4 THEN (CASE WHEN g % 20 = 0 THEN 'BELOW_REQUIREMENTS' ELSE 'MEETS_REQUIREMENTS' END) END,
             CASE WHEN g % 10 = 0 THEN 1 ELSE 0 END,
             CASE WHEN g % 8 < 4 THEN (CASE WHEN g % 7 = 0 THEN 'LATE' ELSE 'ON_TIME' END) END,
             CASE WHEN g % 7 = 0 THEN 1 + g % 10 ELSE 0 END, g % 35 = 0, 1
        FROM generate_series(0, ${taskCount - 1}) g`,
      [TENANT],
    );
    await pool.query(
      `INSERT INTO diary_fact (id, tenant_id, official_id, work_date, work_item_id, minutes, status, task_id, event_version)
      SELECT ${uuid('e', 'g')}, $1, ${uuid('o', `(g::bigint * 104729 % ${officials})`)}, date '2026-03-01' + (g % 28),
             ${uuid('w', `((g::bigint * 104729 % ${officials}) * 7 + g % ${itemsPerOfficial}) % 135`)}, 15 + g % 120,
             (ARRAY['APPROVED','APPROVED','APPROVED','LOGGED','AWAITING_LATE_APPROVAL','RETURNED'])[1 + g % 6], NULL, 1
        FROM generate_series(0, ${entries - 1}) g`,
      [TENANT],
    );
    await pool.query('VACUUM ANALYZE');
    say(`  seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // The org directory the service would hold: each agency's root unit with nine units under it.
    const ids = (
      await pool.query(`SELECT a, ${uuid('a', 'a')}::text AS agency, u, ${uuid('u', "a || '-' || u")}::text AS unit
        FROM generate_series(0, ${agencies - 1}) a, generate_series(0, ${UNITS_PER_AGENCY - 1}) u`)
    ).rows;
    const root = new Map(ids.filter((r) => r.u === 0).map((r) => [r.a, r.unit]));
    const directory = new OrgDirectory();
    for (const r of ids) {
      const period = { validFrom: '2020-01-01', validTo: null, parentUnitId: r.u === 0 ? null : root.get(r.a)! };
      directory.apply({
        kind: 'unit',
        id: r.unit,
        version: 1,
        removed: false,
        value: {
          id: r.unit,
          tenantId: TENANT,
          agencyId: r.agency,
          validFrom: '2020-01-01',
          validTo: null,
          periods: [period],
          predecessors: [],
        },
      });
    }

    const facts = new FactStore(pool);
    const assessments = new AssessmentStore(pool);
    const periods = new PeriodStore(pool);
    const march = parsePeriod('2026-03');
    const agencyResultsEvent = resultEvents(new EventEncoder('scoring', [Events.PeriodResultsChanged]));
    const now = new Date();
    for (let run = 1; run <= runs; run++) {
      const m0 = process.memoryUsage().rss;
      const s0 = performance.now();
      const results = await scoreTenant(
        { facts, assessments, choices: new PackChoiceStore(pool), unitKpis: new UnitKpiStore(pool) },
        directory,
        now,
        TENANT,
        march,
      );
      const s1 = performance.now();
      const before = await periods.period(TENANT, march.key);
      const next = {
        ...before,
        status: 'CLOSED' as const,
        closedAt: now,
        closedBy: 'bench',
        results: results.count,
        version: before.version + 1,
      };
      // As ClosePeriod writes it: the results, and each agency's list published with them.
      await saveClosed({ periods, facts }, agencyResultsEvent, next, before, benchActor(TENANT, now), results);
      const s2 = performance.now();
      say(
        `run ${run}: closed in ${((s2 - s0) / 1000).toFixed(2)} s: ${int(results.count)} results; the facts read in ${int(s1 - s0)} ms, then the results worked out agency by agency and written in ${int(s2 - s1)} ms; resident ${mb(process.memoryUsage().rss)} (${mb(m0)} before)`,
      );
      if (run === runs) {
        const [{ n, bytes }] = (
          await pool.query('SELECT count(*)::int AS n, coalesce(sum(octet_length(breakdown)), 0)::bigint AS bytes FROM period_result')
        ).rows;
        say(`  ${int(n)} results stored, their breakdowns ${mb(Number(bytes))} (protobuf)`);
        break;
      }
      // Open again for the next run, as ReopenPeriod would.
      const closed = await periods.period(TENANT, march.key);
      await periods.save(
        { ...closed, status: 'OPEN', reason: 'bench', results: 0, version: closed.version + 1 },
        closed,
        benchActor(TENANT, now),
      );
    }
  } finally {
    await close();
  }
}

/** The HR administrator a benchmark close is audited as. */
function benchActor(tenantId: string, now: Date): Actor {
  return {
    principal: { subject: 'bench', tenantId, officialId: '', clientId: 'bench', roles: ['hr_admin'], serviceAccount: false },
    action: 'scoring.period.manage',
    // Only the audit row reads the actor: the close is the store's, as ClosePeriod makes it.
    scope: { tenant: true, agencies: new Set(), units: new Set(), officialId: '' } as unknown as Actor['scope'],
    directory: new OrgDirectory(),
    now,
    today: todayInVietnam(now),
    newId: () => randomUUID(),
  };
}

if (!argv.includes('--no-database'))
  closeProvinceMonth().catch((err) => {
    process.stderr.write(`${err?.stack ?? err}\n`);
    process.exit(1);
  });
