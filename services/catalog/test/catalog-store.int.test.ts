import type { Pool } from '@thuocdo/db';
import { assetPath } from '@thuocdo/kit';
import { EventEncoder } from '@thuocdo/messaging';
import { service } from '@thuocdo/registry';
import { execute } from '@thuocdo/service';
import { migratedTestDatabase } from '@thuocdo/testing';
import { actorFor, failureOf } from '@thuocdo/testing/src/domain-fixtures';
import { createWorkItem, type NewWorkItem, parseCreateWorkItem, planListWorkItems } from '../src/domain/work-item';
import { catalogEvents } from '../src/events/publish';
import { CatalogStore } from '../src/store/catalog-store';

describe('catalog store (real PostgreSQL)', () => {
  let pool: Pool;
  let close: () => Promise<void>;
  let store: CatalogStore;
  const admin = actorFor('catalog.manage', ['catalog_admin']);

  beforeAll(async () => {
    ({ pool, close } = await migratedTestDatabase('catalog', assetPath('services/catalog/migrations')));
    store = new CatalogStore(pool, catalogEvents(new EventEncoder('catalog', service('catalog').produces)));
  });
  afterAll(() => close());

  const create = (w: NewWorkItem) =>
    execute({
      load: () => store.workItemClashes(admin.principal.tenantId, w),
      decide: (s) => createWorkItem(w, s, admin),
      save: (d) => store.saveWorkItem(d, admin),
    });

  it('writes the item and its event in one transaction, with the row version as aggregate version', async () => {
    const { entity } = await create(
      parseCreateWorkItem({ code: 'A.01', name: 'Chỉ đạo, điều hành', productUnit: 'cuộc họp', standardMinutes: 90 }),
    );
    const { rows } = await pool.query(
      'SELECT w.version, o.topic, o.message_key FROM work_item w JOIN outbox o ON o.message_key = w.id::text WHERE w.id = $1',
      [entity.id],
    );
    expect(rows).toEqual([{ version: 1, topic: 'catalog.work-item-created.v1', message_key: entity.id }]);
  });

  it('gives one of many concurrent creations of a code the item, and the others ALREADY_EXISTS naming code', async () => {
    const w = parseCreateWorkItem({ code: 'B.07', name: 'Thẩm định hồ sơ', productUnit: 'hồ sơ', standardMinutes: 60 });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => create(w)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected'))
      expect(
        failureOf(() => {
          throw (r as PromiseRejectedResult).reason;
        }),
      ).toEqual({ reason: 'ALREADY_EXISTS', field: 'code' });
    const { rows } = await pool.query(
      "SELECT count(*)::int AS items, (SELECT count(*)::int FROM outbox o JOIN work_item w ON o.message_key = w.id::text WHERE w.code = 'B.07') AS events FROM work_item WHERE code = 'B.07'",
    );
    expect(rows[0]).toEqual({ items: 1, events: 1 });
  });

  it('pages through the catalog by code, with a prefix filter', async () => {
    for (let i = 1; i <= 7; i++)
      await create(
        parseCreateWorkItem({ code: `C.${String(i).padStart(2, '0')}`, name: `Việc C ${i}`, productUnit: 'văn bản', standardMinutes: 30 }),
      );
    const codes: string[] = [];
    let pageToken = '';
    do {
      const page = await store.listWorkItems(admin.principal.tenantId, planListWorkItems({ pageSize: 3, pageToken, codePrefix: 'C.' }));
      codes.push(...page.items.map((w) => w.code));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(codes).toEqual(['C.01', 'C.02', 'C.03', 'C.04', 'C.05', 'C.06', 'C.07']);
    expect(
      (await store.listWorkItems('another-province', planListWorkItems({ pageSize: 0, pageToken: '', codePrefix: '' }))).items,
    ).toEqual([]);
  });
});
