import { bearerToken, principalFromClaims, requireRole } from './auth';
import { PermissionDeniedError, UnauthenticatedError } from './errors';

describe('principalFromClaims', () => {
  it('reads Keycloak realm roles and ThuocDo claims, ignoring unknown roles', () => {
    const p = principalFromClaims({
      sub: 'u1',
      tenant: 'khanh-hoa',
      official_id: 'o1',
      agency_id: 'a1',
      realm_access: { roles: ['official', 'offline_access', 'uma_authorization'] },
    });
    expect(p).toEqual({ subject: 'u1', tenantId: 'khanh-hoa', officialId: 'o1', agencyId: 'a1', roles: ['official'] });
  });

  it('refuses a token without tenant or subject', () => {
    expect(() => principalFromClaims({ sub: 'u1', realm_access: { roles: ['official'] } })).toThrow(UnauthenticatedError);
    expect(() => principalFromClaims({ tenant: 't' })).toThrow(UnauthenticatedError);
  });
});

describe('requireRole', () => {
  const p = principalFromClaims({ sub: 'u', tenant: 't', realm_access: { roles: ['auditor'] } });
  it('denies by default', () => {
    expect(() => requireRole(p, ['sys_admin'])).toThrow(PermissionDeniedError);
    expect(() => requireRole(p, [])).toThrow(PermissionDeniedError);
    expect(() => requireRole(p, ['auditor'])).not.toThrow();
  });
});

describe('bearerToken', () => {
  it('accepts only "Bearer <jwt>"', () => {
    expect(bearerToken('Bearer aaa.bbb.ccc')).toBe('aaa.bbb.ccc');
    for (const bad of [undefined, '', 'Basic abc', 'Bearer', 'Bearer not-a-jwt', 'bearer aaa.bbb.ccc'])
      expect(() => bearerToken(bad)).toThrow(UnauthenticatedError);
  });
});
