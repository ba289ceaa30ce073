import { PermissionDeniedError, type Principal, ValidationError } from '@thuocdo/kit';
import { canCreateOfficial, canCreateUnit, officialsScope, parseCreateAgency, parseCreateOfficial } from './org';

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

  it('keeps agency-scoped integrators and leaders inside their agency', () => {
    const p = (roles: string[], agencyId = ''): Principal => ({
      subject: 's',
      tenantId: 't',
      officialId: '',
      agencyId,
      roles: roles as Principal['roles'],
    });
    expect(() => canCreateOfficial(p(['integrator'], 'a1'), 'a1')).not.toThrow();
    expect(() => canCreateOfficial(p(['integrator'], 'a1'), 'a2')).toThrow(PermissionDeniedError);
    expect(() => canCreateOfficial(p(['integrator']), 'a2')).not.toThrow();
    expect(() => canCreateOfficial(p(['official'], 'a1'), 'a1')).toThrow(PermissionDeniedError);
    expect(officialsScope(p(['hr_admin']), null)).toBeNull();
    expect(officialsScope(p(['agency_leader'], 'a1'), null)).toBe('a1');
    expect(() => officialsScope(p(['agency_leader'], 'a1'), 'a2')).toThrow(PermissionDeniedError);
    expect(() => officialsScope(p(['official'], 'a1'), null)).toThrow(PermissionDeniedError);
  });

  it('lets an agency leader add units only to their agency', () => {
    const leader: Principal = { subject: 's', tenantId: 't', officialId: '', agencyId: 'a1', roles: ['agency_leader'] };
    expect(() => canCreateUnit(leader, 'a1')).not.toThrow();
    expect(() => canCreateUnit(leader, 'a2')).toThrow(PermissionDeniedError);
    expect(() => canCreateUnit({ ...leader, roles: ['official'] }, 'a1')).toThrow(PermissionDeniedError);
  });
});
