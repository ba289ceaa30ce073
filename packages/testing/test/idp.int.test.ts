import { createHash, randomBytes } from 'node:crypto';
import { createTokenVerifier, principalFromClaims } from '@thuocdo/kit';
import { decodeJwt } from 'jose';
import { LocalIdentityProvider } from '../src/idp';

const CALLBACK = 'http://127.0.0.1:9/auth/callback';

/** A browser's cookie jar for one host, enough for a redirect chain. */
class Browser {
  private cookies = new Map<string, string>();
  async get(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers ?? {}), cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair.split('=');
      this.cookies.set(k, v.join('='));
    }
    return res;
  }
  /** Follows redirects until one leaves for the callback; returns that address. */
  async follow(url: string, init?: RequestInit): Promise<string> {
    let res = await this.get(url, init);
    for (let i = 0; i < 10 && res.status >= 300 && res.status < 400; i++) {
      const next = new URL(res.headers.get('location')!, url).toString();
      if (next.startsWith(CALLBACK)) return next;
      url = next;
      res = await this.get(url);
    }
    throw new Error(`no redirect to the callback (status ${res.status}): ${(await res.text()).slice(0, 300)}`);
  }
}

describe('local identity provider (oidc-provider)', () => {
  let idp: LocalIdentityProvider;
  const user = {
    username: 'lan.nt',
    password: 'x',
    claims: { sub: 'u-lan', tenant: 'khanh-hoa', roles: ['official'], official_id: 'o-lan', name: 'Nguyễn Thị Lan' },
  };

  beforeAll(async () => {
    idp = await LocalIdentityProvider.start({
      users: [user],
      clients: [
        { clientId: 'thuocdo-web', clientSecret: 'web-secret', redirectUris: [CALLBACK] },
        {
          clientId: 'eoffice',
          clientSecret: 'eo-secret',
          serviceAccount: { sub: 'sa-eoffice', tenant: 'khanh-hoa', roles: ['integrator'] },
        },
      ],
    });
  });
  afterAll(() => idp.stop());

  const verifier = () =>
    createTokenVerifier({
      issuer: idp.issuer,
      audience: 'thuocdo',
      cacheSize: 10,
      jwksCacheSeconds: 60,
      jwksTimeoutMs: 2000,
      clockToleranceSeconds: 5,
    });

  it("publishes its configuration and keys at Keycloak's paths", async () => {
    const conf = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(conf.issuer).toBe(idp.issuer);
    expect(conf.token_endpoint).toBe(`${idp.issuer}/protocol/openid-connect/token`);
    expect(conf.authorization_endpoint).toBe(`${idp.issuer}/protocol/openid-connect/auth`);
    expect(conf.end_session_endpoint).toBe(`${idp.issuer}/protocol/openid-connect/logout`);
    expect(conf.jwks_uri).toBe(idp.jwksUrl);
    const jwks = (await (await fetch(idp.jwksUrl)).json()) as { keys: { kid: string; d?: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual([idp.publicJwk.kid]);
    expect(jwks.keys[0].d).toBeUndefined();
  });

  it('issues a service account a Keycloak-shaped token by client credentials, which the services accept as that client', async () => {
    const res = await fetch(`${idp.issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('eoffice:eo-secret').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    const claims = decodeJwt(access_token);
    expect(claims).toMatchObject({
      aud: 'thuocdo',
      azp: 'eoffice',
      client_id: 'eoffice',
      tenant: 'khanh-hoa',
      realm_access: { roles: ['integrator'] },
    });
    const p = await verifier()(access_token);
    expect(p).toMatchObject({ clientId: 'eoffice', serviceAccount: true, tenantId: 'khanh-hoa', officialId: '' });
    const wrong = await fetch(`${idp.issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('eoffice:nope').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(wrong.status).toBe(401);
  });

  it('signs a person in with the code flow and PKCE, and rotates the refresh token', async () => {
    const browser = new Browser();
    const codeVerifier = randomBytes(32).toString('base64url');
    const auth = new URL(`${idp.issuer}/protocol/openid-connect/auth`);
    auth.search = new URLSearchParams({
      client_id: 'thuocdo-web',
      redirect_uri: CALLBACK,
      response_type: 'code',
      scope: 'openid profile',
      state: 'st',
      code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const login = await browser.get(auth.toString());
    const interaction = new URL(login.headers.get('location')!, auth).toString();
    const pageHtml = await (await browser.get(interaction)).text();
    expect(pageHtml).toContain('Nguyễn Thị Lan');
    const action = new URL(/action="([^"]+)"/.exec(pageHtml)![1], interaction).toString();
    const callback = await browser.follow(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=lan.nt',
    });
    const code = new URL(callback).searchParams.get('code')!;
    expect(new URL(callback).searchParams.get('state')).toBe('st');
    const token = (body: Record<string, string>) =>
      fetch(`${idp.issuer}/protocol/openid-connect/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: 'thuocdo-web', client_secret: 'web-secret', ...body }),
      });
    const withoutVerifier = await token({ grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: 'x'.repeat(43) });
    expect(withoutVerifier.status).toBe(400);
    // The code is spent by the failed attempt: sign in again for a fresh one.
    const second = await browser.follow(auth.toString());
    const tokens = (await (
      await token({
        grant_type: 'authorization_code',
        code: new URL(second).searchParams.get('code')!,
        redirect_uri: CALLBACK,
        code_verifier: codeVerifier,
      })
    ).json()) as Record<string, string>;
    const claims = decodeJwt(tokens.access_token);
    expect(claims).toMatchObject({
      sub: 'u-lan',
      aud: 'thuocdo',
      azp: 'thuocdo-web',
      tenant: 'khanh-hoa',
      official_id: 'o-lan',
      realm_access: { roles: ['official'] },
    });
    expect(claims.client_id).toBeUndefined();
    expect(principalFromClaims(claims)).toMatchObject({ officialId: 'o-lan', serviceAccount: false, clientId: 'thuocdo-web' });
    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = (await (await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).json()) as Record<
      string,
      string
    >;
    expect(decodeJwt(refreshed.access_token).sub).toBe('u-lan');
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    const reused = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(reused.status).toBe(400);
  });
});
