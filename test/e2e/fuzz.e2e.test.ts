/**
 * Property-based: every RPC over gRPC and every route over HTTP, with requests generated from
 * the protos' schemas (edge values, wrong types for HTTP, unknown fields, foreign and real ids)
 * and callers of every role. Whatever comes in, the answer is never INTERNAL or a 5xx, every
 * error names its reason (and a field when the input is at fault), and no write is half done:
 * every stored record has its event in the outbox, and every event its record.
 */
import { randomUUID } from 'node:crypto';
import { Client, credentials, type Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { ROLES, todayInVietnam } from '@thuocdo/kit';
import { httpApi } from '@thuocdo/proto';
import { serviceServing } from '@thuocdo/registry';
import { callMetadata, readErrorDetail } from '@thuocdo/service';
import fc from 'fast-check';
import { adminToken, createOrgFixture, person, serviceAccount, startTestPlatform, type TestPlatform } from './support';

type FieldSchema = httpApi.FieldSchema;
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

describe('any request, any caller', () => {
  let tp: TestPlatform;
  let fx: Awaited<ReturnType<typeof createOrgFixture>>;
  let ids: string[];
  const today = todayInVietnam();

  /** Callers of every kind: grants over the tenant, the fixture agency and its unit, and none. */
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    tp = await startTestPlatform();
    fx = await createOrgFixture(tp, 'FUZZ');
    ids = [fx.agency.id, fx.unit.id, fx.official.id, fx.workItem.id];
    const inAgency = { agencyId: fx.agency.id };
    tokens.set('sys_admin', await adminToken(tp));
    tokens.set('official', fx.officialToken);
    tokens.set('stranger', await tp.token({ roles: [...ROLES].filter((r) => r !== 'sys_admin'), official_id: randomUUID() }));
    for (const role of ['province_leader', 'hr_admin', 'auditor', 'catalog_admin'])
      tokens.set(`${role} (tenant)`, (await person(tp, [{ role }])).token);
    for (const role of ['agency_leader', 'hr_admin', 'unit_head'])
      tokens.set(`${role} (agency)`, (await person(tp, [{ role, ...inAgency }], { agencyId: fx.agency.id, unitId: fx.unit.id })).token);
    tokens.set('unit_head (unit)', (await person(tp, [{ role: 'unit_head', unitId: fx.unit.id }])).token);
    tokens.set('integrator (agency)', await serviceAccount(tp, 'fuzz-eoffice', [{ role: 'integrator', ...inAgency }]));
  });

  // --- values, by what a field is ------------------------------------------------------------
  const junk = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('', ' ', '\u0000', 'null', '../../etc/passwd', "' OR 1=1 --", '<script>', '𝓥𝓘𝓔𝓣', 'Nguyễn Văn An'),
  );
  const text = (name: string): fc.Arbitrary<string> => {
    if (name.endsWith('_id') || name === 'id')
      return fc.oneof(fc.constantFrom(...ids), fc.uuid().map(String), fc.constant(randomUUID()), junk);
    if (name.endsWith('_date'))
      return fc.oneof(fc.constant(today), fc.constantFrom('2026-02-29', '2024-02-29', '1900-01-01', '9999-12-31', '2026-13-01'), junk);
    if (name.endsWith('_decimal'))
      return fc.oneof(fc.constantFrom('1', '1.5', '0.01', '0', '-1', '1.005', '1e3', '100000.01', ' 2 '), junk);
    if (name === 'page_token') return fc.oneof(fc.constant(''), fc.base64String({ maxLength: 60 }), junk);
    if (name === 'code' || name === 'code_prefix') return fc.oneof(fc.stringMatching(/^[A-Z][A-Z0-9.]{0,6}$/), junk);
    return fc.oneof(fc.string({ maxLength: 30 }), junk, fc.string({ minLength: 200, maxLength: 300 }));
  };
  const int32 = fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.constantFrom(-(2 ** 31), 2 ** 31 - 1, 0, 1, 1440, 1441));
  const doubles = fc.oneof(fc.double(), fc.constantFrom(1e-9, 5e-324, -0, 1.1, 1.005, 1e308, Number.NaN, Number.POSITIVE_INFINITY));

  /** A value of the field's protobuf type, as the generated TypeScript messages hold it. */
  function typed(f: FieldSchema): fc.Arbitrary<unknown> {
    const one = (): fc.Arbitrary<unknown> => {
      switch (f.kind) {
        case 'string':
          return text(f.name);
        case 'bool':
          return fc.boolean();
        case 'bytes':
          return fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b));
        case 'double':
          return doubles;
        case 'int32':
          return int32;
        case 'uint32':
          return fc.nat({ max: 2 ** 32 - 1 });
        case 'int64':
        case 'uint64':
          return fc.integer({ min: 0, max: 2 ** 40 });
        case 'enum':
          return fc.oneof(fc.constantFrom(...Object.values(httpApi.ENUMS[f.ref!])), fc.integer({ min: 0, max: 1000 }));
        case 'timestamp':
          return fc.date({ noInvalidDate: true });
        case 'message':
          return message(f.ref!, 1);
      }
    };
    return f.repeated ? fc.array(one(), { maxLength: 3 }) : one();
  }

  function message(name: string, depth = 0): fc.Arbitrary<Record<string, unknown>> {
    const fields = httpApi.MESSAGES[name].filter((f) => depth < 2 || f.kind !== 'message');
    return fc.record(Object.fromEntries(fields.map((f) => [f.json, typed(f)])));
  }

  /** JSON for a field: mostly the right type, sometimes another one, or null. */
  function json(f: FieldSchema): fc.Arbitrary<unknown> {
    const right: fc.Arbitrary<unknown> =
      f.kind === 'enum'
        ? fc.oneof(fc.constantFrom(...Object.keys(httpApi.ENUMS[f.ref!])), fc.integer({ min: -2, max: 50 }))
        : f.kind === 'timestamp'
          ? fc.date({ noInvalidDate: true }).map((d) => d.toISOString())
          : f.kind === 'bytes'
            ? fc.base64String({ maxLength: 20 })
            : f.kind === 'message'
              ? fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })
              : typed({ ...f, repeated: false }).filter((v) => typeof v !== 'number' || Number.isFinite(v));
    const value = fc.oneof(
      { weight: 6, arbitrary: right },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
    return f.repeated ? fc.oneof(fc.array(value, { maxLength: 3 }), value) : value;
  }

  function body(name: string): fc.Arbitrary<unknown> {
    const fields = httpApi.MESSAGES[name];
    const known = fc.record(Object.fromEntries(fields.map((f) => [f.name, json(f)])), { requiredKeys: [] });
    return fc.oneof(
      { weight: 8, arbitrary: known },
      {
        weight: 1,
        arbitrary: fc
          .tuple(known, fc.string({ minLength: 1, maxLength: 10 }), fc.jsonValue())
          .map(([o, k, v]) => ({ ...o, [`x_${k}`]: v })),
      },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    );
  }

  /** A caller: often one who may write, so that write paths run as well as refusals. */
  const caller = fc.oneof(
    { weight: 2, arbitrary: fc.constant('sys_admin') },
    { weight: 1, arbitrary: fc.constant('official') },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        ...[
          'stranger',
          'province_leader (tenant)',
          'hr_admin (tenant)',
          'auditor (tenant)',
          'catalog_admin (tenant)',
          'agency_leader (agency)',
          'hr_admin (agency)',
          'unit_head (agency)',
          'unit_head (unit)',
          'integrator (agency)',
        ],
      ),
    },
  );
  const tokenFor = async (who: string) => tokens.get(who)!;

  function grpcCall(route: httpApi.HttpRoute, request: unknown, md: Metadata): Promise<ServiceError | null> {
    const client = new Client(tp.platform.address(serviceServing(route.service)!.name), credentials.createInsecure());
    const def = route.definition;
    return new Promise((resolve) =>
      client.makeUnaryRequest(def.path, def.requestSerialize, def.responseDeserialize, request, md, (err: ServiceError | null) => {
        client.close();
        resolve(err);
      }),
    );
  }

  const seen = new Map<string, number>();
  const count = (k: string) => seen.set(k, (seen.get(k) ?? 0) + 1);

  it.each(httpApi.HTTP_ROUTES.map((r) => [`${r.service.split('.').pop()}/${r.method}`, r] as const))('%s over gRPC', async (_, route) => {
    await fc.assert(
      fc.asyncProperty(message(route.request), caller, async (request, who) => {
        const err = await grpcCall(route, request, callMetadata(await tokenFor(who)));
        const code = err ? err.code : status.OK;
        count(`grpc ${status[code]}`);
        if (!err) return true;
        const detail = readErrorDetail(err.metadata);
        return (
          code !== status.INTERNAL &&
          code !== status.UNKNOWN &&
          detail !== undefined &&
          (code !== status.INVALID_ARGUMENT || detail.field !== undefined)
        );
      }),
      { numRuns: RUNS },
    );
  });

  it.each(httpApi.HTTP_ROUTES.map((r) => [`${r.verb} /api${r.template}`, r] as const))('%s over HTTP', async (_, route) => {
    await fc.assert(
      fc.asyncProperty(body(route.request), caller, async (input, who) => {
        const headers: Record<string, string> = { authorization: `Bearer ${await tokenFor(who)}` };
        let url = `${tp.platform.gatewayUrl}/api${route.template}`;
        let init: RequestInit = { headers };
        if (route.body)
          init = { method: route.verb, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(input) };
        else if (input && typeof input === 'object' && !Array.isArray(input)) {
          const q = new URLSearchParams();
          for (const [k, v] of Object.entries(input)) if (v !== null && typeof v !== 'object') q.append(k, String(v));
          url += `?${q}`;
        }
        const res = await fetch(url, init);
        count(`http ${res.status}`);
        const answer = (await res.json().catch(() => undefined)) as any;
        if (res.status >= 500) return false;
        if (res.ok) return answer !== undefined;
        return typeof answer?.error?.code === 'string' && Boolean(answer.error.message?.vi) && Boolean(answer.error.message?.en);
      }),
      { numRuns: RUNS },
    );
  });

  // After every property (tests run in random order): no record without its event (and, in org,
  // its audit row in org and catalog), no event about a record that was never written.
  afterAll(async () => {
    const pairs: [string, string, string][] = [
      ['org', 'agency', 'org.agency-changed.v1'],
      ['org', 'unit', 'org.unit-changed.v1'],
      ['org', 'job_position', 'org.job-position-changed.v1'],
      ['org', 'official', 'org.official-changed.v1'],
      ['org', 'membership', 'org.membership-changed.v1'],
      ['org', 'role_grant', 'org.role-grant-changed.v1'],
      ['catalog', 'work_item', 'catalog.work-item-changed.v1'],
      ['catalog', 'kpi_set', 'catalog.kpi-set-changed.v1'],
      ['worklog', 'work_log_entry', 'worklog.work-logged.v1'],
    ];
    try {
      for (const [service, table, topic] of pairs) {
        const audited = service !== 'worklog';
        const [r] = await tp.sql(
          service,
          `SELECT (SELECT count(*)::int FROM ${table} t WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.message_key = t.id::text AND o.topic = $1)) AS orphans,
                  (SELECT count(*)::int FROM ${table} t WHERE ${audited ? 'NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_id = t.id::text)' : 'false'}) AS unaudited,
                  (SELECT count(DISTINCT message_key)::int FROM outbox o WHERE o.topic = $1
                      AND ${audited ? 'NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_id = o.message_key)' : `NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.id::text = o.message_key)`}) AS phantoms`,
          [topic],
        );
        expect([table, r]).toEqual([table, { orphans: 0, unaudited: 0, phantoms: 0 }]);
      }
      process.stdout.write(`fuzz: ${[...seen].map(([k, n]) => `${k} ×${n}`).join(', ')}\n`);
    } finally {
      await tp.stop();
    }
  });
});
