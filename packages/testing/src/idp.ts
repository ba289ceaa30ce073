import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

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
  users?: DemoUser[];
  clients?: OidcClient[];
}

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A small, standards-following OpenID Connect provider for development and tests. It speaks
 * Keycloak's paths (/realms/<realm>/protocol/openid-connect/...) and issues RS256 tokens with
 * Keycloak's claim shape (realm_access.roles) plus ThuocDo's tenant, official_id and agency_id.
 * Grants: authorization_code with PKCE (a page lists the demo users), password, client_credentials.
 * It has no persistence and no real credential store: never run it in production (use Keycloak,
 * realm in infra/keycloak/).
 */
export class LocalIdentityProvider {
  readonly issuer: string;
  private readonly codes = new Map<
    string,
    { user: DemoUser; clientId: string; redirectUri: string; challenge?: string; nonce?: string; expires: number }
  >();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    host: string,
    readonly realm: string,
    private readonly key: Key,
    private readonly jwk: JWK,
    private readonly o: Required<Pick<IdentityProviderOptions, 'audience' | 'tokenSeconds' | 'users' | 'clients'>>,
  ) {
    this.issuer = `http://${host}:${port}/realms/${realm}`;
  }

  get jwksUrl(): string {
    return `${this.issuer}/protocol/openid-connect/certs`;
  }

  static async start(opts: IdentityProviderOptions = {}): Promise<LocalIdentityProvider> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
    const host = opts.host ?? '127.0.0.1';
    let self: LocalIdentityProvider | undefined;
    const server = createServer((req, res) => {
      self!.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(opts.port ?? 0, host, resolve));
    const port = (server.address() as { port: number }).port;
    self = new LocalIdentityProvider(server, port, host, opts.realm ?? 'thuocdo', privateKey, jwk, {
      audience: opts.audience ?? 'thuocdo',
      tokenSeconds: opts.tokenSeconds ?? 3600,
      users: opts.users ?? [],
      clients: opts.clients ?? [],
    });
    return self;
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
    const { roles, ...rest } = claims;
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT({ azp: 'thuocdo-web', ...rest, realm_access: { roles }, typ: 'Bearer' })
      .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? this.jwk.kid })
      .setIssuer(opts.issuer ?? this.issuer)
      .setAudience(opts.audience ?? this.o.audience)
      .setIssuedAt(now)
      .setJti(randomUUID());
    if (!opts.withoutExpiry) jwt.setExpirationTime(now + (opts.expiresInSeconds ?? this.o.tokenSeconds));
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
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.issuer);
    const base = `/realms/${this.realm}`;
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
    };
    switch (url.pathname) {
      case `${base}/.well-known/openid-configuration`:
        return json(200, {
          issuer: this.issuer,
          authorization_endpoint: `${this.issuer}/protocol/openid-connect/auth`,
          token_endpoint: `${this.issuer}/protocol/openid-connect/token`,
          jwks_uri: this.jwksUrl,
          end_session_endpoint: `${this.issuer}/protocol/openid-connect/logout`,
          response_types_supported: ['code'],
          grant_types_supported: ['authorization_code', 'password', 'client_credentials'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
          scopes_supported: ['openid', 'profile'],
        });
      case `${base}/protocol/openid-connect/certs`:
        return json(200, { keys: [this.jwk] });
      case `${base}/protocol/openid-connect/auth`:
        return this.authorize(req, res, url);
      case `${base}/protocol/openid-connect/token`:
        return this.token(req, json);
      case `${base}/protocol/openid-connect/logout`: {
        // Only back to a site that is a registered client's, never to an arbitrary address.
        const back = url.searchParams.get('post_logout_redirect_uri') ?? '';
        const origin = URL.canParse(back) ? new URL(back).origin : '';
        const known = this.o.clients.some((c) => c.redirectUris?.some((u) => new URL(u).origin === origin));
        res.writeHead(known ? 302 : 200, known ? { location: back } : {}).end();
        return;
      }
      default:
        res.writeHead(404).end();
    }
  }

  private async authorize(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const p = req.method === 'POST' ? new URLSearchParams(await readBody(req)) : url.searchParams;
    const clientId = p.get('client_id') ?? '';
    const redirectUri = p.get('redirect_uri') ?? '';
    const client = this.o.clients.find((c) => c.clientId === clientId);
    if (!client?.redirectUris?.includes(redirectUri)) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('invalid client_id or redirect_uri');
      return;
    }
    const username = p.get('username');
    const user = this.o.users.find((u) => u.username === username);
    if (req.method === 'POST' && user) {
      const code = randomBytes(24).toString('base64url');
      this.codes.set(code, {
        user,
        clientId,
        redirectUri,
        challenge: p.get('code_challenge') ?? undefined,
        nonce: p.get('nonce') ?? undefined,
        expires: Date.now() + 60_000,
      });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      const state = p.get('state');
      if (state) back.searchParams.set('state', state);
      back.searchParams.set('iss', this.issuer);
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    // The demo login page: pick a user (no password on this development-only provider).
    const hidden = [...p.entries()]
      .filter(([k]) => k !== 'username')
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join('');
    const buttons = this.o.users
      .map(
        (u) =>
          `<button name="username" value="${escapeHtml(u.username)}">${escapeHtml(u.claims.name ?? u.username)} — ${escapeHtml(u.claims.roles.join(', '))}</button>`,
      )
      .join('');
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(
        `<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Đăng nhập ThuocDo (local)</title>` +
          `<style>body{font-family:system-ui;max-width:32rem;margin:3rem auto}button{display:block;width:100%;margin:.4rem 0;padding:.7rem;text-align:left}</style>` +
          `<h1>Đăng nhập / Sign in</h1><p>Nhà cung cấp định danh cục bộ, chỉ dùng để phát triển. Local identity provider, development only.</p>` +
          `<form method="post">${hidden}${buttons}</form></html>`,
      );
  }

  private async token(req: IncomingMessage, json: (s: number, b: unknown) => void): Promise<void> {
    if (req.method !== 'POST') return json(405, { error: 'invalid_request' });
    const p = new URLSearchParams(await readBody(req));
    let clientId = p.get('client_id') ?? '';
    let clientSecret = p.get('client_secret') ?? '';
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    if (basic) {
      const [id, secret] = Buffer.from(basic[1], 'base64').toString().split(':');
      clientId = decodeURIComponent(id ?? '');
      clientSecret = decodeURIComponent(secret ?? '');
    }
    const client = this.o.clients.find((c) => c.clientId === clientId && c.clientSecret === clientSecret);
    if (!client) return json(401, { error: 'invalid_client' });
    let claims: TokenClaims | undefined;
    let nonce: string | undefined;
    switch (p.get('grant_type')) {
      case 'authorization_code': {
        const code = this.codes.get(p.get('code') ?? '');
        this.codes.delete(p.get('code') ?? '');
        const verifier = p.get('code_verifier') ?? '';
        const pkceOk = !code?.challenge || createHash('sha256').update(verifier).digest('base64url') === code.challenge;
        if (!code || code.expires < Date.now() || code.clientId !== clientId || code.redirectUri !== p.get('redirect_uri') || !pkceOk)
          return json(400, { error: 'invalid_grant' });
        claims = code.user.claims;
        nonce = code.nonce;
        break;
      }
      case 'password': {
        const user = this.o.users.find((u) => u.username === p.get('username') && u.password === p.get('password'));
        if (!user) return json(400, { error: 'invalid_grant' });
        claims = user.claims;
        break;
      }
      case 'client_credentials':
        if (!client.serviceAccount) return json(400, { error: 'unauthorized_client' });
        claims = client.serviceAccount;
        break;
      default:
        return json(400, { error: 'unsupported_grant_type' });
    }
    const accessToken = await this.mint(claims);
    const now = Math.floor(Date.now() / 1000);
    const idToken = await new SignJWT({ name: claims.name, preferred_username: claims.preferred_username, ...(nonce ? { nonce } : {}) })
      .setProtectedHeader({ alg: 'RS256', kid: this.jwk.kid })
      .setIssuer(this.issuer)
      .setSubject(claims.sub)
      .setAudience(clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + this.o.tokenSeconds)
      .sign(this.key);
    return json(200, {
      access_token: accessToken,
      id_token: idToken,
      token_type: 'Bearer',
      expires_in: this.o.tokenSeconds,
      scope: 'openid profile',
    });
  }
}

function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => {
      body += d;
      if (body.length > limit) reject(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}
