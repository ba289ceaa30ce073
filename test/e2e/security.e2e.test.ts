/**
 * What an attacker or a careless client meets, on every service and on the gateway: forged and
 * malformed tokens, a token without ThuocDo roles, bytes that are not protobuf, bodies the
 * gateway cannot read. Nothing of it may be a 500 or an INTERNAL.
 */
import { createHmac, createPublicKey, randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Client, credentials, type Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { todayInVietnam } from '@thuocdo/kit';
import { commonV1, httpApi, orgV1 } from '@thuocdo/proto';
import { SERVICES, serviceServing } from '@thuocdo/registry';
import { callMetadata, readErrorDetail } from '@thuocdo/service';
import { decodeMessage } from '../../services/gateway/src/domain/json-codec';
import { createOrgFixture, failure, person, startTestPlatform, TENANT, type TestPlatform } from './support';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

describe('security', () => {
  let tp: TestPlatform;
  const grpcServices = SERVICES.filter((s) => s.kind === 'grpc');
  /** One GET route per gRPC service: the call each token is tried on. */
  const probes = grpcServices.map(
    (s) =>
      httpApi.HTTP_ROUTES.find(
        // A read of the service's main gRPC service (org also serves imports; every service, the audit log).
        (r) => r.verb === 'GET' && r.service === s.grpcServices[0],
      )!,
  );

  beforeAll(async () => {
    tp = await startTestPlatform();
  });
  afterAll(() => tp?.stop());

  /** Calls a route's RPC with the given metadata (and optionally raw request bytes); resolves with the status and detail. */
  function call(route: httpApi.HttpRoute, md: Metadata, raw?: Buffer): Promise<{ code: number; detail?: commonV1.ErrorDetail }> {
    const service = serviceServing(route.service)!;
    const client = new Client(tp.platform.address(service.name), credentials.createInsecure());
    const def = route.definition;
    const serialize: (x: any) => Buffer = raw ? (x: Buffer) => x : def.requestSerialize;
    const request: unknown = raw ?? decodeMessage(route.request, {});
    return new Promise((resolve) => {
      client.makeUnaryRequest(def.path, serialize, def.responseDeserialize, request, md, (err: ServiceError | null) => {
        client.close();
        resolve(err ? { code: err.code, detail: readErrorDetail(err.metadata) } : { code: status.OK });
      });
    });
  }

  const claims = () => ({ sub: `attacker-${randomUUID()}`, tenant: TENANT, roles: ['province_leader', 'sys_admin'] });

  async function attackTokens(): Promise<Record<string, string>> {
    const idp = tp.platform.idp;
    const good = await idp.mint(claims());
    const [header, payload, signature] = good.split('.');
    const tampered = b64({
      ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
      tenant: 'another-province',
      official_id: randomUUID(),
    });
    const kid = idp.publicJwk.kid;
    const publicPem = createPublicKey({ key: idp.publicJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const hsHeader = b64({ alg: 'HS256', typ: 'JWT', kid });
    const foreign = await idp.mintWithForeignKey(claims());
    const [, , foreignSignature] = foreign.split('.');
    return {
      'a signature by another key under the real key id': `${header}.${payload}.${foreignSignature}`,
      'tampered claims under the original signature': `${header}.${tampered}.${signature}`,
      'alg none': `${b64({ alg: 'none', typ: 'JWT', kid })}.${payload}.`,
      'HS256 keyed with the public key': `${hsHeader}.${payload}.${createHmac('sha256', publicPem).update(`${hsHeader}.${payload}`).digest('base64url')}`,
      'another audience': await idp.mint(claims(), { audience: 'another-app' }),
      'another issuer': await idp.mint(claims(), { issuer: 'http://127.0.0.1:1/realms/thuocdo' }),
      'not valid yet': await idp.mint(claims(), { notBeforeSeconds: 3600 }),
      'no expiry': await idp.mint(claims(), { withoutExpiry: true }),
      expired: await idp.mint(claims(), { expiresInSeconds: -60 }),
      'no tenant': await idp.mint({ sub: 'x', tenant: '', roles: ['sys_admin'] }),
    };
  }

  it('refuses every bad token with UNAUTHENTICATED on every gRPC service, and 401 at the gateway', async () => {
    const tokens = await attackTokens();
    const seen: string[] = [];
    for (const [what, token] of Object.entries(tokens)) {
      for (const route of probes) {
        const r = await call(route, callMetadata(token));
        seen.push(`${what} → ${route.service}: ${status[r.code]}`);
        expect([what, route.service, status[r.code]]).toEqual([what, route.service, 'UNAUTHENTICATED']);
      }
      const res = await fetch(`${tp.platform.gatewayUrl}/api/v1/agencies`, { headers: { authorization: `Bearer ${token}` } });
      expect([what, res.status]).toEqual([what, 401]);
      const me = await fetch(`${tp.platform.gatewayUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } });
      expect([what, me.status]).toEqual([what, 401]);
    }
    expect(seen).toHaveLength(Object.keys(tokens).length * grpcServices.length);
    // The right token still works, on the same servers.
    const ok = await call(probes.find((r) => r.method === 'ListAgencies')!, callMetadata(await tp.platform.idp.mint(claims())));
    expect(ok.code).toBe(status.OK);
  });

  it('refuses a valid token that holds no grant on every RPC, lists included; WhoAmI answers it about itself only', async () => {
    const none = callMetadata(await tp.platform.idp.mint({ sub: 'outsider', tenant: TENANT, roles: ['offline_access'] as never[] }));
    for (const route of httpApi.HTTP_ROUTES) {
      const r = await call(route, none);
      expect([route.method, status[r.code]]).toEqual([route.method, route.method === 'WhoAmI' ? 'OK' : 'PERMISSION_DENIED']);
    }
  });

  it('answers bytes that are not a protobuf message with INVALID_ARGUMENT and a typed detail, on every service', async () => {
    const md = callMetadata(await tp.platform.idp.mint(claims()));
    for (const route of probes) {
      const r = await call(route, md, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]));
      expect([route.service, status[r.code], r.detail?.reason]).toEqual([
        route.service,
        'INVALID_ARGUMENT',
        commonV1.ErrorReason.ERROR_REASON_INVALID_FIELD,
      ]);
      expect(r.detail?.messageVi).toBeTruthy();
    }
  });

  it('answers a JWKS endpoint that does not answer with UNAVAILABLE, not UNAUTHENTICATED', async () => {
    await tp.platform.stopService('catalog');
    await tp.platform.startService('catalog', {
      AUTH_JWKS_URL: 'http://127.0.0.1:9/realms/thuocdo/protocol/openid-connect/certs',
      AUTH_JWKS_TIMEOUT_MS: '500',
    });
    try {
      const route = probes.find((r) => r.service === 'thuocdo.catalog.v1.CatalogService')!;
      const r = await call(route, callMetadata(await tp.platform.idp.mint(claims())));
      expect([status[r.code], r.detail?.reason]).toEqual(['UNAVAILABLE', commonV1.ErrorReason.ERROR_REASON_UNAVAILABLE]);
    } finally {
      await tp.platform.stopService('catalog');
      await tp.platform.startService('catalog');
    }
  });

  /** A raw HTTP/1.1 request, so that any bytes can be sent in headers. */
  function raw(request: Buffer): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const url = new URL(tp.platform.gatewayUrl);
      const socket = connect(Number(url.port), url.hostname, () => socket.end(request));
      let text = '';
      socket.on('data', (d) => {
        text += d.toString('latin1');
      });
      socket.on('end', () =>
        resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]), body: text.slice(text.indexOf('\r\n\r\n') + 4) }),
      );
      socket.on('error', reject);
    });
  }

  it('answers non-ASCII bytes in the Authorization header with 401', async () => {
    const r = await raw(
      Buffer.concat([
        Buffer.from('GET /api/v1/agencies HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer '),
        Buffer.from([0xc3, 0xa9, 0xff, 0x2e, 0x61, 0x2e, 0x62]),
        Buffer.from('\r\n\r\n'),
      ]),
    );
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body).error.code).toBe('UNAUTHENTICATED');
  });

  it('answers bodies it cannot read with 415 or 400 naming the body, never 500', async () => {
    const token = await tp.platform.idp.mint(claims());
    const post = (headers: Record<string, string>, body: string | Buffer) =>
      fetch(`${tp.platform.gatewayUrl}/api/v1/agencies`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, ...headers },
        body,
      });
    const cases: [string, Record<string, string>, string | Buffer, number][] = [
      ['a charset other than UTF-8', { 'content-type': 'application/json; charset=koi8-r' }, '{}', 415],
      ['an unknown content encoding', { 'content-type': 'application/json', 'content-encoding': 'compress' }, '{}', 415],
      ['brotli that is not brotli', { 'content-type': 'application/json', 'content-encoding': 'br' }, '{}', 400],
      ['gzip that is not gzip', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 'not gzip', 400],
      ['a body that is not JSON', { 'content-type': 'text/plain' }, 'code=SNV', 415],
      ['JSON that is not an object', { 'content-type': 'application/json' }, '"SNV"', 400],
    ];
    for (const [what, headers, body, expected] of cases) {
      const res = await post(headers, body);
      const json = (await res.json()) as any;
      expect([what, res.status, json.error?.field]).toEqual([what, expected, 'body']);
    }
  });

  it('names agency_id for an official of an unknown agency', async () => {
    const fx = await createOrgFixture(tp, 'SEC');
    const admin = callMetadata((await person(tp, [{ role: 'hr_admin' }])).token);
    const err = await failure(
      (m, cb) =>
        tp.clients.org.createOfficial(
          orgV1.CreateOfficialRequest.fromPartial({
            agencyId: '0190f3a2-0000-7000-8000-00000000dead',
            unitId: fx.unit.id,
            fullName: 'Trần Văn B',
            category: 2,
          }),
          m,
          cb,
        ),
      admin,
    );
    expect(err).toEqual({ code: status.NOT_FOUND, field: 'agency_id' });
  });

  it('sends headers that forbid framing the app and caching /api and pages, on pages, API answers and errors, and caches hashed assets', async () => {
    const token = (await person(tp, [{ role: 'auditor' }])).token;
    const answers = {
      page: await fetch(`${tp.platform.gatewayUrl}/`),
      api: await fetch(`${tp.platform.gatewayUrl}/api/v1/agencies`, { headers: { authorization: `Bearer ${token}` } }),
      refused: await fetch(`${tp.platform.gatewayUrl}/api/me`),
    };
    expect([answers.page.status, answers.api.status, answers.refused.status]).toEqual([200, 200, 401]);
    for (const [what, res] of Object.entries(answers)) {
      expect([what, res.headers.get('content-security-policy')]).toEqual([what, expect.stringContaining("frame-ancestors 'none'")]);
      expect([what, res.headers.get('x-frame-options'), res.headers.get('referrer-policy')]).toEqual([what, 'DENY', 'no-referrer']);
      // The test platform's public address is plain HTTP: no HSTS there.
      expect([what, res.headers.get('strict-transport-security')]).toEqual([what, null]);
    }
    expect(answers.api.headers.get('cache-control')).toBe('no-store');
    expect(answers.refused.headers.get('cache-control')).toBe('no-store');
    // A page carries its own style nonce, so it is never reused; the assets it names are cached for a year.
    const html = await answers.page.text();
    const nonce = /<meta name="csp-nonce" content="([^"]+)"/.exec(html)?.[1];
    expect(answers.page.headers.get('cache-control')).toBe('no-store');
    expect(answers.page.headers.get('content-security-policy')).toContain(`style-src 'self' 'nonce-${nonce}'`);
    const second = await (await fetch(`${tp.platform.gatewayUrl}/org`)).text();
    expect(/<meta name="csp-nonce" content="([^"]+)"/.exec(second)?.[1]).not.toBe(nonce);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const asset = await fetch(`${tp.platform.gatewayUrl}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect([asset.status, asset.headers.get('cache-control'), asset.headers.get('content-encoding')]).toEqual([
      200,
      'public, max-age=31536000, immutable',
      'gzip',
    ]);
  });

  it('answers /api/me only for a valid token or session', async () => {
    expect((await fetch(`${tp.platform.gatewayUrl}/api/me`)).status).toBe(401);
    expect((await fetch(`${tp.platform.gatewayUrl}/api/me`, { headers: { authorization: 'Basic abc' } })).status).toBe(401);
    const me = await fetch(`${tp.platform.gatewayUrl}/api/me`, {
      headers: { authorization: `Bearer ${await tp.token({ roles: ['auditor'] })}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ tenant: TENANT });
  });

  it('keeps the call working for the official who owns the diary', async () => {
    const fx = await createOrgFixture(tp, 'OWN');
    const today = todayInVietnam();
    const list = httpApi.HTTP_ROUTES.find((r) => r.method === 'ListWorkLogs')!;
    const r = await fetch(
      `${tp.platform.gatewayUrl}/api${list.template}?official_id=${fx.official.id}&from_date=${today}&to_date=${today}`,
      {
        headers: { authorization: `Bearer ${fx.officialToken}` },
      },
    );
    expect(r.status).toBe(200);
  });
});
