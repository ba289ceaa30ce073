/**
 * The gateway's browser sessions as a browser meets them, without a browser: sign-in through
 * the identity provider's page (code flow with PKCE), the session cookie's flags, a new session
 * id at sign-in, the session shared by a second gateway replica, CSRF tokens and the Origin
 * check on everything that changes state (sign-out included), access tokens refreshed before
 * they expire (also by many requests at once), sign-out at the identity provider, and the rate
 * limits.
 */
import { decodeJwt } from 'jose';
import { metricValue, person, startTestPlatform, TENANT, type TestPlatform, until } from './support';

/** A cookie jar for the gateway and the identity provider, with the request's Origin when asked. */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  async fetch(url: string, init: RequestInit & { origin?: string } = {}): Promise<Response> {
    const full = new URL(url, this.base).toString();
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    const jar = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (jar) headers.cookie = jar;
    if (init.origin) headers.origin = init.origin;
    const res = await fetch(full, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair.split('=');
      if (/expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(k);
      else this.cookies.set(k, v.join('='));
    }
    return res;
  }

  /** Signs in as the demo user whose button text matches, following every redirect. */
  async signIn(button: RegExp): Promise<void> {
    let res = await this.fetch('/auth/login');
    for (let i = 0; i < 10 && res.status >= 300 && res.status < 400; i++)
      res = await this.fetch(new URL(res.headers.get('location')!, res.url || this.base).toString());
    const html = await res.text();
    const form = /action="([^"]+)"/.exec(html)![1];
    const value = [...html.matchAll(/<button name="username" value="([^"]+)">([^<]*)</g)].find((m) => button.test(m[2]))![1];
    res = await this.fetch(new URL(form, res.url).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `username=${encodeURIComponent(value)}`,
    });
    for (let i = 0; i < 10 && res.status >= 300 && res.status < 400; i++) {
      const next = new URL(res.headers.get('location')!, res.url).toString();
      res = await this.fetch(next);
      if (next.startsWith(this.base) && !next.includes('/auth/')) break;
    }
  }
}

describe('gateway sessions', () => {
  let tp: TestPlatform;
  let origin: string;
  const leaderSub = 'leader-sessions';

  beforeAll(async () => {
    // Access tokens of 6 s, refreshed when 4 s are left: a session's token is refreshed within 2 s of its sign-in.
    tp = await startTestPlatform(
      [
        {
          username: 'lanhdao',
          password: 'x',
          claims: { sub: leaderSub, tenant: TENANT, roles: ['province_leader'], name: 'Lãnh đạo tỉnh' },
        },
      ],
      // Tests run in random order and sign in as one subject: its per-second limit is raised here so
      // that one test's burst never spills into the next; the rate-limit test sets its own on a replica.
      { tokenSeconds: 6, env: { TOKEN_REFRESH_BEFORE_SECONDS: '4', RATE_LIMIT_SUBJECT_PER_SECOND: '1000' } },
    );
    origin = tp.platform.gatewayUrl;
    await person(tp, [{ role: 'province_leader' }], undefined, 'Lãnh đạo tỉnh', leaderSub);
  });
  afterAll(() => tp?.stop());

  const signedIn = async () => {
    const b = new Browser(origin);
    await b.signIn(/Lãnh đạo tỉnh/);
    return b;
  };
  const csrfOf = async (b: Browser) => ((await (await b.fetch('/api/me')).json()) as { csrf_token: string }).csrf_token;
  const sessionCookie = (b: Browser) => b.cookies.get('thuocdo_session');

  it('signs in with a session cookie that scripts cannot read, and a new session id replacing the one before', async () => {
    const b = new Browser(origin);
    const start = await b.fetch('/auth/login');
    const before = sessionCookie(b);
    expect(before).toBeTruthy();
    const setCookie = start.headers.getSetCookie().find((c) => c.startsWith('thuocdo_session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    await b.signIn(/Lãnh đạo tỉnh/);
    const after = sessionCookie(b);
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    const me = await b.fetch('/api/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ name: 'Lãnh đạo tỉnh', tenant: TENANT });
    // The session from before sign-in is gone from the store.
    const sid = (c: string) => decodeURIComponent(c).slice(2).split('.')[0];
    const rows = await tp.sql('gateway', 'SELECT sid FROM session WHERE sid = ANY($1)', [[sid(before!), sid(after!)]]);
    expect(rows.map((r) => r.sid)).toEqual([sid(after!)]);
  });

  it('serves one session from any gateway replica', async () => {
    const b = await signedIn();
    const replica = await tp.platform.startReplica('gateway');
    try {
      const res = await b.fetch(`http://${replica.address}/api/v1/agencies`);
      expect(res.status).toBe(200);
    } finally {
      await replica.stop();
    }
  });

  it('refuses a state-changing request without the CSRF token or from another origin, and takes the right one', async () => {
    const b = await signedIn();
    const token = await csrfOf(b);
    const create = (init: RequestInit & { origin?: string }) =>
      b.fetch('/api/v1/agencies', {
        method: 'POST',
        ...init,
        headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
        body: JSON.stringify({ code: `CSRF${Date.now() % 100000}`, name: 'Sở thử', kind: 'AGENCY_KIND_DEPARTMENT' }),
      });
    const noToken = await create({ origin });
    expect([noToken.status, ((await noToken.json()) as any).error.field]).toEqual([403, 'csrf_token']);
    const wrongToken = await create({ origin, headers: { 'x-csrf-token': 'x'.repeat(32) } });
    expect(wrongToken.status).toBe(403);
    const foreign = await create({ origin: 'https://evil.example', headers: { 'x-csrf-token': token } });
    expect([foreign.status, ((await foreign.json()) as any).error.field]).toEqual([403, 'origin']);
    const noOrigin = await create({ headers: { 'x-csrf-token': token } });
    expect(noOrigin.status).toBe(403);
    // The province leader may not create agencies: the request passed the checks and reached org.
    const right = await create({ origin, headers: { 'x-csrf-token': token } });
    expect(right.status).toBe(403);
    expect(((await right.json()) as any).error.field).toBeUndefined();
  });

  it('keeps the session when another site posts a sign-out, and ends it (and the provider’s) on its own page’s', async () => {
    const b = await signedIn();
    const forged = await b.fetch('/auth/logout', { method: 'POST', origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    const sameSiteNoToken = await b.fetch('/auth/logout', { method: 'POST', origin });
    expect(sameSiteNoToken.status).toBe(403);
    expect((await b.fetch('/api/me')).status).toBe(200);
    const cookie = sessionCookie(b)!;
    const out = await b.fetch('/auth/logout', { method: 'POST', origin, headers: { 'x-csrf-token': await csrfOf(b) } });
    expect(out.status).toBe(200);
    const { logout_url } = (await out.json()) as { logout_url: string };
    const url = new URL(logout_url);
    expect(url.toString()).toContain(`${tp.platform.idp.issuer}/protocol/openid-connect/logout`);
    expect(url.searchParams.get('id_token_hint')).toBeTruthy();
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${origin}/`);
    // The old cookie no longer opens anything.
    const replay = await fetch(`${origin}/api/me`, { headers: { cookie: `thuocdo_session=${cookie}` } });
    expect(replay.status).toBe(401);
  });

  it('refreshes the access token before it expires, once for many requests at once', async () => {
    const b = await signedIn();
    const stored = async () =>
      (
        await tp.sql('gateway', "SELECT sess->'auth'->>'accessToken' AS a FROM session WHERE sess->'auth'->>'subject' = $1", [leaderSub])
      ).map((r) => r.a);
    const before = new Set(await stored());
    const refreshes = () => metricValue(tp, 'gateway', 'gateway_token_refreshes_total{outcome="refreshed"}');
    const refreshedBefore = await refreshes();
    await until('the signed-in token to come within the refresh margin', async () =>
      (await stored()).every((a) => decodeJwt(a).exp! * 1000 - Date.now() < 4000),
    );
    // 20 requests at once, each finding the token within the refresh margin: one refreshes, the others take its tokens.
    const answers = await Promise.all(Array.from({ length: 20 }, () => b.fetch('/api/v1/agencies')));
    const bodies = await Promise.all(answers.map(async (r) => `${r.status} ${r.status === 200 ? '' : await r.text()}`));
    expect(bodies).toEqual(Array(20).fill('200 '));
    expect((await refreshes()) - refreshedBefore).toBe(1);
    const after = (await stored()).filter((a) => !before.has(a));
    expect(after).toHaveLength(1);
    expect(decodeJwt(after[0]).sub).toBe(leaderSub);
  });

  it('answers a burst from one person, and from one address, with 429 and Retry-After', async () => {
    const b = await signedIn();
    // A replica of its own with the default limits: its counters are its own, so the other tests are not limited.
    const replica = await tp.platform.startReplica('gateway', { RATE_LIMIT_SUBJECT_PER_SECOND: '30' });
    try {
      const at = `http://${replica.address}`;
      const burst = await Promise.all(Array.from({ length: 150 }, () => b.fetch(`${at}/api/me`)));
      const limited = burst.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await limited[0].json()) as any).error.code).toBe('RESOURCE_EXHAUSTED');
      const anonymous = await Promise.all(Array.from({ length: 150 }, () => fetch(`${at}/api/v1/agencies`)));
      expect(anonymous.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    } finally {
      await replica.stop();
    }
  });
});
