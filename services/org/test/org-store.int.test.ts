import type { Pool } from '@thuocdo/db';
import { assetPath } from '@thuocdo/kit';
import { EventEncoder } from '@thuocdo/messaging';
import { service } from '@thuocdo/registry';
import { execute } from '@thuocdo/service';
import { migratedTestDatabase } from '@thuocdo/testing';
import { actorFor, failureOf } from '@thuocdo/testing/src/domain-fixtures';
import {
  createAgency,
  createOfficial,
  createUnit,
  type NewAgency,
  parseCreateAgency,
  parseCreateOfficial,
  parseCreateUnit,
  planListOfficials,
} from '../src/domain/org';
import { orgEvents } from '../src/events/publish';
import { OrgStore } from '../src/store/org-store';

describe('org store (real PostgreSQL)', () => {
  let pool: Pool;
  let close: () => Promise<void>;
  let store: OrgStore;
  const hr = actorFor('org.agency.manage', ['hr_admin']);
  const tenant = hr.principal.tenantId;

  beforeAll(async () => {
    ({ pool, close } = await migratedTestDatabase('org', assetPath('services/org/migrations')));
    store = new OrgStore(pool, orgEvents(new EventEncoder('org', service('org').produces)));
  });
  afterAll(() => close());

  const addAgency = (a: NewAgency) =>
    execute({ load: () => store.agencyClashes(tenant, a), decide: (s) => createAgency(a, s, hr), save: (d) => store.saveAgency(d) });
  const rejection = (r: PromiseSettledResult<unknown>) =>
    failureOf(() => {
      throw (r as PromiseRejectedResult).reason;
    });

  it('gives a code to one of many concurrent creations; the others get ALREADY_EXISTS naming code', async () => {
    const a = parseCreateAgency({ id: '', code: 'STC', name: 'Sở Tài chính', kind: 'DEPARTMENT' });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => addAgency(a)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected'))
      expect(rejection(r)).toEqual({ reason: 'ALREADY_EXISTS', field: 'code' });
  });

  it('answers concurrent repeats of a caller-chosen id with the one agency they created', async () => {
    const a = parseCreateAgency({ id: '0190f3a2-aaaa-7aaa-8bbb-000000000001', code: 'SYT', name: 'Sở Y tế', kind: 'DEPARTMENT' });
    const results = await Promise.all(Array.from({ length: 6 }, () => addAgency(a)));
    expect(new Set(results.map((r) => r.entity.id))).toEqual(new Set([a.id]));
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM outbox WHERE message_key = $1', [a.id]);
    expect(rows[0].n).toBe(1);
  });

  it('names agency_id, then unit_id, when what an official belongs to is missing', async () => {
    const { entity: agency } = await addAgency(parseCreateAgency({ id: '', code: 'SGD', name: 'Sở Giáo dục', kind: 'DEPARTMENT' }));
    const o = parseCreateOfficial({
      id: '',
      agencyId: '0190f3a2-aaaa-7aaa-8bbb-0000000000ff',
      unitId: '0190f3a2-bbbb-7aaa-8bbb-0000000000ff',
      fullName: 'Lê Văn C',
      email: '',
      category: 'CIVIL_SERVANT',
    });
    const add = (x: typeof o) =>
      execute({ load: () => store.officialState(tenant, x), decide: (s) => createOfficial(x, s, hr), save: (d) => store.saveOfficial(d) });
    await expect(add(o)).rejects.toMatchObject({ reason: 'NOT_FOUND', field: 'agency_id' });
    await expect(add({ ...o, agencyId: agency.id })).rejects.toMatchObject({ reason: 'NOT_FOUND', field: 'unit_id' });
  });

  it('pages officials by name within the caller agency', async () => {
    const { entity: agency } = await addAgency(parseCreateAgency({ id: '', code: 'SXD', name: 'Sở Xây dựng', kind: 'DEPARTMENT' }));
    const u = parseCreateUnit({ id: '', agencyId: agency.id, parentUnitId: '', code: 'VP', name: 'Văn phòng' });
    const { entity: unit } = await execute({
      load: () => store.unitState(tenant, u),
      decide: (s) => createUnit(u, s, hr),
      save: (d) => store.saveUnit(d),
    });
    const names = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Văn Cường', 'Phạm Thị Dung', 'Hoàng Văn Em'];
    for (const fullName of names) {
      const o = parseCreateOfficial({ id: '', agencyId: agency.id, unitId: unit.id, fullName, email: '', category: 'CIVIL_SERVANT' });
      await execute({
        load: () => store.officialState(tenant, o),
        decide: (s) => createOfficial(o, s, hr),
        save: (d) => store.saveOfficial(d),
      });
    }
    const leader = actorFor('org.official.read', ['agency_leader'], { agencyId: agency.id });
    const seen: string[] = [];
    let pageToken = '';
    do {
      const page = await store.listOfficials(
        tenant,
        planListOfficials({ agencyId: '', unitId: '', category: '', pageSize: 2, pageToken }, leader),
      );
      seen.push(...page.items.map((o) => o.fullName));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(seen.sort()).toEqual([...names].sort());
    expect(seen).toHaveLength(5);
  });
});
