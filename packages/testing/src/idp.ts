import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';

/** Claims of a Keycloak-shaped access token as ThuocDo reads them. */
export interface TokenClaims {
  sub: string;
  tenant: string;
  roles: string[];
  official_id?: string;
  name?: string;
  preferred_username?: string;
  /** The client the token is issued to; the web app's by default. */
  azp?: string;
  /** Set to the client's id in a client's own service-account token (client credentials). */
  client_id?: string;
}

export interface DemoUser {
  username: string;
  password: string;
  claims: TokenClaims;
}

export interface OidcClient {
  clientId: string;
  clientSecret: string;
  /** Exact redirect URIs accepted for the authorization code flow; none means no browser login. */
  redirectUris?: string[];
  /** Claims of the service account for client_credentials; none means the grant is refused. */
  serviceAccount?: TokenClaims;
}

export interface IdentityProviderOptions {
  port?: number;
  host?: string;
  realm?: string;
  audience?: string;
  /** Access-token lifetime. */
  tokenSeconds?: number;
  /** Refresh-token lifetime (the browser session's longest life). */
  refreshSeconds?: number;
  users?: DemoUser[];
  clients?: OidcClient[];
}

/** The options the provider's process starts with (packages/testing/src/idp-server.ts). */
export interface IdpServerOptions {
  port: number;
  host: string;
  realm: string;
  audience: string;
  tokenSeconds: number;
  refreshSeconds: number;
  users: DemoUser[];
  clients: OidcClient[];
}

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

const REPO_ROOT = path.resolve(__dirname, '../../..');

/**
 * The local identity provider for development and tests, as its own process
 * (packages/testing/src/idp-server.ts): node-oidc-provider, a certified OpenID Connect
 * implementation, at Keycloak's paths (/realms/<realm>/protocol/openid-connect/…), issuing
 * Keycloak-shaped access tokens: RS256 JWTs for the audience `thuocdo` with
 * realm_access.roles, tenant and official_id for people, and client_id (with azp) for a
 * client's own service account. Grants: authorization code with PKCE (a page lists the demo
 * users), refresh tokens (rotated), client credentials; RP-initiated logout. This handle also
 * signs tokens itself with the provider's key, for tests. Never run it in production (use
 * Keycloak, realm in infra/keycloak/).
 */
export class LocalIdentityProvider {
  private constructor(
    private readonly child: ChildProcess,
    readonly issuer: string,
    readonly port: number,
    private readonly key: Key,
    private readonly jwk: JWK,
    private readonly audience: string,
    private readonly tokenSeconds: number,
  ) {}

  get jwksUrl(): string {
    return `${this.issuer}/protocol/openid-connect/certs`;
  }

  static async start(opts: IdentityProviderOptions = {}): Promise<LocalIdentityProvider> {
    const options: IdpServerOptions = {
      port: opts.port ?? 0,
      host: opts.host ?? '127.0.0.1',
      realm: opts.realm ?? 'thuocdo',
      audience: opts.audience ?? 'thuocdo',
      tokenSeconds: opts.tokenSeconds ?? 3600,
      refreshSeconds: opts.refreshSeconds ?? 10 * 3600,
      users: opts.users ?? [],
      clients: opts.clients ?? [],
    };
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'packages/testing/src/idp-server.ts')], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, IDP_OPTIONS: JSON.stringify(options) },
    });
    const ready = await new Promise<{ issuer: string; port: number; signingJwk: JWK; publicJwk: JWK }>((resolve, reject) => {
      let out = '';
      const t = setTimeout(() => reject(new Error('the identity provider did not start within 30 s')), 30_000);
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /IDP_READY (\{.*\})\n/.exec(out);
        if (m) {
          clearTimeout(t);
          resolve(JSON.parse(m[1]));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(t);
        reject(new Error(`the identity provider exited with ${code}`));
      });
    });
    const key = (await importJWK(ready.signingJwk, 'RS256')) as Key;
    return new LocalIdentityProvider(child, ready.issuer, ready.port, key, ready.publicJwk, options.audience, options.tokenSeconds);
  }

  /** Signs an access token for the given claims (tests use this directly; the options make the bad tokens of the token tests). */
  async mint(
    claims: TokenClaims,
    opts: {
      expiresInSeconds?: number;
      /** No `exp` claim at all. */
      withoutExpiry?: boolean;
      /** `nbf` this many seconds from now. */
      notBeforeSeconds?: number;
      audience?: string;
      issuer?: string;
      key?: Key;
      kid?: string;
    } = {},
  ): Promise<string> {
    const { roles, sub, ...rest } = claims;
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT({ azp: 'thuocdo-web', ...rest, realm_access: { roles }, typ: 'Bearer' })
      .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? this.jwk.kid })
      .setSubject(sub)
      .setIssuer(opts.issuer ?? this.issuer)
      .setAudience(opts.audience ?? this.audience)
      .setIssuedAt(now)
      .setJti(randomUUID());
    if (!opts.withoutExpiry) jwt.setExpirationTime(now + (opts.expiresInSeconds ?? this.tokenSeconds));
    if (opts.notBeforeSeconds !== undefined) jwt.setNotBefore(now + opts.notBeforeSeconds);
    return jwt.sign(opts.key ?? this.key);
  }

  /** The public signing key as the JWKS publishes it (its kid is the one every token names). */
  get publicJwk(): JWK {
    return { ...this.jwk };
  }

  /** A token with the right claims but signed by a key the JWKS does not hold. */
  async mintWithForeignKey(claims: TokenClaims): Promise<string> {
    const { privateKey } = await generateKeyPair('RS256');
    return this.mint(claims, { key: privateKey, kid: randomUUID() });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}
