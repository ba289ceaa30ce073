import { createRemoteJWKSet, type JWTPayload, errors as joseErrors, jwtVerify } from 'jose';
import { UnauthenticatedError, UnavailableError } from './errors';
import { ROLES, type Role } from './roles';

export { ROLES, type Role } from './roles';

/** Who is calling, as read from a verified Keycloak-shaped token. */
export interface Principal {
  subject: string;
  tenantId: string;
  /** Official record of the caller (the `official_id` claim); empty for service accounts, or when org knows the person by subject. */
  officialId: string;
  /**
   * Realm roles the token carries, ThuocDo's only (offline_access, … are dropped). What a caller
   * may do comes from org's role grants (docs/architecture.md, Authorization); of these roles
   * only sys_admin counts by itself.
   */
  roles: Role[];
  /** The OAuth client the token was issued to (`azp`): the web app, or an integrator's client. */
  clientId: string;
  /** A client's own service account (client credentials; the token's `client_id` claim names the client), not a person. */
  serviceAccount: boolean;
}

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** Defaults to Keycloak's location: `${issuer}/protocol/openid-connect/certs`. */
  jwksUrl?: string;
  /** Verified tokens remembered until they expire. */
  cacheSize: number;
  /** How long fetched signing keys are trusted before they are fetched again. */
  jwksCacheSeconds: number;
  /** Time allowed for the JWKS endpoint to answer. */
  jwksTimeoutMs: number;
  clockToleranceSeconds: number;
}

/** Answers at once (without a promise) for a token it has verified before and that has not expired. */
export type TokenVerifier = (token: string) => Principal | Promise<Principal>;

export function jwksUrlFor(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/protocol/openid-connect/certs`;
}

const EXPIRED = { vi: 'Phiên đăng nhập đã hết hạn', en: 'Token has expired' };
const SIGNING_KEYS_UNREACHABLE = {
  vi: 'Không kiểm tra được phiên đăng nhập lúc này (máy chủ định danh không trả lời), vui lòng thử lại',
  en: 'Credentials cannot be checked right now (the identity provider does not answer), please retry',
};

/**
 * Verifies signature (keys from the issuer's JWKS, cached, fetched again for an unknown key id),
 * issuer, audience, expiry (required) and not-before. A token that fails any check is
 * UNAUTHENTICATED; a JWKS endpoint that does not answer is UNAVAILABLE, because the caller's
 * token may be fine. A verified token is remembered until it expires, so a client that sends the
 * same token on every call pays for one signature check.
 */
export function createTokenVerifier(opts: TokenVerifierOptions): TokenVerifier {
  const cache = new Map<string, { principal: Principal; expiresAt: number }>();
  const jwks = createRemoteJWKSet(new URL(opts.jwksUrl ?? jwksUrlFor(opts.issuer)), {
    cooldownDuration: 30_000,
    cacheMaxAge: opts.jwksCacheSeconds * 1000,
    timeoutDuration: opts.jwksTimeoutMs,
  });
  const verify = async (token: string): Promise<Principal> => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: opts.issuer,
        audience: opts.audience,
        algorithms: ['RS256', 'ES256', 'PS256'],
        clockTolerance: opts.clockToleranceSeconds,
        requiredClaims: ['exp'],
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw new UnauthenticatedError(EXPIRED);
      if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid)
        throw new UnavailableError(SIGNING_KEYS_UNREACHABLE);
      if (err instanceof joseErrors.JOSEError) throw new UnauthenticatedError();
      // fetch failed, connection refused, DNS: the endpoint is down, not the token wrong.
      throw new UnavailableError(SIGNING_KEYS_UNREACHABLE);
    }
    const principal = principalFromClaims(payload);
    if (cache.size >= opts.cacheSize) cache.delete(cache.keys().next().value!); // oldest first
    cache.set(token, { principal, expiresAt: payload.exp! * 1000 });
    return principal;
  };
  return (token) => {
    const hit = cache.get(token);
    if (hit) {
      if (hit.expiresAt > Date.now()) return hit.principal;
      cache.delete(token);
    }
    return verify(token);
  };
}

/** The custom claims ThuocDo reads from people's access tokens (the identity provider maps them from user attributes). */
export const TOKEN_CLAIMS = { tenant: 'tenant', officialId: 'official_id' } as const;

/** The claim naming the client in a service account's token (Keycloak's client_id session note). */
export const SERVICE_ACCOUNT_CLAIM = 'client_id';

export function principalFromClaims(payload: JWTPayload): Principal {
  const realmRoles = (payload.realm_access as { roles?: unknown } | undefined)?.roles;
  const roles = Array.isArray(realmRoles) ? realmRoles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)) : [];
  const text = (claim: string) => (typeof payload[claim] === 'string' ? (payload[claim] as string) : '');
  const tenantId = text(TOKEN_CLAIMS.tenant);
  if (!payload.sub || !tenantId)
    throw new UnauthenticatedError({ vi: 'Token thiếu thông tin người dùng hoặc tỉnh', en: 'Token lacks subject or tenant' });
  const clientId = text('azp');
  const serviceAccount = clientId !== '' && text(SERVICE_ACCOUNT_CLAIM) === clientId;
  return {
    subject: payload.sub,
    tenantId,
    officialId: serviceAccount ? '' : text(TOKEN_CLAIMS.officialId),
    roles: [...new Set(roles)],
    clientId,
    serviceAccount,
  };
}

/**
 * Reads "Bearer <jwt>" from an authorization header value. Anything else (another scheme,
 * bytes outside ASCII, a value that is not three base64url parts) is UNAUTHENTICATED.
 */
export function bearerToken(header: string | undefined): string {
  const m = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(header ?? '');
  if (!m || m[1].length > 16_384) throw new UnauthenticatedError();
  return m[1];
}
