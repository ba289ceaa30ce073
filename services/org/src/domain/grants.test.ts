import { actorFor, failureOf, fieldOf } from '@thuocdo/testing/src/domain-fixtures';
import { endRoleGrant, grantRole, parseEndRoleGrant, parseGrantRole, planListRoleGrants } from './grants';

const hr = actorFor('org.grant.manage', ['hr_admin']);
const O1 = '0190f3a2-5555-7aaa-8bbb-000000000001';
const A1 = '0190f3a2-1111-7aaa-8bbb-000000000001';
const request = {
  id: '',
  officialId: O1,
  clientId: '',
  role: 'unit_head',
  nodeKind: 'AGENCY',
  nodeId: A1,
  validFrom: '2026-01-01',
  validTo: '',
};
const state = { officialExists: true, nodeExists: true, idUsedElsewhere: false, existing: [] };

describe('role grants', () => {
  it('go to exactly one grantee; an integration client only as integrator', () => {
    expect(fieldOf(() => parseGrantRole({ ...request, clientId: 'eoffice' }, hr))).toBe('official_id');
    expect(fieldOf(() => parseGrantRole({ ...request, officialId: '' }, hr))).toBe('official_id');
    expect(fieldOf(() => parseGrantRole({ ...request, officialId: '', clientId: 'eoffice' }, hr))).toBe('role');
    expect(parseGrantRole({ ...request, officialId: '', clientId: 'eoffice', role: 'integrator' }, hr).clientId).toBe('eoffice');
    expect(fieldOf(() => parseGrantRole({ ...request, role: 'king' }, hr))).toBe('role');
    expect(fieldOf(() => parseGrantRole({ ...request, officialId: '', clientId: 'e office', role: 'integrator' }, hr))).toBe('client_id');
  });

  it('cover the own tenant by default and never another', () => {
    expect(parseGrantRole({ ...request, nodeKind: 'TENANT', nodeId: '' }, hr).nodeId).toBe(hr.principal.tenantId);
    expect(fieldOf(() => parseGrantRole({ ...request, nodeKind: 'TENANT', nodeId: 'other-province' }, hr))).toBe('node_id');
  });

  it('refuse an end on or before the start, and a grant overlapping the same one', () => {
    expect(fieldOf(() => parseGrantRole({ ...request, validTo: '2026-01-01' }, hr))).toBe('valid_to');
    const first = grantRole(parseGrantRole(request, hr), state, hr).entity;
    const again = parseGrantRole({ ...request, validFrom: '2026-06-01' }, hr);
    expect(failureOf(() => grantRole(again, { ...state, existing: [first] }, hr))).toEqual({
      reason: 'ALREADY_EXISTS',
      field: 'valid_from',
    });
    const afterIt = parseGrantRole({ ...request, validFrom: '2026-06-01' }, hr);
    expect(grantRole(afterIt, { ...state, existing: [{ ...first, validTo: '2026-06-01' }] }, hr).entity.validFrom).toBe('2026-06-01');
  });

  it('name the grantee or the node that is missing', () => {
    const g = parseGrantRole(request, hr);
    expect(failureOf(() => grantRole(g, { ...state, officialExists: false }, hr))).toEqual({ reason: 'NOT_FOUND', field: 'official_id' });
    expect(failureOf(() => grantRole(g, { ...state, nodeExists: false }, hr))).toEqual({ reason: 'NOT_FOUND', field: 'node_id' });
  });

  it('end at a date; one ended before it starts is withdrawn (a tombstone)', () => {
    const g = grantRole(parseGrantRole({ ...request, validFrom: '2026-12-01' }, hr), state, hr).entity;
    const end = (validTo: string) => parseEndRoleGrant({ id: g.id, validTo }, hr.now);
    const ended = endRoleGrant(end('2026-12-15'), { grant: g }, hr);
    expect(ended.entity).toMatchObject({ validTo: '2026-12-15', version: 2 });
    expect(endRoleGrant(end('2026-12-15'), { grant: ended.entity }, hr).unchanged).toBe(true);
    const withdrawn = endRoleGrant(end(''), { grant: g }, hr);
    expect(withdrawn.events).toEqual([{ type: 'role_grant', before: g, after: null }]);
    expect(failureOf(() => endRoleGrant(end(''), {}, hr))?.reason).toBe('NOT_FOUND');
  });

  it('are given within the grantor’s reach only; sys_admin and tenant-wide grants only by tenant-wide grantors', () => {
    const agencyHr = actorFor('org.grant.manage', [], { grants: [{ role: 'hr_admin', agencyId: A1 }] });
    expect(grantRole(parseGrantRole(request, agencyHr), state, agencyHr).entity.nodeId).toBe(A1);
    const elsewhere = parseGrantRole({ ...request, nodeId: '0190f3a2-1111-7aaa-8bbb-000000000009' }, agencyHr);
    expect(failureOf(() => grantRole(elsewhere, state, agencyHr))?.reason).toBe('PERMISSION_DENIED');
    const tenantWide = parseGrantRole({ ...request, nodeKind: 'TENANT', nodeId: '' }, agencyHr);
    expect(failureOf(() => grantRole(tenantWide, state, agencyHr))?.reason).toBe('PERMISSION_DENIED');
    const admin = parseGrantRole({ ...request, role: 'sys_admin' }, agencyHr);
    expect(failureOf(() => grantRole(admin, state, agencyHr))?.reason).toBe('PERMISSION_DENIED');
    // Someone else's grant out of reach reads as missing.
    const other = grantRole(elsewhere, state, hr).entity;
    const end = parseEndRoleGrant({ id: other.id, validTo: '' }, hr.now);
    expect(failureOf(() => endRoleGrant(end, { grant: other }, agencyHr))?.reason).toBe('NOT_FOUND');
  });

  it('are listed by grantee, node, role and date, inside the caller’s reach', () => {
    const page = { pageSize: 0, pageToken: '', officialId: '', clientId: '', nodeId: '', role: '', onDate: '' };
    const reader = actorFor('org.grant.read', ['auditor']);
    expect(planListRoleGrants({ ...page, role: 'unit_head', onDate: '2026-11-20' }, reader).filters).toMatchObject({
      role: 'unit_head',
      onDate: '2026-11-20',
    });
    expect(planListRoleGrants(page, reader).reach.all).toBe(true);
    const agencyHr = actorFor('org.grant.read', [], { grants: [{ role: 'hr_admin', agencyId: A1 }] });
    expect(planListRoleGrants(page, agencyHr).reach).toMatchObject({ all: false, agencies: [A1] });
    expect(fieldOf(() => planListRoleGrants({ ...page, onDate: '20/11/2026' }, reader))).toBe('on_date');
  });
});
