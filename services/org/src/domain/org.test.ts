import { actorFor, failureOf, fieldOf } from '@thuocdo/testing/src/domain-fixtures';
import {
  type Agency,
  authorizeCreateOfficial,
  authorizeCreateUnit,
  createAgency,
  createOfficial,
  createUnit,
  parseCreateAgency,
  parseCreateOfficial,
  parseCreateUnit,
  planListOfficials,
} from './org';

const A1 = '0190f3a2-1111-7aaa-8bbb-123456789abc';
const A2 = '0190f3a2-1111-7aaa-8bbb-123456789abd';
const U1 = '0190f3a2-2222-7aaa-8bbb-123456789abc';
const admin = actorFor('org.agency.manage', ['hr_admin']);

describe('agencies', () => {
  const input = parseCreateAgency({ id: '', code: 'SNV', name: ' Sở Nội vụ ', kind: 'DEPARTMENT' });

  it('validates and names the field at fault', () => {
    expect(input).toEqual({ id: null, code: 'SNV', name: 'Sở Nội vụ', kind: 'DEPARTMENT' });
    expect(fieldOf(() => parseCreateAgency({ id: '', code: 'SNV', name: 'x', kind: '' }))).toBe('kind');
    expect(fieldOf(() => parseCreateAgency({ id: '', code: 'có dấu', name: 'x', kind: 'OTHER' }))).toBe('code');
    expect(fieldOf(() => parseCreateAgency({ id: 'nope', code: 'SNV', name: 'x', kind: 'OTHER' }))).toBe('id');
  });

  it('creates version 1 with its event', () => {
    const d = createAgency(input, { idUsedElsewhere: false }, admin);
    expect(d.entity).toMatchObject({ code: 'SNV', tenantId: admin.principal.tenantId, version: 1, createdAt: admin.now });
    expect(d.events).toEqual([{ kind: 'AgencyCreated', agency: d.entity }]);
  });

  it('answers a repeat of a caller-chosen id with the stored agency, and refuses other content under it', () => {
    const stored: Agency = {
      id: A1,
      tenantId: 't',
      code: 'SNV',
      name: 'Sở Nội vụ',
      kind: 'DEPARTMENT',
      version: 1,
      createdAt: new Date(0),
    };
    const same = parseCreateAgency({ id: A1, code: 'SNV', name: 'Sở Nội vụ', kind: 'DEPARTMENT' });
    expect(createAgency(same, { sameId: stored, idUsedElsewhere: false }, admin)).toEqual({ entity: stored, events: [], unchanged: true });
    expect(failureOf(() => createAgency({ ...same, name: 'Khác' }, { sameId: stored, idUsedElsewhere: false }, admin))).toEqual({
      reason: 'ALREADY_EXISTS',
      field: 'id',
    });
    expect(failureOf(() => createAgency(same, { idUsedElsewhere: true }, admin))?.field).toBe('id');
    expect(failureOf(() => createAgency(input, { sameCode: stored, idUsedElsewhere: false }, admin))).toEqual({
      reason: 'ALREADY_EXISTS',
      field: 'code',
    });
  });
});

describe('units', () => {
  const input = parseCreateUnit({ id: '', agencyId: A1, parentUnitId: '', code: 'VP', name: 'Văn phòng' });

  it('lets an agency leader add units to their own agency only, before anything is read', () => {
    const leader = actorFor('org.unit.manage', ['agency_leader'], { agencyId: A1 });
    expect(() => authorizeCreateUnit(input, leader)).not.toThrow();
    expect(failureOf(() => authorizeCreateUnit({ ...input, agencyId: A2 }, leader))?.reason).toBe('PERMISSION_DENIED');
    expect(() => actorFor('org.unit.manage', ['official'], { agencyId: A1 })).toThrow(/no scope/);
  });

  it('names the agency when it is unknown and the parent when it is elsewhere', () => {
    expect(failureOf(() => createUnit(input, { agencyExists: false, idUsedElsewhere: false }, admin))).toEqual({
      reason: 'NOT_FOUND',
      field: 'agency_id',
    });
    const parent = { id: U1, tenantId: 't', agencyId: A2, parentUnitId: null, code: 'P', name: 'P', version: 1, createdAt: new Date(0) };
    expect(
      failureOf(() => createUnit({ ...input, parentUnitId: U1 }, { agencyExists: true, parent, idUsedElsewhere: false }, admin))?.field,
    ).toBe('parent_unit_id');
    expect(createUnit(input, { agencyExists: true, idUsedElsewhere: false }, admin).events[0].kind).toBe('UnitCreated');
  });
});

describe('officials', () => {
  const base = { id: '', agencyId: A1, unitId: U1, fullName: 'Nguyễn Thị Lan', email: '', category: 'CIVIL_SERVANT' };

  it('validates', () => {
    expect(parseCreateOfficial(base).email).toBeNull();
    expect(fieldOf(() => parseCreateOfficial({ ...base, email: 'lan@' }))).toBe('email');
    expect(fieldOf(() => parseCreateOfficial({ ...base, fullName: ' ' }))).toBe('full_name');
    expect(fieldOf(() => parseCreateOfficial({ ...base, unitId: '' }))).toBe('unit_id');
    expect(fieldOf(() => parseCreateOfficial({ ...base, category: 'MAYOR' }))).toBe('category');
  });

  it('names agency_id for an unknown agency, unit_id for a unit outside it', () => {
    const o = parseCreateOfficial(base);
    expect(failureOf(() => createOfficial(o, { agencyExists: false, idUsedElsewhere: false }, admin))).toEqual({
      reason: 'NOT_FOUND',
      field: 'agency_id',
    });
    expect(failureOf(() => createOfficial(o, { agencyExists: true, idUsedElsewhere: false }, admin))).toEqual({
      reason: 'NOT_FOUND',
      field: 'unit_id',
    });
  });

  it('keeps agency-scoped integrators inside their agency', () => {
    const o = parseCreateOfficial(base);
    expect(() => authorizeCreateOfficial(o, actorFor('org.official.manage', ['integrator'], { agencyId: A1 }))).not.toThrow();
    expect(
      failureOf(() => authorizeCreateOfficial({ ...o, agencyId: A2 }, actorFor('org.official.manage', ['integrator'], { agencyId: A1 })))
        ?.reason,
    ).toBe('PERMISSION_DENIED');
    expect(() => authorizeCreateOfficial({ ...o, agencyId: A2 }, actorFor('org.official.manage', ['integrator']))).not.toThrow();
  });

  it('lists officials of the caller agency only, unless tenant-wide', () => {
    const page = { pageSize: 0, pageToken: '', unitId: '', category: '' };
    expect(planListOfficials({ ...page, agencyId: '' }, actorFor('org.official.read', ['hr_admin'])).filters.agencyId).toBeNull();
    expect(
      planListOfficials({ ...page, agencyId: '' }, actorFor('org.official.read', ['agency_leader'], { agencyId: A1 })).filters.agencyId,
    ).toBe(A1);
    expect(
      failureOf(() => planListOfficials({ ...page, agencyId: A2 }, actorFor('org.official.read', ['agency_leader'], { agencyId: A1 })))
        ?.reason,
    ).toBe('PERMISSION_DENIED');
    expect(() => actorFor('org.official.read', ['official'], { agencyId: A1, officialId: 'o' })).toThrow(/no scope/);
  });
});
