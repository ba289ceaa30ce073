import { actorFor, failureOf, fieldOf } from '@thuocdo/testing/src/domain-fixtures';
import { createWorkItem, MAX_STANDARD_MINUTES, parseCreateWorkItem, planListWorkItems } from './work-item';

const valid = { code: 'B.01', name: 'Soạn thảo văn bản hành chính', productUnit: 'văn bản', standardMinutes: 120 };
const admin = actorFor('catalog.manage', ['catalog_admin']);

describe('work items', () => {
  it('validates each field and names it', () => {
    expect(parseCreateWorkItem(valid)).toEqual(valid);
    expect(fieldOf(() => parseCreateWorkItem({ ...valid, code: 'B 01' }))).toBe('code');
    expect(fieldOf(() => parseCreateWorkItem({ ...valid, name: '' }))).toBe('name');
    expect(fieldOf(() => parseCreateWorkItem({ ...valid, productUnit: ' ' }))).toBe('product_unit');
    expect(fieldOf(() => parseCreateWorkItem({ ...valid, productUnit: 'x'.repeat(51) }))).toBe('product_unit');
    for (const bad of [0, -5, 1.5, MAX_STANDARD_MINUTES + 1])
      expect(fieldOf(() => parseCreateWorkItem({ ...valid, standardMinutes: bad }))).toBe('standard_minutes');
  });

  it('creates version 1 in the caller tenant with its event, and refuses a code in use', () => {
    const d = createWorkItem(valid, {}, admin);
    expect(d.entity).toMatchObject({ ...valid, tenantId: admin.principal.tenantId, version: 1, createdAt: admin.now });
    expect(d.events).toEqual([{ kind: 'WorkItemCreated', workItem: d.entity }]);
    expect(failureOf(() => createWorkItem(valid, { sameCode: d.entity }, admin))).toEqual({ reason: 'ALREADY_EXISTS', field: 'code' });
  });

  it('lets only tenant-wide catalog administrators manage, and every member of the tenant read', () => {
    expect(() => actorFor('catalog.manage', ['hr_admin'])).toThrow(/no scope/);
    const agencyAdmin = actorFor('catalog.manage', [], { grants: [{ role: 'catalog_admin', agencyId: 'a' }] });
    expect(failureOf(() => createWorkItem(valid, {}, agencyAdmin))?.reason).toBe('PERMISSION_DENIED');
    for (const role of ['official', 'auditor', 'integrator'] as const) expect(actorFor('catalog.read', [role]).scope.tenant).toBe(true);
    // An official with no grant at all is a member too.
    expect(actorFor('catalog.read', [], { officialId: '0190f3a2-0000-7000-8000-0000000000aa' }).scope.tenant).toBe(true);
  });

  it('plans a list with an optional code prefix and a page', () => {
    expect(planListWorkItems({ pageSize: 0, pageToken: '', codePrefix: ' B. ' })).toEqual({
      filters: { codePrefix: 'B.' },
      page: { size: 50, after: null },
    });
    expect(planListWorkItems({ pageSize: 0, pageToken: '', codePrefix: '' }).filters.codePrefix).toBeNull();
    expect(fieldOf(() => planListWorkItems({ pageSize: 5000, pageToken: '', codePrefix: '' }))).toBe('page_size');
  });
});
