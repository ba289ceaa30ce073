import { PermissionDeniedError, type Principal, ValidationError } from '@thuocdo/kit';
import { canCreateUnit, parseCreateAgency, parseCreateOfficial } from './org';

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.field;
    throw e;
  }
};

describe('org domain', () => {
  it('validates agencies', () => {
    expect(parseCreateAgency({ id: '', code: 'SNV', name: 'Sở Nội vụ', kind: 1 })).toEqual({
      id: null,
      code: 'SNV',
      name: 'Sở Nội vụ',
      kind: 1,
    });
    expect(fieldOf(() => parseCreateAgency({ id: '', code: 'SNV', name: 'Sở Nội vụ', kind: 0 }))).toBe('kind');
    expect(fieldOf(() => parseCreateAgency({ id: '', code: 'SNV', name: 'Sở Nội vụ', kind: 99 as never }))).toBe('kind');
    expect(fieldOf(() => parseCreateAgency({ id: '', code: '', name: 'x', kind: 1 }))).toBe('code');
  });

  it('validates officials', () => {
    const base = {
      id: '',
      agencyId: '0190f3a2-1111-7aaa-8bbb-123456789abc',
      unitId: '0190f3a2-2222-7aaa-8bbb-123456789abc',
      fullName: 'Nguyễn Thị Lan',
      email: '',
      category: 2,
    };
    expect(parseCreateOfficial(base).email).toBeNull();
    expect(fieldOf(() => parseCreateOfficial({ ...base, email: 'lan@' }))).toBe('email');
    expect(fieldOf(() => parseCreateOfficial({ ...base, fullName: ' ' }))).toBe('full_name');
    expect(fieldOf(() => parseCreateOfficial({ ...base, unitId: '' }))).toBe('unit_id');
  });

  it('lets an agency leader add units only to their agency', () => {
    const leader: Principal = { subject: 's', tenantId: 't', officialId: '', agencyId: 'a1', roles: ['agency_leader'] };
    expect(() => canCreateUnit(leader, 'a1')).not.toThrow();
    expect(() => canCreateUnit(leader, 'a2')).toThrow(PermissionDeniedError);
    expect(() => canCreateUnit({ ...leader, roles: ['official'] }, 'a1')).toThrow(PermissionDeniedError);
  });
});
