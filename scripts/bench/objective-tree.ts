/**
 * OKR tree benchmark: creates a throwaway PostgreSQL database with catalog's migrations (as the
 * store tests do), fills one tenant with a year's alignment tree of 5,000 objectives and 20,000
 * key results (bulk inserts of the rows the objective store writes, through its column lists,
 * with every objective's progress rolled up by progress.ts as the store keeps it), then times
 * what the objective store does for ObjectiveService:
 *   - reading the whole tree of the period page by page (ListObjectives, all=true, page_size 1000);
 *   - reading one objective's children (ListObjectives with parent_id, the first page of 50);
 *   - a check-in on an official's key result that rolls up through 4 ancestors (sub-unit, unit,
 *     agency, tenant), one at a time and from several callers at once;
 * prints p50/p95 of each and the plans of the list queries, checks that the stored progress is
 * what a full roll-up of the tree gives, and drops the database (also on Ctrl-C).
 *
 *   npm run bench:okr -- [--objectives 5000] [--key-results 20000] [--repeat 20] [--check-ins 200]
 *                        [--concurrency 4] [--seed 1]
 */
import { performance } from 'node:perf_hooks';
import type { Pool } from '@thuocdo/db';
import { assetPath } from '@thuocdo/kit';
import { EventEncoder } from '@thuocdo/messaging';
import { service } from '@thuocdo/registry';
import { execute } from '@thuocdo/service';
import { actorFor, TENANT } from '@thuocdo/testing/src/domain-fixtures';
import {
  checkIn,
  type KeyResult,
  type Objective,
  type ObjectiveLevel,
  parseCheckIn,
  planListObjectives,
} from '../../services/catalog/src/domain/objective';
import { type KeyResultKind, keyResultProgress, rollUp } from '../../services/catalog/src/domain/progress';
import { objectiveEvents } from '../../services/catalog/src/events/objective-events';
import {
  KEY_RESULT_COLUMNS,
  keyResultValues,
  OBJECTIVE_COLUMNS,
  ObjectiveStore,
  objectiveValues,
} from '../../services/catalog/src/store/objective-store';
import { insertRows, planSummary, throwawayDatabase } from './database';
import { random } from './random';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const say = (m: string) => process.stdout.write(`${m}\n`);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`.padStart(9);
const int = (x: number) => Math.round(x).toLocaleString('en-US');
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `p50 ${ms(pct(s, 50))}   p95 ${ms(pct(s, 95))}   max ${ms(s[s.length - 1])}`;
};

const PERIOD = { year: 2026, quarter: 0 };
const VERBS = ['Nâng cao', 'Đẩy mạnh', 'Bảo đảm', 'Hoàn thành', 'Cải thiện', 'Số hóa', 'Rút ngắn', 'Mở rộng', 'Giảm', 'Tăng cường'];
const THINGS = [
  'chất lượng giải quyết thủ tục hành chính',
  'tỷ lệ hồ sơ trực tuyến toàn trình',
  'chỉ số hài lòng của người dân',
  'tiến độ giải ngân vốn đầu tư công',
  'công tác tuyển dụng công chức',
  'an toàn thông tin mạng',
  'chỉ số cải cách hành chính',
  'thu ngân sách trên địa bàn',
  'kiểm tra, thanh tra chuyên ngành',
  'đào tạo, bồi dưỡng cán bộ',
];

/**
 * A tenant's tree for one year: tenant objectives; agency objectives under them; unit objectives
 * under those, and sub-unit objectives under the units'; each official's objective under a
 * sub-unit's. Key results only on the officials' objectives, so that everything above rolls up
 * (an objective with key results of its own would stop the roll-up there).
 */
function province(total: number, keyResultTotal: number, seed: number) {
  const r = random(seed);
  const at = new Date('2026-01-05T02:00:00Z');
  const counts: [ObjectiveLevel, number, string][] = [
    ['TENANT', Math.max(1, Math.round(total * 0.002)), 'tenant'],
    ['AGENCY', Math.max(1, Math.round(total * 0.02)), 'agency'],
    ['UNIT', Math.max(1, Math.round(total * 0.08)), 'unit'],
    ['UNIT', Math.max(1, Math.round(total * 0.16)), 'sub-unit'],
  ];
  counts.push(['INDIVIDUAL', total - counts.reduce((s, [, n]) => s + n, 0), 'official']);
  const agencies = Array.from({ length: 50 }, () => r.uuid());
  const layers: Objective[][] = [];
  for (const [layer, [level, n]] of counts.entries()) {
    const above = layers[layer - 1] ?? [];
    const objectives: Objective[] = [];
    for (let i = 0; i < n; i++) {
      const parent = above.length ? above[layer === counts.length - 1 ? r.int(above.length) : i % above.length] : null;
      const agencyId = level === 'TENANT' ? null : level === 'AGENCY' ? agencies[i % agencies.length] : parent!.agencyId;
      const nodeId = level === 'TENANT' ? null : level === 'AGENCY' ? agencyId : r.uuid();
      objectives.push({
        id: r.uuid(),
        tenantId: TENANT,
        level,
        nodeId,
        agencyId,
        ownerOfficialId: level === 'INDIVIDUAL' ? nodeId! : r.uuid(),
        title: `${r.pick(VERBS)} ${r.pick(THINGS)} ${i + 1}`,
        description: '',
        parentId: parent?.id ?? null,
        source: null,
        commitment: r.next() < 0.8 ? 'COMMITTED' : 'ASPIRATIONAL',
        period: PERIOD,
        progress: null,
        keyResultCount: 0,
        childCount: 0,
        version: 1,
        createdBy: 'bench',
        createdAt: at,
        updatedAt: at,
      });
    }
    layers.push(objectives);
  }
  const leaves = layers[layers.length - 1];
  const keyResults: KeyResult[] = [];
  for (let i = 0; i < keyResultTotal; i++) {
    const o = leaves[i % leaves.length];
    const kind: KeyResultKind = r.weighted([
      ['NUMBER', 5],
      ['PERCENT', 3],
      ['MILESTONE', 2],
    ]);
    const [start, target] = kind === 'MILESTONE' ? [0, 1] : kind === 'PERCENT' ? [r.int(50), 60 + r.int(41)] : [0, 10 + r.int(200)];
    const current = kind === 'MILESTONE' ? r.int(2) : start + r.int(target - start + 1);
    const k: KeyResult = {
      id: r.uuid(),
      tenantId: TENANT,
      objectiveId: o.id,
      title: `Kết quả ${i + 1}`,
      kind,
      measureUnit: kind === 'PERCENT' ? '%' : kind === 'NUMBER' ? 'hồ sơ' : '',
      start,
      target,
      current,
      direction: 'INCREASING',
      weight: 1 + r.int(5),
      confidence: 0.5,
      progress: 0,
      lastCheckInDate: '2026-06-30',
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    k.progress = keyResultProgress(k);
    keyResults.push(k);
  }
  // What the store keeps in each row: progress rolled up, key results and children counted.
  const all = layers.flat();
  const byId = new Map(all.map((o) => [o.id, o]));
  const own = new Map<string, KeyResult[]>();
  for (const k of keyResults) own.set(k.objectiveId, [...(own.get(k.objectiveId) ?? []), k]);
  const progress = rollUp(all.map((o) => ({ id: o.id, parentId: o.parentId, keyResults: own.get(o.id) ?? [] })));
  for (const o of all) {
    o.progress = progress.get(o.id) ?? null;
    o.keyResultCount = own.get(o.id)?.length ?? 0;
    if (o.parentId) byId.get(o.parentId)!.childCount++;
  }
  return { layers, counts, keyResults };
}

const insert = (pool: Pool, table: string, columns: string[], rows: unknown[][]) => insertRows(pool, table, columns, rows, 2000);

async function main() {
  const total = arg('objectives', 5000);
  const keyResultTotal = arg('key-results', 20_000);
  const repeat = arg('repeat', 20);
  const checkIns = arg('check-ins', 200);
  const concurrency = arg('concurrency', 4);
  const seed = arg('seed', 1);

  say('creating a throwaway database with catalog’s migrations…');
  const { pool, close } = await throwawayDatabase('bench_okr', assetPath('services/catalog/migrations'));
  try {
    const { rows: version } = await pool.query('SHOW server_version');
    const p = province(total, keyResultTotal, seed);
    const shape = p.counts.map(([, , name], i) => `${int(p.layers[i].length)} ${name}`).join(', ');
    say(`OKR tree benchmark, PostgreSQL ${version[0].server_version}: one tenant, year ${PERIOD.year}`);
    say(`  ${int(total)} objectives (${shape}), ${int(p.keyResults.length)} key results on the officials' objectives`);
    const t0 = performance.now();
    for (const layer of p.layers) await insert(pool, 'objective', OBJECTIVE_COLUMNS, layer.map(objectiveValues));
    await insert(pool, 'key_result', KEY_RESULT_COLUMNS, p.keyResults.map(keyResultValues));
    const t1 = performance.now();
    // As autovacuum would have done by the time anyone reads: statistics and the visibility map.
    await pool.query('VACUUM ANALYZE');
    say(`  inserted in ${((t1 - t0) / 1000).toFixed(1)} s, VACUUM ANALYZE in ${((performance.now() - t1) / 1000).toFixed(1)} s`);

    const store = new ObjectiveStore(pool, objectiveEvents(new EventEncoder('catalog', service('catalog').produces)));
    const plan = (extra: { parentId?: string; all?: boolean; pageSize: number; pageToken?: string }) =>
      planListObjectives({
        pageToken: '',
        period: PERIOD,
        parentId: '',
        all: false,
        level: '',
        agencyId: '',
        ownerOfficialId: '',
        ...extra,
      });

    // --- the whole tree, page by page --------------------------------------------------------
    const whole: number[] = [];
    const pages: number[] = [];
    let seen = 0;
    for (let run = 0; run < repeat + 2; run++) {
      const start = performance.now();
      let pageToken = '';
      seen = 0;
      do {
        const t = performance.now();
        const page = await store.listObjectives(TENANT, plan({ all: true, pageSize: 1000, pageToken }));
        if (run >= 2) pages.push(performance.now() - t);
        seen += page.items.length;
        pageToken = page.nextPageToken;
      } while (pageToken);
      // The first two runs warm the caches and the connections.
      if (run >= 2) whole.push(performance.now() - start);
    }
    say('');
    say(`the whole tree of the period, page by page (ListObjectives all=true, page_size 1000), ${repeat} runs:`);
    say(`  ${int(seen)} objectives in ${Math.ceil(seen / 1000)} pages`);
    say(`  whole tree       ${stats(whole)}`);
    say(`  one page         ${stats(pages)}`);

    // --- one objective's children --------------------------------------------------------------
    say('');
    say(`one objective's children (ListObjectives parent_id, first page of 50), ${repeat * 10} runs each:`);
    const runs = repeat * 10;
    for (const [layer, label] of [
      [0, 'a tenant objective'],
      [1, 'an agency objective'],
      [3, 'a sub-unit objective'],
    ] as const) {
      const parent = p.layers[layer].reduce((a, b) => (b.childCount > a.childCount ? b : a));
      const times: number[] = [];
      for (let i = 0; i < runs + 10; i++) {
        const t = performance.now();
        const page = await store.listObjectives(TENANT, plan({ parentId: parent.id, pageSize: 50 }));
        if (i >= 10) times.push(performance.now() - t);
        if (!page.items.length) throw new Error('no children listed');
      }
      say(`  ${`${label} (${parent.childCount} children)`.padEnd(36)} ${stats(times)}`);
    }

    // --- check-ins rolling up -----------------------------------------------------------------
    const reporter = actorFor('okr.check_in', ['catalog_admin'], {}, new Date());
    const outboxBefore = (await pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n as number;
    const r = random(seed + 1);
    const report = (k: KeyResult) => {
      const value = k.kind === 'MILESTONE' ? r.int(2) : k.start + r.int(Math.max(1, k.target - k.start + 1));
      const input = parseCheckIn(
        { keyResultId: k.id, value, confidence: 0.7, comment: '', checkInDate: '', requestId: '' },
        reporter.today,
      );
      return execute({
        load: () => store.checkInState(TENANT, input),
        decide: (s) => checkIn(input, s, reporter),
        save: (d) => store.save(d, reporter),
      });
    };
    const one: number[] = [];
    for (let i = 0; i < checkIns + 10; i++) {
      const k = p.keyResults[r.int(p.keyResults.length)];
      const t = performance.now();
      await report(k);
      if (i >= 10) one.push(performance.now() - t);
    }
    const events = (await pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n - outboxBefore;
    say('');
    say(`a check-in rolling up through 4 ancestors (official → sub-unit → unit → agency → tenant), ${checkIns} runs one at a time:`);
    say(`  check-in         ${stats(one)}`);
    say(
      `  ${(events / (checkIns + 10)).toFixed(1)} events a check-in on average (its key result, and each objective whose progress changed)`,
    );

    // Several callers at once: writes in one tree queue on the tenant objective's lock.
    const together: number[] = [];
    const started = performance.now();
    let failed = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = 0; i < Math.ceil(checkIns / concurrency); i++) {
          const k = p.keyResults[r.int(p.keyResults.length)];
          const t = performance.now();
          await report(k).catch(() => failed++);
          together.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    say(
      `  ${concurrency} callers at once, ${together.length} check-ins in one tree: ${(together.length / seconds).toFixed(0)}/s, ${stats(together)}${failed ? `, ${failed} refused` : ''}`,
    );

    // --- what the reads run, and whether the stored progress is right -------------------------
    say('');
    say('plans (EXPLAIN ANALYZE):');
    const last = p.layers[1][0];
    for (const [label, q] of [
      ['a page of the whole tree', plan({ all: true, pageSize: 1000 })],
      ['an agency objective’s children', plan({ parentId: last.id, pageSize: 50 })],
    ] as const) {
      let captured: { text: string; values: unknown[] } | undefined;
      const spy = new ObjectiveStore(
        {
          query: (text: string, values: unknown[]) => {
            captured = { text, values };
            return pool.query(text, values);
          },
        } as unknown as Pool,
        () => {
          throw new Error('no writes here');
        },
      );
      await spy.listObjectives(TENANT, q);
      const { rows } = await pool.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${captured!.text}`, captured!.values);
      say(`  ${label}: ${planSummary(rows[0]['QUERY PLAN'])}`);
    }
    const [objectives, keyResults] = await Promise.all([
      pool.query('SELECT id, parent_id, progress FROM objective'),
      pool.query('SELECT objective_id, kind, direction, start_value, target_value, current_value, weight FROM key_result'),
    ]);
    const own = new Map<string, any[]>();
    for (const k of keyResults.rows) own.set(k.objective_id, [...(own.get(k.objective_id) ?? []), k]);
    const expected = rollUp(
      objectives.rows.map((o) => ({
        id: o.id,
        parentId: o.parent_id,
        keyResults: (own.get(o.id) ?? []).map((k) => ({
          kind: k.kind,
          direction: k.direction,
          start: k.start_value,
          target: k.target_value,
          current: k.current_value,
          weight: k.weight,
        })),
      })),
    );
    const wrong = objectives.rows.filter((o) => Math.abs((o.progress ?? -1) - (expected.get(o.id) ?? -1)) > 1e-9).length;
    say('');
    say(
      `stored progress ${wrong ? `DIFFERS from a full roll-up for ${wrong} objectives` : 'matches a full roll-up of the tree for every objective'}`,
    );
  } finally {
    await close();
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
