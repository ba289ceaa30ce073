import { createRemoteJWKSet, type JWTPayload, errors as joseErrors, jwtVerify } from 'jose';
import { PermissionDeniedError, UnauthenticatedError } from './errors';

/** Realm roles of DESIGN.md section 6. */
export const ROLES = [
  'official',
  'unit_head',
  'agency_leader',
  'province_leader',
  'hr_admin',
  'catalog_admin',
  'integrator',
  'auditor',
  'sys_admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as read from a verified Keycloak-shaped token. */
export interface Principal {
  subject: string;
  tenantId: string;
  /** Official record of the caller; empty for service accounts. */
  officialId: string;
  /** Agency the caller's grants are scoped to; empty when tenant-wide. */
  agencyId: string;
  roles: Role[];
}

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** Defaults to Keycloak's location: `${issuer}/protocol/openid-connect/certs`. */
  jwksUrl?: string;
}

export type TokenVerifier = (token: string) => Promise<Principal>;

export function jwksUrlFor(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/protocol/openid-connect/certs`;
}

/**
 * Verifies signature (JWKS, cached and refreshed on unknown key ids), issuer, audience and expiry.
 * A verified token is remembered until it expires (at most `cacheSize` of them), so a client
 * that sends the same token on every call pays for one signature check, not one per call.
 */
export function createTokenVerifier(opts: TokenVerifierOptions & { cacheSize?: number }): TokenVerifier {
  const cache = new Map<string, { principal: Principal; expiresAt: number }>();
  const cacheSize = opts.cacheSize ?? 10_000;
  const jwks = createRemoteJWKSet(new URL(opts.jwksUrl ?? jwksUrlFor(opts.issuer)), {
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
  });
  return async (token) => {
    const hit = cache.get(token);
    if (hit) {
      if (hit.expiresAt > Date.now()) return hit.principal;
      cache.delete(token);
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: opts.issuer,
        audience: opts.audience,
        algorithms: ['RS256', 'ES256', 'PS256'],
        clockTolerance: 5,
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired)
        throw new UnauthenticatedError({ vi: 'Phiên đăng nhập đã hết hạn', en: 'Token has expired' });
      if (err instanceof joseErrors.JOSEError) throw new UnauthenticatedError();
      throw err; // JWKS endpoint down: surfaces as UNAVAILABLE
    }
    const principal = principalFromClaims(payload);
    if (payload.exp) {
      if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!); // oldest first
      cache.set(token, { principal, expiresAt: payload.exp * 1000 });
    }
    return principal;
  };
}

export function principalFromClaims(payload: JWTPayload): Principal {
  const realmRoles = (payload.realm_access as { roles?: unknown } | undefined)?.roles;
  const roles = Array.isArray(realmRoles) ? realmRoles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)) : [];
  const tenantId = typeof payload.tenant === 'string' ? payload.tenant : '';
  if (!payload.sub || !tenantId)
    throw new UnauthenticatedError({ vi: 'Token thiếu thông tin người dùng hoặc tỉnh', en: 'Token lacks subject or tenant' });
  return {
    subject: payload.sub,
    tenantId,
    officialId: typeof payload.official_id === 'string' ? payload.official_id : '',
    agencyId: typeof payload.agency_id === 'string' ? payload.agency_id : '',
    roles,
  };
}

/**
 * Deny by default: a call passes only when the caller holds one of the listed roles.
 * Finer checks (own records, org subtree) belong in each service's domain layer.
 */
export function requireRole(principal: Principal, allowed: readonly Role[]): void {
  if (!principal.roles.some((r) => allowed.includes(r))) throw new PermissionDeniedError();
}

/** Reads "Bearer <token>" from an authorization header value. */
export function bearerToken(header: string | undefined): string {
  const m = /^Bearer\s+([A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_.+/=]*)$/.exec(header ?? '');
  if (!m) throw new UnauthenticatedError();
  return m[1];
}
