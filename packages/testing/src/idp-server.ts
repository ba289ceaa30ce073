/**
 * The local identity provider's process (`node --import tsx packages/testing/src/idp-server.ts`):
 * node-oidc-provider, a certified OpenID Connect implementation, at Keycloak's paths. It reads
 * its options as JSON from IDP_OPTIONS, and prints one line `IDP_READY <json>` with its issuer
 * and the signing key, so that tests (packages/testing/src/idp.ts) can also sign tokens of their
 * own. Development and tests only: it keeps everything in memory and knows no passwords.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import express from 'express';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { type Configuration, errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { IdpServerOptions, TokenClaims } from './idp';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Keycloak's endpoint paths, under the realm's issuer, so that switching to Keycloak is configuration only. */
const KEYCLOAK_ROUTES = {
  authorization: '/protocol/openid-connect/auth',
  token: '/protocol/openid-connect/token',
  jwks: '/protocol/openid-connect/certs',
  end_session: '/protocol/openid-connect/logout',
  userinfo: '/protocol/openid-connect/userinfo',
  revocation: '/protocol/openid-connect/revoke',
  introspection: '/protocol/openid-connect/token/introspect',
};

const page = (title: string, body: string) =>
  `<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title>` +
  `<style>body{font-family:system-ui;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1f1f1f}button{display:block;width:100%;margin:.4rem 0;padding:.7rem;text-align:left;font:inherit;cursor:pointer}</style>` +
  `${body}</html>`;

/** The provider mounted at the realm's path, with the sign-in page. */
async function app(issuer: string, signingJwk: JWK, opts: IdpServerOptions) {
  const users = opts.users ?? [];
  const bySubject = new Map(users.map((u) => [u.claims.sub, u]));
  const clients = opts.clients ?? [];
  const byClient = new Map(clients.map((c) => [c.clientId, c]));
  const base = `/realms/${opts.realm}`;
  const audience = opts.audience;
  const tokenSeconds = opts.tokenSeconds;
  const resource = `urn:${audience}`;
  const keycloakClaims = (c: TokenClaims) => {
    const { sub: _sub, roles, azp: _azp, client_id: _client, ...rest } = c;
    return { ...rest, realm_access: { roles }, typ: 'Bearer' };
  };

  const config: Configuration = {
    clients: clients.map((c) => {
      const browser = (c.redirectUris ?? []).length > 0;
      return {
        client_id: c.clientId,
        client_secret: c.clientSecret,
        redirect_uris: c.redirectUris ?? [],
        post_logout_redirect_uris: (c.redirectUris ?? []).map((u) => new URL('/', u).toString()),
        grant_types: [...(browser ? ['authorization_code', 'refresh_token'] : []), ...(c.serviceAccount ? ['client_credentials'] : [])],
        response_types: browser ? ['code'] : [],
        // The gateway (openid-client) sends its secret in the body; integrators use HTTP Basic, as with Keycloak.
        token_endpoint_auth_method: browser ? 'client_secret_post' : 'client_secret_basic',
      };
    }),
    async findAccount(_ctx, sub) {
      const user = bySubject.get(sub);
      if (!user) return undefined;
      return { accountId: sub, claims: () => ({ sub, name: user.claims.name, preferred_username: user.claims.preferred_username }) };
    },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
    scopes: ['openid', 'profile', 'offline_access'],
    routes: KEYCLOAK_ROUTES,
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // Resource indicators are absolute URIs; the token's audience is ThuocDo's, as Keycloak's mapper puts it.
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, requested) => {
          if (requested !== resource) throw new errors.InvalidTarget();
          return {
            scope: 'openid profile',
            audience,
            accessTokenTTL: tokenSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        // Keycloak signs out at once when the client names the session's id token; so does this.
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.type = 'html';
          ctx.body = page(
            'Đăng xuất / Sign out',
            `<body onload="document.forms[0].submit()"><h1>Đang đăng xuất… / Signing out…</h1>${form.replace('</form>', '<input type="hidden" name="logout" value="yes"><button>Đăng xuất / Sign out</button></form>')}</body>`,
          );
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.type = 'html';
          ctx.body = page('Đã đăng xuất / Signed out', '<h1>Đã đăng xuất / Signed out</h1>');
        },
      },
    },
    pkce: { required: () => true, methods: ['S256'] },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    async extraTokenClaims(_ctx, token) {
      if (token.kind === 'ClientCredentials') {
        const account = byClient.get(token.clientId!)?.serviceAccount;
        return account ? keycloakClaims(account) : undefined;
      }
      const user = bySubject.get((token as { accountId?: string }).accountId ?? '');
      return user ? keycloakClaims(user.claims) : undefined;
    },
    formats: {
      customizers: {
        // Keycloak's shape: azp names the client; client_id only in a client's own service-account token.
        jwt(_ctx, token, jwt) {
          jwt.payload.azp = token.clientId;
          if (token.kind !== 'ClientCredentials') delete jwt.payload.client_id;
          return jwt;
        },
      },
    },
    ttl: {
      AccessToken: tokenSeconds,
      ClientCredentials: tokenSeconds,
      AuthorizationCode: 60,
      IdToken: tokenSeconds,
      RefreshToken: opts.refreshSeconds ?? 10 * 3600,
      Interaction: 600,
      Session: 10 * 3600,
      Grant: 10 * 3600,
    },
    interactions: { url: (_ctx, interaction) => `${base}/interaction/${interaction.uid}` },
    // First-party clients: no consent page; the grant covers the client's scopes and ThuocDo's audience.
    async loadExistingGrant(ctx) {
      const { provider, session, client, result } = ctx.oidc;
      const grantId = result?.consent?.grantId ?? session!.grantIdFor(client!.clientId);
      if (grantId) return provider.Grant.find(grantId);
      const grant = new provider.Grant({ clientId: client!.clientId, accountId: session!.accountId! });
      grant.addOIDCScope('openid profile offline_access');
      grant.addResourceScope(resource, 'openid profile');
      await grant.save();
      return grant;
    },
    jwks: { keys: [signingJwk as never] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page(
        'Lỗi đăng nhập / Sign-in error',
        `<h1>Lỗi / Error</h1><p>${escapeHtml(String(out.error_description ?? out.error))}</p>`,
      );
    },
  };
  const provider = new Provider(issuer, config);

  const app = express();
  app.disable('x-powered-by');
  // The sign-in page: pick a demo user (no password on this development-only provider).
  app.get(`${base}/interaction/:uid`, async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      const buttons = users
        .map(
          (u) =>
            `<button name="username" value="${escapeHtml(u.username)}">${escapeHtml(u.claims.name ?? u.username)} — ${escapeHtml(u.claims.roles.join(', '))}</button>`,
        )
        .join('');
      res
        .type('html')
        .send(
          page(
            'Đăng nhập ThuocDo (local)',
            `<h1>Đăng nhập / Sign in</h1><p>Nhà cung cấp định danh cục bộ, chỉ dùng để phát triển. Local identity provider, development only.</p>` +
              `<form method="post" action="${base}/interaction/${escapeHtml(details.uid)}/login">${buttons}</form>`,
          ),
        );
    } catch (err) {
      next(err);
    }
  });
  app.post(`${base}/interaction/:uid/login`, express.urlencoded({ extended: false, limit: '8kb' }), async (req, res, next) => {
    try {
      const user = users.find((u) => u.username === req.body?.username);
      if (!user) {
        res.status(400).type('text/plain; charset=utf-8').send('Không có người dùng này / No such user');
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: user.claims.sub } }, { mergeWithLastSubmission: false });
    } catch (err) {
      next(err);
    }
  });
  app.use(base, provider.callback());
  app.use((_req: express.Request, res: express.Response) => res.status(404).end());
  return app;
}

async function main() {
  const opts = JSON.parse(process.env.IDP_OPTIONS ?? '{}') as IdpServerOptions;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const signingJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  let handle: express.Express | undefined;
  const server = createServer((req, res) => (handle ? handle(req, res) : res.writeHead(503).end()));
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(opts.port, opts.host, resolve));
  const port = (server.address() as { port: number }).port;
  const issuer = `http://${opts.host}:${port}/realms/${opts.realm}`;
  handle = await app(issuer, signingJwk, opts);
  process.stdout.write(`IDP_READY ${JSON.stringify({ issuer, port, signingJwk, publicJwk })}\n`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  process.stderr.write(`identity provider: ${err?.stack ?? err}\n`);
  process.exit(1);
});
