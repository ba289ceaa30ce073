/**
 * Scoring engine benchmark: a province-month in memory (by default 7,000 officials in 51
 * agencies, one manager per 8 officials, about 1.2 million diary entries and 150,000 tasks, made
 * by a seeded generator), scored by the Decree 335 pack from the raw facts: the facts grouped by
 * official, each official's products, the scores with their breakdown (staff before their
 * managers), and the quota in every agency. Prints the time of each step, the heap and resident
 * memory, and the grade distribution; it passes or fails nothing.
 *
 * This measures the engine alone (services/scoring/src/domain), as the service runs it once the
 * facts are read; reading them from PostgreSQL is measured with the service.
 *
 *   npm run bench:scoring -- [--officials 7000] [--agencies 51] [--entries 1200000] [--tasks 150000] [--runs 3] [--seed 1]
 */
import { DECREE_335_2025 } from '../../services/scoring/src/domain/packs';
import { type DiaryFact, productsOf, type TaskFact } from '../../services/scoring/src/domain/products';
import { applyQuota } from '../../services/scoring/src/domain/quota';
import type { Grade } from '../../services/scoring/src/domain/rule-pack';
import { type OfficialPeriodInput, scoreOfficials } from '../../services/scoring/src/domain/score';

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
    const o = people[Math.floor(random() * officials)];
    const own = tasksOf.get(o.id);
    return {
      id: id('e', i),
      officialId: o.id,
      workDate: `2026-03-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
      workItemId: pick(items),
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
