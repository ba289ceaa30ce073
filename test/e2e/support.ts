import { randomBytes } from 'node:crypto';
import type { Metadata, ServiceError } from '@grpc/grpc-js';
import { todayInVietnam } from '@thuocdo/kit';
import { analyticsV1, catalogV1, orgV1, worklogV1 } from '@thuocdo/proto';
import { callMetadata, insecure, readErrorDetail, unary } from '@thuocdo/service';
import { ADMIN_DATABASE_URL, type DemoUser, Platform, type TokenClaims, tempChdbDir, until } from '@thuocdo/testing';

export { until };

import type { ServiceName } from '@thuocdo/registry';
import pg from 'pg';

export const TENANT = 'e2e-province';
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A series' value on a service's /metrics (0 while it has not been written), e.g. `outbox_published_total`. */
export async function metricValue(tp: TestPlatform, service: ServiceName, series: string): Promise<number> {
  const text = await (await fetch(tp.platform.metricsUrl(service))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** The platform with throwaway databases and ClickHouse data, plus typed clients. */
export async function startTestPlatform(users: DemoUser[] = [], opts: { built?: boolean } = {}) {
  const prefix = `thuocdo_e2e_${randomBytes(3).toString('hex')}`;
  const chdb = tempChdbDir();
  const platform = await Platform.start({
    databasePrefix: prefix,
    adminDatabaseUrl: ADMIN_DATABASE_URL,
    chdbPath: chdb.dir,
    users,
    clients: [{ clientId: 'thuocdo-web', clientSecret: 'e2e-secret' }],
    logDir: process.env.E2E_LOG_DIR,
    env: process.env.E2E_LOG_LEVEL ? { LOG_LEVEL: process.env.E2E_LOG_LEVEL } : undefined,
    built: opts.built,
  });
  const clients = () => ({
    org: new orgV1.OrgServiceClient(platform.address('org'), insecure()),
    catalog: new catalogV1.CatalogServiceClient(platform.address('catalog'), insecure()),
    worklog: new worklogV1.WorklogServiceClient(platform.address('worklog'), insecure()),
    analytics: new analyticsV1.AnalyticsServiceClient(platform.address('analytics'), insecure()),
  });
  let c = clients();
  return {
    platform,
    get clients() {
      return c;
    },
    /** New channels, after a service restarted on the same port. */
    reconnect() {
      for (const x of Object.values(c)) x.close();
      c = clients();
    },
    token: (claims: Partial<TokenClaims> & { roles: string[] }, opts?: { expiresInSeconds?: number }) =>
      platform.idp.mint({ sub: claims.sub ?? `user-${randomBytes(4).toString('hex')}`, tenant: TENANT, ...claims }, opts),
    /** Direct look into a service's own database, for assertions only. */
    async sql<T = any>(service: string, text: string, params: unknown[] = []): Promise<T[]> {
      const client = new pg.Client({ connectionString: platform.databaseUrl(service) });
      await client.connect();
      try {
        return (await client.query(text, params)).rows;
      } finally {
        await client.end();
      }
    },
    async stop() {
      for (const x of Object.values(c)) x.close();
      await platform.stop();
      chdb.remove();
      const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
      await admin.connect();
      for (const name of platform.databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export type TestPlatform = Awaited<ReturnType<typeof startTestPlatform>>;

/** Calls a unary method and returns its error (status code and typed detail), or throws if it succeeded. */
export async function failure(
  invoke: (md: Metadata, cb: (err: ServiceError | null, res: unknown) => void) => unknown,
  md: Metadata,
): Promise<{ code: number; field: string }> {
  try {
    await unary((cb) => invoke(md, cb));
  } catch (err) {
    const e = err as ServiceError;
    return { code: e.code, field: readErrorDetail(e.metadata)?.field ?? '' };
  }
  throw new Error('the call succeeded');
}

/** An agency with one unit, one official and one work item, created through the public APIs. */
export async function createOrgFixture(tp: TestPlatform, code: string) {
  const admin = callMetadata(await tp.token({ roles: ['sys_admin', 'catalog_admin'] }));
  const { agency } = await unary<orgV1.CreateAgencyResponse>((cb) =>
    tp.clients.org.createAgency({ id: '', code, name: `Cơ quan ${code}`, kind: 1 }, admin, cb),
  );
  const { unit } = await unary<orgV1.CreateUnitResponse>((cb) =>
    tp.clients.org.createUnit({ id: '', agencyId: agency!.id, parentUnitId: '', code: 'VP', name: 'Văn phòng', validFrom: '' }, admin, cb),
  );
  const { official } = await unary<orgV1.CreateOfficialResponse>((cb) =>
    tp.clients.org.createOfficial(
      {
        id: '',
        agencyId: agency!.id,
        unitId: unit!.id,
        fullName: 'Nguyễn Văn An',
        email: '',
        category: 2,
        staffCode: '',
        idpSubject: '',
        positionId: '',
        validFrom: '',
      },
      admin,
      cb,
    ),
  );
  const { workItem } = await unary<catalogV1.CreateWorkItemResponse>((cb) =>
    tp.clients.catalog.createWorkItem(
      { code: `${code}.B01`, name: 'Soạn thảo văn bản', productUnit: 'văn bản', standardMinutes: 120 },
      admin,
      cb,
    ),
  );
  const officialToken = await tp.token({ roles: ['official'], official_id: official!.id, agency_id: agency!.id });
  // worklog learns officials and items from events; wait until it has both.
  await until('worklog to know the official and the work item', async () => {
    const rows = await tp.sql(
      'worklog',
      'SELECT (SELECT count(*) FROM official_ref WHERE id = $1)::int + (SELECT count(*) FROM work_item_ref WHERE id = $2)::int AS n',
      [official!.id, workItem!.id],
    );
    return rows[0].n === 2;
  });
  return { agency: agency!, unit: unit!, official: official!, workItem: workItem!, officialToken };
}

export type OrgFixture = Awaited<ReturnType<typeof createOrgFixture>>;

/** LogWork for a fixture's official, as that official; fields of the request may be overridden. */
export function logWorkFor(tp: TestPlatform, fx: OrgFixture, req: Partial<worklogV1.LogWorkRequest> = {}) {
  return unary<worklogV1.LogWorkResponse>((cb) =>
    tp.clients.worklog.logWork(
      {
        officialId: fx.official.id,
        workDate: todayInVietnam(),
        workItemId: fx.workItem.id,
        quantityDecimal: '1',
        quantity: 0,
        minutes: 60,
        note: '',
        requestId: '',
        ...req,
      },
      callMetadata(fx.officialToken),
      cb,
    ),
  );
}

export async function dailyWork(tp: TestPlatform, token: string, from: string, to: string, agencyId = '') {
  const rows: analyticsV1.AgencyDailyWork[] = [];
  let pageToken = '';
  do {
    const res = await unary<analyticsV1.GetAgencyDailyWorkResponse>((cb) =>
      tp.clients.analytics.getAgencyDailyWork({ fromDate: from, toDate: to, agencyId, pageSize: 1000, pageToken }, callMetadata(token), cb),
    );
    rows.push(...res.rows);
    pageToken = res.nextPageToken;
  } while (pageToken);
  return rows;
}
