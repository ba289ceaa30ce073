import type { Pool } from '@thuocdo/db';
import { type Actor, assetPath, type OrgDirectory } from '@thuocdo/kit';
import { EventEncoder } from '@thuocdo/messaging';
import { catalogV1 } from '@thuocdo/proto';
import { service } from '@thuocdo/registry';
import { execute } from '@thuocdo/service';
import { writeWorkbook } from '@thuocdo/sheets';
import { migratedTestDatabase } from '@thuocdo/testing';
import { actorFor, directoryWith, failureOf, TENANT } from '@thuocdo/testing/src/domain-fixtures';
import { COLUMNS } from '../src/domain/catalog-sheet';
import {
  approveWorkItem,
  createWorkItem,
  type FieldsInput,
  type InForce,
  type ListRequest,
  parseFields,
  planListWorkItems,
  retireWorkItem,
  submitWorkItem,
  updateWorkItem,
  type WorkItem,
  type WorkItemChange,
} from '../src/domain/work-item';
import { catalogEvents } from '../src/events/publish';
import { CatalogSheets } from '../src/sheets/catalog-sheets';
import { CatalogStore } from '../src/store/catalog-store';

const AGENCY = '0190f3a2-0000-7000-8000-00000000a001';
const scale = {
  standardProductName: 'Văn bản hành chính thông thường',
  standardProductMinutes: 60,
  complexityGroups: ['N1', 'N2', 'N3'].map((code, i) => ({ code, coefficientHundredths: 100 + 25 * i })),
};

const input = (patch: Partial<FieldsInput> = {}): FieldsInput => ({
  name: 'Soạn thảo văn bản hành chính',
  group: 'B',
  sector: 'Hành chính',
  product: 'Công văn',
  productUnit: 'văn bản',
  standardMinutes: 120,
  complexityGroup: 'N1',
  positionCategories: [],
  agencyId: '',
  effectiveFrom: '2026-01-01',
  ...patch,
});

const list = (patch: Partial<ListRequest> = {}): ListRequest => ({
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
  ...patch,
});

describe('catalog store (real PostgreSQL)', () => {
  let pool: Pool;
  let close: () => Promise<void>;
  let store: CatalogStore;
  let directory: OrgDirectory;
  let admin: Actor;
  let approver: Actor;

  beforeAll(async () => {
    ({ pool, close } = await migratedTestDatabase('catalog', assetPath('services/catalog/migrations')));
    store = new CatalogStore(pool, catalogEvents(new EventEncoder('catalog', service('catalog').produces)));
    directory = directoryWith([
      { kind: 'agency', id: AGENCY, version: 1, removed: false, value: { id: AGENCY, tenantId: TENANT, code: 'SNV' } },
    ]);
    admin = actorFor('catalog.manage', ['catalog_admin'], { directory });
    approver = actorFor('catalog.approve', ['catalog_admin'], { directory });
    await pool.query(
      `INSERT INTO conversion_scale (tenant_id, standard_product_name, standard_product_minutes, complexity_groups, version, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, 1, 'test', now())`,
      [TENANT, scale.standardProductName, scale.standardProductMinutes, JSON.stringify(scale.complexityGroups)],
    );
  });
  afterAll(() => close());

  const create = (code: string, fields = input()) =>
    execute({
      load: () => store.workItemClashes(TENANT, code),
      decide: (s) => createWorkItem(code, parseFields(fields), s, admin),
      save: (d) => store.saveWorkItem(d, null, admin),
    }).then((d) => d.entity);

  /** A lifecycle step as the service runs it: read with the revision in force, decide, write. */
  const step = async (id: string, decide: (w: WorkItem | undefined, s: InForce) => WorkItemChange) => {
    let before: WorkItem | undefined;
    const d = await execute({
      load: async () => {
        const s = await store.itemWithLatestRevision(TENANT, id);
        before = s.item;
        return s;
      },
      decide: (s) => decide(s.item, s),
      save: (d) => store.saveWorkItem(d, before ?? null, admin),
    });
    return d.entity;
  };

  const publish = async (code: string, fields = input(), by = approver) => {
    const draft = await create(code, fields);
    const submitted = await step(draft.id, (w, s) => submitWorkItem(w, draft.version, s, admin));
    return step(draft.id, (w, s) => approveWorkItem(w, submitted.version, s, by));
  };

  const codes = async (req: Partial<ListRequest>, actor: Actor = admin) => {
    const out: string[] = [];
    let pageToken = '';
    do {
      const page = await store.listWorkItems(TENANT, planListWorkItems(list({ ...req, pageToken, pageSize: 2 }), actor));
      out.push(...page.items.map((w) => w.code));
      pageToken = page.nextPageToken;
    } while (pageToken);
    return out;
  };

  it('writes every lifecycle step with its event and audit row, and keeps each published revision with the dates it is in force', async () => {
    const r1 = await publish('REV.01');
    const draft2 = await step(r1.id, (w, s) =>
      updateWorkItem(w, r1.version, parseFields(input({ standardMinutes: 90, effectiveFrom: '2099-01-01' })), { ...s, scale }, admin),
    );
    expect(draft2).toMatchObject({ status: 'DRAFT', revision: 2, publishedRevision: 1 });
    // Officials still log against revision 1 until revision 2 is approved, and after it until its date.
    expect((await store.revision(TENANT, r1.id, { onDate: '2098-12-31' }))?.standardMinutes).toBe(120);
    const submitted = await step(r1.id, (w, s) => submitWorkItem(w, draft2.version, s, admin));
    await step(r1.id, (w, s) => approveWorkItem(w, submitted.version, s, approver));
    expect((await store.revision(TENANT, r1.id, { onDate: '2098-12-31' }))?.standardMinutes).toBe(120);
    expect((await store.revision(TENANT, r1.id, { onDate: '2099-01-01' }))?.standardMinutes).toBe(90);
    expect(await store.listRevisions(TENANT, r1.id, { size: 10, after: null })).toMatchObject([
      { revision: 2, effectiveFrom: '2099-01-01', effectiveTo: null },
      { revision: 1, effectiveFrom: '2026-01-01', effectiveTo: '2099-01-01' },
    ]);
    const { rows } = await pool.query(
      `SELECT (SELECT count(*)::int FROM outbox WHERE message_key = $1 AND topic = 'catalog.work-item-changed.v1') AS events,
              (SELECT count(*)::int FROM audit_log WHERE entity_id = $1) AS audits`,
      [r1.id],
    );
    expect(rows[0]).toEqual({ events: 6, audits: 6 });
  });

  it('ends a retired item on its day: in force before it, gone from the catalog after', async () => {
    const item = await publish('RET.01');
    const retired = await step(item.id, (w, s) => retireWorkItem(w, item.version, '2099-06-01', s, admin));
    expect(retired.status).toBe('RETIRED');
    expect(await codes({ codePrefix: 'RET.', onDate: '2099-05-31' })).toEqual(['RET.01']);
    expect(await codes({ codePrefix: 'RET.', onDate: '2099-06-01' })).toEqual([]);
  });

  it('gives one of many concurrent approvals of the same submission the publication, and the others a conflict', async () => {
    const draft = await create('RACE.01');
    const submitted = await step(draft.id, (w, s) => submitWorkItem(w, draft.version, s, admin));
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => step(draft.id, (w, s) => approveWorkItem(w, submitted.version, s, approver))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected'))
      expect(
        failureOf(() => {
          throw (r as PromiseRejectedResult).reason;
        })?.reason,
      ).toBe('VERSION_CONFLICT');
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM work_item_revision WHERE work_item_id = $1', [draft.id]);
    expect(rows[0].n).toBe(1);
  });

  it('searches without case or diacritics, filters by group, sector, position and agency, and pages by code', async () => {
    await publish('S.01', input({ name: 'Thẩm định hồ sơ đề án', sector: 'Tổ chức', positionCategories: ['SPECIALIST'] }));
    await publish('S.02', input({ name: 'Tiếp công dân định kỳ', group: 'D', sector: 'Tiếp dân' }));
    // Group C is approved by the agency's head.
    const head = actorFor('catalog.approve', [], { grants: [{ role: 'agency_leader', agencyId: AGENCY }], directory });
    await publish('S.03', input({ name: 'Thẩm định biên chế', group: 'C', agencyId: AGENCY, positionCategories: ['LEADERSHIP'] }), head);
    await create('S.04', input({ name: 'Thẩm định bản nháp' }));
    const S = { codePrefix: 'S.' };
    expect(await codes({ ...S, query: 'THAM DINH' })).toEqual(['S.01', 'S.03']);
    expect(await codes({ ...S, query: 'thẩm đị' })).toEqual(['S.01', 'S.03']);
    expect(await codes({ ...S, query: 'dinh ky' })).toEqual(['S.02']);
    expect(await codes({ ...S, query: 'inh' })).toEqual([]);
    expect(await codes({ ...S, groups: ['C', 'D'] })).toEqual(['S.02', 'S.03']);
    expect(await codes({ ...S, sector: 'Tổ chức' })).toEqual(['S.01']);
    // Items for every position (none named) apply to each position.
    expect(await codes({ ...S, positionCategory: 'SUPPORT' })).toEqual(['S.02']);
    expect(await codes({ ...S, positionCategory: 'LEADERSHIP' })).toEqual(['S.02', 'S.03']);
    expect(await codes({ ...S, agencyId: AGENCY, onlyAgency: true })).toEqual(['S.03']);
    expect(await codes({ ...S, view: 'WORKING', statuses: ['DRAFT'] })).toEqual(['S.04']);
    expect(await store.listWorkItems('another-province', planListWorkItems(list(S), admin))).toMatchObject({ items: [] });
  });

  it('imports a valid sheet whole, published, and an invalid one not at all, with a report of every row', async () => {
    const sheets = new CatalogSheets(store);
    const header = COLUMNS.map((c) => c.vi);
    const row = (code: string, patch: Record<string, string> = {}) => {
      const v: Record<string, string> = {
        code,
        group: 'Nhóm B',
        name: `Việc ${code}`,
        productUnit: 'văn bản',
        standardMinutes: '60',
        complexityGroup: 'n2',
        difficultyMin: '0,8',
        difficultyMax: '1,5',
        positions: 'Lãnh đạo, quản lý; Chuyên môn dùng chung',
        ...patch,
      };
      return COLUMNS.map((c) => v[c.key] ?? '');
    };
    const file = async (rows: string[][]) => writeWorkbook([{ name: 'Danh mục', rows: [header, ...rows] }]);
    // Publishing group C items as well takes the agency head's approval.
    const importer = actorFor('catalog.manage', ['catalog_admin'], { directory, grants: [{ role: 'agency_leader', agencyId: AGENCY }] });
    const call = async (rows: string[][], validateOnly = false) =>
      sheets.importWorkItems(
        catalogV1.ImportWorkItemsRequest.fromPartial({ fileName: 'danh-muc.xlsx', content: await file(rows), validateOnly, publish: true }),
        importer,
      );

    await publish('IMP.00');
    const bad = await call([
      row('IMP.01'),
      row('IMP.02', { group: 'E' }),
      row('IMP.01'),
      row('IMP.00'),
      row('IMP.03', { group: 'C', agencyCode: 'XYZ' }),
      row('IMP.04', { standardMinutes: 'mười' }),
      row('IMP.05', { complexityGroup: 'N9' }),
      row('IMP.06', { positions: 'Giám đốc' }),
    ]);
    expect(bad.createdCount).toBe(0);
    expect(bad.issues.map((i) => [i.row, i.column])).toEqual([
      [3, 'Nhóm'],
      [4, 'Mã'],
      [5, 'Mã'],
      [6, 'Mã cơ quan'],
      [7, 'Thời gian chuẩn (phút)'],
      [8, 'Nhóm độ phức tạp'],
      [9, 'Vị trí áp dụng'],
    ]);
    expect(bad.report?.content.length).toBeGreaterThan(1000);
    expect((await pool.query("SELECT count(*)::int AS n FROM work_item WHERE code LIKE 'IMP.%'")).rows[0].n).toBe(1);

    const good = [
      row('IMP.01'),
      row('IMP.02', { group: 'C', agencyCode: 'snv' }),
      row('IMP.03', { group: 'D', effectiveFrom: '01/07/2026' }),
    ];
    expect(await call(good, true)).toMatchObject({ rowCount: 3, createdCount: 0, issueCount: 0, groupCounts: [0, 1, 1, 1] });
    expect((await pool.query("SELECT count(*)::int AS n FROM work_item WHERE code LIKE 'IMP.%'")).rows[0].n).toBe(1);
    expect(await call(good)).toMatchObject({ rowCount: 3, createdCount: 3, issueCount: 0 });
    const imported = await store.listWorkItems(TENANT, planListWorkItems(list({ codePrefix: 'IMP.', onDate: '2026-12-01' }), admin));
    expect(imported.items.slice(1)).toMatchObject([
      {
        code: 'IMP.01',
        status: 'PUBLISHED',
        complexityGroup: 'N2',
        difficulty: { min: 80, max: 150 },
        positionCategories: ['LEADERSHIP', 'SHARED_SPECIALIST'],
      },
      { code: 'IMP.02', group: 'C', agencyId: AGENCY },
      { code: 'IMP.03', effectiveFrom: '2026-07-01' },
    ]);
    // The same file again: every code is taken now, and nothing more is written.
    expect((await call(good)).issues.map((i) => i.column)).toEqual(['Mã', 'Mã', 'Mã']);
  });
});
