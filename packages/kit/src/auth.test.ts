import { bearerToken, principalFromClaims } from './auth';
import { UnauthenticatedError } from './errors';

describe('principalFromClaims', () => {
  it('reads Keycloak realm roles and ThuocDo claims, ignoring unknown and repeated roles', () => {
    const p = principalFromClaims({
      sub: 'u1',
      tenant: 'khanh-hoa',
      official_id: 'o1',
      azp: 'thuocdo-web',
      realm_access: { roles: ['official', 'offline_access', 'uma_authorization', 'official'] },
    });
    expect(p).toEqual({
      subject: 'u1',
      tenantId: 'khanh-hoa',
      officialId: 'o1',
      roles: ['official'],
      clientId: 'thuocdo-web',
      serviceAccount: false,
    });
  });
  it("knows a client's own service account by its client_id claim, and never takes it for an official", () => {
    const p = principalFromClaims({ sub: 'sa', tenant: 't', azp: 'eoffice', client_id: 'eoffice', official_id: 'o1' });
    expect(p).toMatchObject({ clientId: 'eoffice', serviceAccount: true, officialId: '' });
    // A person signing in through a client is not that client's service account.
    expect(principalFromClaims({ sub: 'u', tenant: 't', azp: 'thuocdo-web', client_id: 'eoffice' }).serviceAccount).toBe(false);
  });
  it('refuses a token without tenant or subject', () => {
    expect(() => principalFromClaims({ sub: 'u1', realm_access: { roles: ['official'] } })).toThrow(UnauthenticatedError);
    expect(() => principalFromClaims({ tenant: 't' })).toThrow(UnauthenticatedError);
  });
  it('treats roles that are not a list as none', () => {
    expect(principalFromClaims({ sub: 'u', tenant: 't', realm_access: { roles: 'sys_admin' } }).roles).toEqual([]);
  });
});

describe('bearerToken', () => {
  it('accepts only "Bearer <jwt>"', () => {
    expect(bearerToken('Bearer aaa.bbb.ccc')).toBe('aaa.bbb.ccc');
    for (const bad of [
      undefined,
      '',
      'Basic abc',
      'Bearer',
      'Bearer not-a-jwt',
      'bearer aaa.bbb.ccc',
      'Bearer  aaa.bbb.ccc',
      'Bearer aaa.bbb.ccc ',
    ])
      expect(() => bearerToken(bad)).toThrow(UnauthenticatedError);
  });
  it('refuses bytes outside ASCII and absurdly long tokens', () => {
    expect(() => bearerToken('Bearer aaa.bbb.cçc')).toThrow(UnauthenticatedError);
    expect(() => bearerToken('Bearer \u00ff\u00fe.a.b')).toThrow(UnauthenticatedError);
    expect(() => bearerToken(`Bearer ${'a'.repeat(20_000)}.b.c`)).toThrow(UnauthenticatedError);
  });
});
