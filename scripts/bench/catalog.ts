/**
 * Work-item catalog benchmark: creates a throwaway PostgreSQL database with catalog's migrations
 * (as the store tests do), then
 *   1. imports a catalog spreadsheet of --items work items (1,000 by default; Vietnamese names,
 *      products and sectors made from the sample province catalog, groups A–D with group C spread
 *      over --agencies agencies) through the real import path, CatalogSheets.importWorkItems (what
 *      ImportWorkItems runs): first checked only, then imported and published; then the same
 *      file with one bad row at its end, which must import nothing;
 *   2. times the catalog's search and filters, planListWorkItems → CatalogStore.listWorkItems
 *      (what ListWorkItems runs), for several kinds of query, p50/p95/p99 over --repeat runs.
 * Drops the database at the end.
 *
 *   npm run bench:catalog -- [--items 1000] [--agencies 20] [--repeat 200] [--seed 1]
 */
import { performance } from 'node:perf_hooks';
import { DIRECTORY_MIGRATIONS } from '@thuocdo/directory';
import { assetPath, type OrgDirectory } from '@thuocdo/kit';
import { EventEncoder } from '@thuocdo/messaging';
import { catalogV1 } from '@thuocdo/proto';
import { service } from '@thuocdo/registry';
import { writeWorkbook } from '@thuocdo/sheets';
import { actorFor, directoryWith, TENANT } from '@thuocdo/testing/src/domain-fixtures';
import provinceCatalog from '../../services/catalog/data/province-catalog.json';
import { COLUMNS, POSITION_CATEGORY_NAMES } from '../../services/catalog/src/domain/catalog-sheet';
import { type ListRequest, type PositionCategory, planListWorkItems } from '../../services/catalog/src/domain/work-item';
import { catalogEvents } from '../../services/catalog/src/events/publish';
import { CatalogSheets } from '../../services/catalog/src/sheets/catalog-sheets';
import { CatalogStore } from '../../services/catalog/src/store/catalog-store';
import { throwawayDatabase } from './database';
import { random } from './random';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const say = (m: string) => process.stdout.write(`${m}\n`);
const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

const agencyIdOf = (i: number) => `0190f3a2-0000-7000-8000-${String(i + 1).padStart(12, '0')}`;
const coefficient = (h: number) => (h / 100).toFixed(2).replace('.', ',');

/** N rows of a catalog: the sample's items again and again, with numbered codes and a variant word in the name. */
function catalogRows(n: number, agencies: number, seed: number): string[][] {
  const rnd = random(seed);
  const VARIANTS = ['', ' cấp tỉnh', ' cấp xã', ' liên ngành', ' chuyên đề', ' đột xuất', ' định kỳ', ' trực tuyến'];
  const rows: string[][] = [COLUMNS.map((c) => c.vi)];
  for (let i = 0; i < n; i++) {
    const base = provinceCatalog.items[i % provinceCatalog.items.length];
    const group = base.group;
    const v: Record<string, string> = {
      code: `${group}.${String(i + 1).padStart(5, '0')}`,
      group,
      sector: base.sector,
      name: `${base.name}${VARIANTS[Math.floor(i / provinceCatalog.items.length) % VARIANTS.length]}`,
      product: base.product,
      productUnit: base.productUnit,
      standardMinutes: String(base.standardMinutes),
      complexityGroup: base.complexityGroup,
      difficultyMin: coefficient(base.difficulty.min),
      difficultyMax: coefficient(base.difficulty.max),
      urgencyMin: coefficient(base.urgency.min),
      urgencyMax: coefficient(base.urgency.max),
      positions: base.positionCategories.map((c) => POSITION_CATEGORY_NAMES[c as PositionCategory][0]).join('; '),
      agencyCode: group === 'C' ? `CQ${rnd.int(agencies) + 1}` : '',
    };
    rows.push(COLUMNS.map((c) => v[c.key] ?? ''));
  }
  return rows;
}

async function main() {
  const items = arg('items', 1000);
  const agencies = arg('agencies', 20);
  const repeat = arg('repeat', 200);
  const seed = arg('seed', 1);

  say('creating a throwaway database with catalog’s migrations…');
  const { pool, close } = await throwawayDatabase('bench_catalog', assetPath('services/catalog/migrations'), [DIRECTORY_MIGRATIONS]);
  try {
    const { rows: version } = await pool.query('SHOW server_version');
    say(`PostgreSQL ${version[0].server_version}; ${items} items, ${agencies} agencies, seed ${seed}`);
    await pool.query(
      `INSERT INTO conversion_scale (tenant_id, standard_product_name, standard_product_minutes, complexity_groups, version, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, 1, 'bench', now())`,
      [
        TENANT,
        provinceCatalog.scale.standardProductName,
        provinceCatalog.scale.standardProductMinutes,
        JSON.stringify(provinceCatalog.scale.complexityGroups),
      ],
    );
    const directory: OrgDirectory = directoryWith(
      Array.from({ length: agencies }, (_, i) => ({
        kind: 'agency' as const,
        id: agencyIdOf(i),
        version: 1,
        removed: false,
        value: { id: agencyIdOf(i), tenantId: TENANT, code: `CQ${i + 1}` },
      })),
    );
    // sys_admin publishes every group, group C included (its agencies' heads would, one agency each).
    const actor = actorFor('catalog.manage', ['sys_admin'], { directory }, new Date());
    const store = new CatalogStore(pool, catalogEvents(new EventEncoder('catalog', service('catalog').produces)));
    const sheets = new CatalogSheets(store);

    const rows = catalogRows(items, agencies, seed);
    let t0 = performance.now();
    const content = await writeWorkbook([{ name: 'Danh mục', rows }]);
    say(`\n1. import  (the spreadsheet: ${(content.length / 1024).toFixed(0)} KB, written in ${ms(t0)})`);
    const call = (file: Buffer, validateOnly: boolean) =>
      sheets.importWorkItems(
        catalogV1.ImportWorkItemsRequest.fromPartial({ fileName: 'danh-muc.xlsx', content: file, validateOnly, publish: true }),
        actor,
      );

    const bad = [...rows, rows[1].map((c, i) => (COLUMNS[i].key === 'code' ? 'Z.99999' : COLUMNS[i].key === 'standardMinutes' ? '0' : c))];
    const badFile = await writeWorkbook([{ name: 'Danh mục', rows: bad }]);
    t0 = performance.now();
    const refused = await call(badFile, false);
    const refusedMs = performance.now() - t0;
    const written = (await pool.query('SELECT count(*)::int AS n FROM work_item')).rows[0].n;
    say(
      `  invalid file (${items + 1} rows, the last one bad): ${refusedMs.toFixed(0)} ms, ${refused.issueCount} problem(s) ` +
        `(row ${refused.issues[0]?.row}, ${refused.issues[0]?.column}), report ${(refused.report?.content.length ?? 0) / 1024 > 0 ? `${((refused.report?.content.length ?? 0) / 1024).toFixed(0)} KB` : 'none'}; items written: ${written}`,
    );
    if (written !== 0) throw new Error('an invalid file wrote items');

    t0 = performance.now();
    const checked = await call(content, true);
    say(
      `  check only:   ${ms(t0)}  (${checked.rowCount} rows, ${checked.issueCount} problems, per group A–D ${checked.groupCounts.join('/')})`,
    );
    if (checked.issueCount)
      throw new Error(
        `the file has problems: ${checked.issues
          .slice(0, 3)
          .map((i) => i.messageEn)
          .join('; ')}`,
      );
    t0 = performance.now();
    const done = await call(content, false);
    const importMs = performance.now() - t0;
    const counts = (
      await pool.query(
        `SELECT (SELECT count(*)::int FROM work_item) AS items, (SELECT count(*)::int FROM work_item_revision) AS revisions,
                (SELECT count(*)::int FROM outbox) AS events, (SELECT count(*)::int FROM audit_log) AS audits`,
      )
    ).rows[0];
    say(
      `  import:       ${importMs.toFixed(0)} ms  (${done.createdCount} items published; written: ${counts.items} items, ` +
        `${counts.revisions} revisions, ${counts.events} events, ${counts.audits} audit rows, one transaction)`,
    );

    say(
      `\n2. search and filters over ${counts.items} items, ${repeat} runs each (planListWorkItems → CatalogStore.listWorkItems, page of 50)`,
    );
    const reader = actorFor('catalog.read', ['official'], { directory }, new Date());
    const editor = actorFor('catalog.read', ['catalog_admin'], { directory }, new Date());
    const base: ListRequest = {
      pageSize: 0,
      pageToken: '',
      codePrefix: '',
      query: '',
      groups: [],
      sector: '',
      positionCategory: '',
      statuses: [],
      agencyId: '',
      onlyAgency: false,
      view: '',
      onDate: '',
    };
    const kinds: [string, Partial<ListRequest>, typeof reader][] = [
      ['first page, no filter', {}, reader],
      ['word with diacritics ("thẩm định")', { query: 'thẩm định' }, reader],
      ['same without diacritics ("tham dinh")', { query: 'tham dinh' }, reader],
      ['three words ("bao cao dinh ky")', { query: 'bao cao dinh ky' }, reader],
      ['two-letter prefix ("ho")', { query: 'ho' }, reader],
      ['group C of one agency + shared', { groups: ['C'], agencyId: agencyIdOf(0) }, reader],
      ['sector + position category', { sector: provinceCatalog.items[30].sector, positionCategory: 'SPECIALIST' }, reader],
      ['word + group B + position', { query: 'van ban', groups: ['B'], positionCategory: 'SHARED_SPECIALIST' }, reader],
      ['editors: every status ("WORKING")', { view: 'WORKING' }, editor],
      ['editors: waiting for approval', { view: 'WORKING', statuses: ['SUBMITTED'] }, editor],
    ];
    say(`    ${'kind'.padEnd(42)} shown   p50 ms   p95 ms   p99 ms`);
    for (const [name, patch, who] of kinds) {
      const q = planListWorkItems({ ...base, ...patch }, who);
      const lat: number[] = [];
      let shown = 0;
      for (let i = 0; i < repeat; i++) {
        const t = performance.now();
        shown = (await store.listWorkItems(TENANT, q)).items.length;
        lat.push(performance.now() - t);
      }
      lat.sort((a, b) => a - b);
      say(`    ${name.padEnd(42)} ${String(shown).padStart(5)}  ${[50, 95, 99].map((p) => pct(lat, p).toFixed(2).padStart(7)).join('  ')}`);
    }
  } finally {
    await close();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
