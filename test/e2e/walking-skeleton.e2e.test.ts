/**
 * The thin slice through every real component: an official's work-log entry written over
 * gRPC is stored in PostgreSQL, leaves through the outbox to Kafka, is consumed into ClickHouse
 * and appears in the analytics answer, over gRPC and over the gateway's HTTP API.
 */
import { credentials, loadPackageDefinition, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { todayInVietnam } from '@thuocdo/kit';
import { catalogV1, worklogV1 } from '@thuocdo/proto';
import { callMetadata } from '@thuocdo/service';
import {
  createOrgFixture,
  dailyWork,
  failure,
  logWorkFor,
  metricValue,
  person,
  startTestPlatform,
  TENANT,
  type TestPlatform,
  until,
} from './support';

describe('walking skeleton', () => {
  let tp: TestPlatform;
  let fx: Awaited<ReturnType<typeof createOrgFixture>>;
  let leaderToken: string;
  const today = todayInVietnam();

  beforeAll(async () => {
    tp = await startTestPlatform();
    fx = await createOrgFixture(tp, 'SNV');
    leaderToken = (await person(tp, [{ role: 'province_leader' }])).token;
  });
  afterAll(() => tp?.stop());

  /** LogWork for a fixture's official (each test that writes has a fixture of its own). */
  const logWork = (req: Partial<worklogV1.LogWorkRequest>, f = fx) =>
    logWorkFor(tp, f, { quantityDecimal: '2', minutes: 150, note: 'Soạn tờ trình', ...req });

  it('shows a logged entry in the analytics answer over gRPC and over HTTP', async () => {
    const own = await createOrgFixture(tp, 'SKHDT');
    const { entry } = await logWork({}, own);
    expect(entry).toMatchObject({
      officialId: own.official.id,
      agencyId: own.agency.id,
      workDate: today,
      minutes: 150,
      quantityDecimal: '2.00',
    });

    // The agency's name arrives on its own topic, so it may show up a moment after the numbers.
    // Fails when the entry is not visible within 10 s; the benchmark measures the real figure.
    const rows = await until(
      'the entry and its agency name in analytics',
      async () => {
        const r = await dailyWork(tp, leaderToken, today, today, own.agency.id);
        return r.length && r[0].entries === 1 && r[0].agencyName ? r : undefined;
      },
      10_000,
    );
    expect(rows).toEqual([{ agencyId: own.agency.id, agencyName: 'Cơ quan SKHDT', workDate: today, minutes: 150, entries: 1 }]);

    const http = await fetch(
      `${tp.platform.gatewayUrl}/api/v1/analytics/agency-daily-work?from_date=${today}&to_date=${today}&agency_id=${own.agency.id}`,
      { headers: { authorization: `Bearer ${leaderToken}` } },
    );
    expect(http.status).toBe(200);
    expect(await http.json()).toEqual({
      rows: [{ agency_id: own.agency.id, agency_name: 'Cơ quan SKHDT', work_date: today, minutes: 150, entries: 1 }],
      next_page_token: '',
    });
  });

  it('logs work over HTTP and lists it back; a repeated request id writes once', async () => {
    const own = await createOrgFixture(tp, 'HTTP');
    const body = {
      official_id: own.official.id,
      work_date: today,
      work_item_id: own.workItem.id,
      quantity_decimal: '1.5',
      minutes: 30,
      request_id: '0190f3a2-0000-7000-8000-00000000e2e1',
    };
    const post = () =>
      fetch(`${tp.platform.gatewayUrl}/api/v1/work-logs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${own.officialToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const first = await post();
    expect(first.status).toBe(201);
    const created = ((await first.json()) as any).entry;
    expect(created).toMatchObject({ official_id: own.official.id, minutes: 30, work_date: today, quantity_decimal: '1.50' });
    expect(created).not.toHaveProperty('quantity'); // deprecated fields stay out of REST answers
    const again = (await (await post()).json()) as any;
    expect(again.entry.id).toBe(created.id);
    const clash = await fetch(`${tp.platform.gatewayUrl}/api/v1/work-logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${own.officialToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, minutes: 31 }),
    });
    expect([clash.status, ((await clash.json()) as any).error.field]).toEqual([409, 'request_id']);

    const list = await fetch(
      `${tp.platform.gatewayUrl}/api/v1/work-logs?official_id=${own.official.id}&from_date=${today}&to_date=${today}`,
      { headers: { authorization: `Bearer ${own.officialToken}` } },
    );
    const entries = ((await list.json()) as any).entries as { id: string }[];
    expect(entries.map((e) => e.id)).toEqual([created.id]);
  });

  it('serves reflection and Prometheus metrics', async () => {
    await logWork({ minutes: 5 });
    const protoPath = require.resolve('@grpc/reflection/build/proto/grpc/reflection/v1alpha/reflection.proto');
    const pkg = loadPackageDefinition(loadSync(protoPath, { keepCase: true })) as any;
    const client = new pkg.grpc.reflection.v1alpha.ServerReflection(tp.platform.address('worklog'), credentials.createInsecure());
    const services = await new Promise<string[]>((resolve, reject) => {
      const call = client.ServerReflectionInfo();
      call.on('data', (res: any) => {
        resolve(res.list_services_response.service.map((x: { name: string }) => x.name));
        call.end();
      });
      call.on('error', reject);
      call.write({ list_services: '' });
    });
    client.close();
    expect(services).toEqual(expect.arrayContaining(['thuocdo.worklog.v1.WorklogService', 'grpc.health.v1.Health']));

    // The relay publishes the entry's event after the answer: wait for it rather than race it.
    await until('the outbox relay to publish', async () => (await metricValue(tp, 'worklog', 'outbox_published_total')) > 0);
    const metrics = await (await fetch(tp.platform.metricsUrl('worklog'))).text();
    expect(metrics).toMatch(
      /grpc_server_handling_seconds_count\{grpc_method="\/thuocdo\.worklog\.v1\.WorklogService\/LogWork",grpc_code="OK"\} [1-9]/,
    );
    expect(metrics).toMatch(/outbox_published_total [1-9]/);
    expect(metrics).toMatch(
      /consumer_events_total\{group="worklog\.directory",topic="org\.official-changed\.v1",outcome="applied"\} [1-9]/,
    );
  });

  describe('bad input gets INVALID_ARGUMENT naming the field and writes nothing', () => {
    const counts = async () => {
      const [e] = await tp.sql('worklog', 'SELECT count(*)::int AS n FROM work_log_entry');
      const [o] = await tp.sql('worklog', 'SELECT count(*)::int AS n FROM outbox');
      return [e.n, o.n];
    };

    it('over gRPC', async () => {
      const before = await counts();
      const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const cases: [Partial<worklogV1.LogWorkRequest>, string][] = [
        [{ officialId: '' }, 'official_id'],
        [{ workDate: '' }, 'work_date'],
        [{ workItemId: '' }, 'work_item_id'],
        [{ quantityDecimal: '', quantity: -1 }, 'quantity'],
        [{ quantityDecimal: '', quantity: 1e-9 }, 'quantity'],
        [{ quantityDecimal: '0.001' }, 'quantity_decimal'],
        [{ minutes: -1 }, 'minutes'],
        [{ minutes: 1441 }, 'minutes'],
        [{ startTime: '08:00' }, 'end_time'],
        [{ startTime: '09:00', endTime: '08:00' }, 'end_time'],
        [{ taskId: 'x' }, 'task_id'],
        [{ workDate: tomorrow }, 'work_date'],
        [{ workDate: '2026-02-30' }, 'work_date'],
        [{ workItemId: '0190f3a2-dead-7bee-8000-000000000000' }, 'work_item_id'],
        [{ note: 'x'.repeat(2 * 1024 * 1024) }, 'note'],
      ];
      for (const [change, field] of cases) {
        const md = callMetadata(fx.officialToken);
        const err = await failure(
          (m, cb) =>
            tp.clients.worklog.logWork(
              worklogV1.LogWorkRequest.fromPartial({
                officialId: fx.official.id,
                workDate: today,
                workItemId: fx.workItem.id,
                quantityDecimal: '1',
                minutes: 10,
                ...change,
              }),
              m,
              cb,
            ),
          md,
        );
        expect({ change: Object.keys(change)[0], ...err }).toEqual({
          change: Object.keys(change)[0],
          code: status.INVALID_ARGUMENT,
          field,
        });
      }
      expect(await counts()).toEqual(before);
    });

    it('over HTTP', async () => {
      const before = await counts();
      const valid = { official_id: fx.official.id, work_date: today, work_item_id: fx.workItem.id, quantity_decimal: '1', minutes: 10 };
      const cases: [string, string, number][] = [
        [JSON.stringify({ ...valid, official_id: undefined }), 'official_id', 400],
        [JSON.stringify({ ...valid, quantity_decimal: 3 }), 'quantity_decimal', 400],
        [JSON.stringify({ ...valid, quantity_decimal: undefined, quantity: 'three' }), 'quantity', 400],
        [JSON.stringify({ ...valid, minutes: '10' }), 'minutes', 400],
        [JSON.stringify({ ...valid, minutes: 1.5 }), 'minutes', 400],
        [JSON.stringify({ ...valid, quantity_decimal: '-5' }), 'quantity_decimal', 400],
        [JSON.stringify({ ...valid, work_date: '2999-01-01' }), 'work_date', 400],
        [JSON.stringify({ ...valid, work_item_id: '0190f3a2-dead-7bee-8000-000000000000' }), 'work_item_id', 400],
        [JSON.stringify({ ...valid, colour: 'red' }), 'colour', 400],
        [JSON.stringify({ ...valid, note: 'x'.repeat(3 * 1024 * 1024) }), 'body', 413],
        ['{"official_id": ', 'body', 400],
        ['[]', 'body', 400],
      ];
      for (const [body, field, status] of cases) {
        const res = await fetch(`${tp.platform.gatewayUrl}/api/v1/work-logs`, {
          method: 'POST',
          headers: { authorization: `Bearer ${fx.officialToken}`, 'content-type': 'application/json' },
          body,
        });
        const json = (await res.json()) as any;
        expect({ body: body.slice(0, 40), status: res.status, code: json.error?.code, field: json.error?.field }).toEqual({
          body: body.slice(0, 40),
          status,
          code: 'INVALID_ARGUMENT',
          field,
        });
        expect(json.error.message.vi).toBeTruthy();
        expect(json.error.message.en).toBeTruthy();
      }
      expect(await counts()).toEqual(before);
    });
  });

  describe('authentication and authorization', () => {
    const list = (md: import('@grpc/grpc-js').Metadata) =>
      failure(
        (m, cb) =>
          tp.clients.analytics.getAgencyDailyWork({ fromDate: today, toDate: today, agencyId: '', pageSize: 0, pageToken: '' }, m, cb),
        md,
      );

    it('refuses no token, an expired token and a token signed by another key', async () => {
      const { Metadata } = await import('@grpc/grpc-js');
      expect((await list(new Metadata())).code).toBe(status.UNAUTHENTICATED);
      expect((await list(callMetadata(await tp.token({ roles: ['province_leader'] }, { expiresInSeconds: -60 })))).code).toBe(
        status.UNAUTHENTICATED,
      );
      const foreign = await tp.platform.idp.mintWithForeignKey({ sub: 'x', tenant: TENANT, roles: ['province_leader'] });
      expect((await list(callMetadata(foreign))).code).toBe(status.UNAUTHENTICATED);
      for (const svc of ['org', 'catalog', 'worklog'] as const) {
        const err = await failure(
          (m, cb) =>
            svc === 'org'
              ? tp.clients.org.listAgencies({ pageSize: 0, pageToken: '', kind: 0, query: '' }, m, cb)
              : svc === 'catalog'
                ? tp.clients.catalog.listWorkItems(catalogV1.ListWorkItemsRequest.fromPartial({}), m, cb)
                : tp.clients.worklog.listWorkLogs(
                    worklogV1.ListWorkLogsRequest.fromPartial({ officialId: fx.official.id, fromDate: today, toDate: today }),
                    m,
                    cb,
                  ),
          callMetadata(foreign),
        );
        expect({ svc, code: err.code }).toEqual({ svc, code: status.UNAUTHENTICATED });
      }
      for (const auth of [undefined, 'Bearer not.a.token', `Bearer ${foreign}`]) {
        const res = await fetch(`${tp.platform.gatewayUrl}/api/v1/agencies`, { headers: auth ? { authorization: auth } : {} });
        expect(res.status).toBe(401);
      }
    });

    it('denies by default and keeps tenants apart', async () => {
      expect((await list(callMetadata(fx.officialToken))).code).toBe(status.PERMISSION_DENIED);
      const otherOfficial = (await person(tp, [])).token;
      const err = await failure(
        (m, cb) =>
          tp.clients.worklog.logWork(
            worklogV1.LogWorkRequest.fromPartial({
              officialId: fx.official.id,
              workDate: today,
              workItemId: fx.workItem.id,
              quantityDecimal: '1',
              minutes: 5,
            }),
            m,
            cb,
          ),
        callMetadata(otherOfficial),
      );
      expect(err.code).toBe(status.PERMISSION_DENIED);
      // An agency leader reads the diaries of their own agency only.
      const listAs = (token: string) =>
        failure(
          (m, cb) =>
            tp.clients.worklog.listWorkLogs(
              worklogV1.ListWorkLogsRequest.fromPartial({ officialId: fx.official.id, fromDate: today, toDate: today }),
              m,
              cb,
            ),
          callMetadata(token),
        ).catch(() => ({ code: status.OK, field: '' }));
      const elsewhere = await createOrgFixture(tp, 'SKHAC');
      const otherLeader = (await person(tp, [{ role: 'agency_leader', agencyId: elsewhere.agency.id }])).token;
      expect((await listAs(otherLeader)).code).toBe(status.PERMISSION_DENIED);
      expect((await listAs((await person(tp, [{ role: 'agency_leader', agencyId: fx.agency.id }])).token)).code).toBe(status.OK);
      // A token of another tenant holds no grant here, whatever roles it carries.
      const otherTenant = await tp.platform.idp.mint({ sub: 'y', tenant: 'another-province', roles: ['province_leader'] });
      expect((await list(callMetadata(otherTenant))).code).toBe(status.PERMISSION_DENIED);
    });
  });
});
