import { principal } from '@thuocdo/testing/src/domain-fixtures';
import { ROLES } from './auth';
import { PermissionDeniedError } from './errors';
import { agencyFilter, coversAgency, coversOfficial, PERMISSIONS, requireScope, scopeOf } from './policy';

describe('scopeOf', () => {
  it('gives every action to at least one role, and none to a token without ThuocDo roles', () => {
    for (const action of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) {
      expect(ROLES.some((r) => scopeOf(principal([r], { agencyId: 'a1', officialId: 'o1' }), action))).toBe(true);
      expect(scopeOf(principal([], { agencyId: 'a1', officialId: 'o1' }), action)).toBeUndefined();
    }
  });

  it('grants the widest level the roles allow', () => {
    expect(scopeOf(principal(['province_leader'], { agencyId: 'a1' }), 'analytics.read')).toEqual({ level: 'tenant' });
    expect(scopeOf(principal(['agency_leader'], { agencyId: 'a1' }), 'analytics.read')).toEqual({ level: 'agency', agencyId: 'a1' });
    expect(scopeOf(principal(['official'], { agencyId: 'a1', officialId: 'o1' }), 'analytics.read')).toBeUndefined();
    expect(scopeOf(principal(['official'], { officialId: 'o1' }), 'worklog.write')).toEqual({ level: 'self', officialId: 'o1' });
  });

  it('needs the claim a level is about: an agency leader without agency, an official without official id', () => {
    expect(scopeOf(principal(['agency_leader']), 'analytics.read')).toBeUndefined();
    expect(scopeOf(principal(['official']), 'worklog.write')).toBeUndefined();
  });

  it('makes an integrator tenant-wide when its token names no agency', () => {
    expect(scopeOf(principal(['integrator']), 'worklog.write')).toEqual({ level: 'tenant' });
    expect(scopeOf(principal(['integrator'], { agencyId: 'a1' }), 'worklog.write')).toEqual({ level: 'agency', agencyId: 'a1' });
    expect(scopeOf(principal(['integrator']), 'catalog.manage')).toBeUndefined();
  });

  it('refuses with PERMISSION_DENIED through requireScope', () => {
    expect(() => requireScope(principal(['auditor']), 'catalog.manage')).toThrow(PermissionDeniedError);
  });
});

describe('scope checks on data', () => {
  const tenant = { level: 'tenant' } as const;
  const agency = { level: 'agency', agencyId: 'a1' } as const;
  const self = { level: 'self', officialId: 'o1' } as const;

  it('covers agencies and officials by level', () => {
    expect(coversAgency(tenant, 'a2')).toBe(true);
    expect(coversAgency(agency, 'a1')).toBe(true);
    expect(coversAgency(agency, 'a2')).toBe(false);
    expect(coversAgency(self, 'a1')).toBe(false);
    expect(coversOfficial(self, 'o1', undefined)).toBe(true);
    expect(coversOfficial(self, 'o2', 'a1')).toBe(false);
    expect(coversOfficial(agency, 'o2', 'a1')).toBe(true);
    expect(coversOfficial(agency, 'o2', undefined)).toBe(false); // unknown official: not revealed
    expect(coversOfficial(tenant, 'o2', undefined)).toBe(true);
  });

  it('pins list filters to the caller agency', () => {
    expect(agencyFilter(tenant, null)).toBeNull();
    expect(agencyFilter(tenant, 'a2')).toBe('a2');
    expect(agencyFilter(agency, null)).toBe('a1');
    expect(agencyFilter(agency, 'a1')).toBe('a1');
    expect(() => agencyFilter(agency, 'a2')).toThrow(PermissionDeniedError);
    expect(() => agencyFilter(self, null)).toThrow(PermissionDeniedError);
  });
});
