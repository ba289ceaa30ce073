import { randomBytes } from 'node:crypto';
import type { Metadata, ServiceError } from '@grpc/grpc-js';
import { todayInVietnam } from '@thuocdo/kit';
import { analyticsV1, catalogV1, kpiV1, objectivesV1, orgImportV1, orgV1, scoringV1, worklogV1 } from '@thuocdo/proto';
import { callMetadata, insecure, readErrorDetail, unary } from '@thuocdo/service';
import { ADMIN_DATABASE_URL, type DemoUser, Platform, type TokenClaims, tempChdbDir, until } from '@thuocdo/testing';

export { until };

import { SERVICES, type ServiceName } from '@thuocdo/registry';
import pg from 'pg';
import { ensureWebApp } from '../../scripts/lib/web-app';

export const TENANT = 'e2e-province';
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A series' value on a service's /metrics (0 while it has not been written), e.g. `outbox_published_total`. */
export async function metricValue(tp: TestPlatform, service: ServiceName, series: string): Promise<number> {
  const text = await (await fetch(tp.platform.metricsUrl(service))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** The platform with throwaway databases and ClickHouse data, plus typed clients. */
export async function startTestPlatform(
  users: DemoUser[] = [],
  opts: { built?: boolean; tokenSeconds?: number; env?: Record<string, string> } = {},
) {
  // The gateway serves the built web app: built here when missing or stale.
  ensureWebApp();
  const prefix = `thuocdo_e2e_${randomBytes(3).toString('hex')}`;
  const chdb = tempChdbDir();
  const platform = await Platform.start({
    databasePrefix: prefix,
    adminDatabaseUrl: ADMIN_DATABASE_URL,
    chdbPath: chdb.dir,
    users,
    clients: [{ clientId: 'thuocdo-web', clientSecret: 'e2e-secret' }],
    logDir: process.env.E2E_LOG_DIR,
    // Periods close on schedule only where a test asks: past the 25th, last month would close
    // under tests that still work in it.
    env: { SCORING_AUTO_CLOSE: 'off', ...opts.env, ...(process.env.E2E_LOG_LEVEL ? { LOG_LEVEL: process.env.E2E_LOG_LEVEL } : {}) },
    built: opts.built,
    tokenSeconds: opts.tokenSeconds,
  });
  const clients = () => ({
    org: new orgV1.OrgServiceClient(platform.address('org'), insecure()),
    orgImport: new orgImportV1.OrgImportServiceClient(platform.address('org'), insecure()),
    catalog: new catalogV1.CatalogServiceClient(platform.address('catalog'), insecure()),
    objectives: new objectivesV1.ObjectiveServiceClient(platform.address('catalog'), insecure()),
    kpi: new kpiV1.KpiServiceClient(platform.address('catalog'), insecure()),
    worklog: new worklogV1.WorklogServiceClient(platform.address('worklog'), insecure()),
    analytics: new analyticsV1.AnalyticsServiceClient(platform.address('analytics'), insecure()),
    scoring: new scoringV1.ScoringServiceClient(platform.address('scoring'), insecure()),
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

/** A grant a test gives: a role over the tenant (no node), an agency or a unit. */
export interface GrantSpec {
  role: string;
  agencyId?: string;
  unitId?: string;
}

/** The services that keep the org directory in a PostgreSQL table (every one of them authorizes by it). */
const SERVICES_WITH_DIRECTORY_TABLE = SERVICES.filter(
  (s) => s.store === 'postgresql' && Object.keys(s.consumes).includes(`${s.name}.directory`),
).map((s) => s.name);

/** A series of one label's values on /metrics, as label value → number. */
async function metricByLabel(tp: TestPlatform, service: ServiceName, series: string, label: string): Promise<Map<string, number>> {
  const text = await (await fetch(tp.platform.metricsUrl(service))).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = new RegExp(`^${series}\\{${label}="([^"]*)"\\} (\\S+)$`).exec(line);
    if (m) out.set(m[1], Number(m[2]));
  }
  return out;
}

/**
 * Waits until every service authorizes with these org records: each PostgreSQL service's
 * directory table holds them at their current version (its consumer applies a batch in memory
 * before it commits), and analytics holds as many records of each kind as org does.
 */
export async function untilDirectoryHas(tp: TestPlatform, ids: string[]): Promise<void> {
  const wanted = [...new Set(ids)];
  const versions = await tp.sql<{ id: string; version: number }>(
    'org',
    `SELECT id::text, version FROM (SELECT id, version FROM agency UNION ALL SELECT id, version FROM unit UNION ALL SELECT id, version FROM official
       UNION ALL SELECT id, version FROM membership UNION ALL SELECT id, version FROM role_grant) r WHERE id::text = ANY($1)`,
    [wanted],
  );
  for (const service of SERVICES_WITH_DIRECTORY_TABLE)
    await until(`${service} to hold ${wanted.length} org records in its directory`, async () => {
      const rows = await tp.sql<{ id: string; version: number }>(service, 'SELECT id, version FROM org_directory WHERE id = ANY($1)', [
        wanted,
      ]);
      const have = new Map(rows.map((r) => [r.id, r.version]));
      return versions.every((v) => (have.get(v.id) ?? 0) >= v.version);
    });
  await until('analytics to hold as many org records as org', async () => {
    const [org, analytics] = await Promise.all(
      (['org', 'analytics'] as const).map((s) => metricByLabel(tp, s, 'org_directory_records', 'kind')),
    );
    return [...org].every(([kind, n]) => analytics.get(kind) === n);
  });
}

/** The platform's administrator by the token alone (sys_admin needs no grant). */
export const adminToken = (tp: TestPlatform) => tp.token({ roles: ['sys_admin', 'catalog_admin'] });

/** Gives grants through org, as an administrator; returns their ids. */
export async function grant(tp: TestPlatform, grantee: { officialId?: string; clientId?: string }, grants: GrantSpec[]): Promise<string[]> {
  const admin = callMetadata(await adminToken(tp));
  const ids: string[] = [];
  for (const g of grants) {
    const nodeKind = g.unitId
      ? orgV1.OrgNodeKind.ORG_NODE_KIND_UNIT
      : g.agencyId
        ? orgV1.OrgNodeKind.ORG_NODE_KIND_AGENCY
        : orgV1.OrgNodeKind.ORG_NODE_KIND_TENANT;
    const { roleGrant } = await unary<orgV1.GrantRoleResponse>((cb) =>
      tp.clients.org.grantRole(
        orgV1.GrantRoleRequest.fromPartial({
          officialId: grantee.officialId ?? '',
          clientId: grantee.clientId ?? '',
          role: g.role,
          nodeKind,
          nodeId: g.unitId ?? g.agencyId ?? '',
          validFrom: '2020-01-01',
        }),
        admin,
        cb,
      ),
    );
    ids.push(roleGrant!.id);
  }
  return ids;
}

/** An official of a unit (created if not given one), holding these grants; with a token that names them. */
export async function person(
  tp: TestPlatform,
  grants: GrantSpec[],
  where?: { agencyId: string; unitId: string },
  fullName = 'Lê Thị Hoa',
  /** The identity provider's subject of the person's account, for a sign-in that carries no official id. */
  idpSubject = '',
): Promise<{ officialId: string; token: string }> {
  const home = where ?? (await staffUnit(tp));
  const admin = callMetadata(await adminToken(tp));
  const { official } = await unary<orgV1.CreateOfficialResponse>((cb) =>
    tp.clients.org.createOfficial(
      orgV1.CreateOfficialRequest.fromPartial({
        agencyId: home.agencyId,
        unitId: home.unitId,
        fullName,
        category: 2,
        validFrom: '2020-01-01',
        idpSubject,
      }),
      admin,
      cb,
    ),
  );
  const grantIds = await grant(tp, { officialId: official!.id }, grants);
  const posts = await tp.sql<{ id: string }>('org', 'SELECT id::text FROM membership WHERE official_id = $1', [official!.id]);
  await untilDirectoryHas(tp, [official!.id, ...posts.map((p) => p.id), ...grantIds]);
  return { officialId: official!.id, token: await tp.token({ roles: [], official_id: official!.id }) };
}

/** A client's service account (client credentials) holding these grants. */
export async function serviceAccount(tp: TestPlatform, clientId: string, grants: GrantSpec[]): Promise<string> {
  const ids = await grant(tp, { clientId }, grants);
  await untilDirectoryHas(tp, ids);
  return tp.token({ roles: ['integrator'], azp: clientId, client_id: clientId, sub: `service-account-${clientId}` });
}

const staff = new WeakMap<object, Promise<{ agencyId: string; unitId: string }>>();

/** A unit for people who only hold grants (leaders, auditors) in tests. */
function staffUnit(tp: TestPlatform): Promise<{ agencyId: string; unitId: string }> {
  let found = staff.get(tp.platform);
  if (!found) {
    found = (async () => {
      const admin = callMetadata(await adminToken(tp));
      const { agency } = await unary<orgV1.CreateAgencyResponse>((cb) =>
        tp.clients.org.createAgency(
          orgV1.CreateAgencyRequest.fromPartial({ code: 'STAFF', name: 'Văn phòng UBND tỉnh', kind: 1 }),
          admin,
          cb,
        ),
      );
      const { unit } = await unary<orgV1.CreateUnitResponse>((cb) =>
        tp.clients.org.createUnit(
          orgV1.CreateUnitRequest.fromPartial({ agencyId: agency!.id, code: 'LD', name: 'Lãnh đạo', validFrom: '2020-01-01' }),
          admin,
          cb,
        ),
      );
      return { agencyId: agency!.id, unitId: unit!.id };
    })();
    staff.set(tp.platform, found);
  }
  return found;
}

/** An agency with one unit, one official and one work item, created through the public APIs. */
export async function createOrgFixture(tp: TestPlatform, code: string) {
  const admin = callMetadata(await adminToken(tp));
  const { agency } = await unary<orgV1.CreateAgencyResponse>((cb) =>
    tp.clients.org.createAgency({ id: '', code, name: `Cơ quan ${code}`, kind: 1 }, admin, cb),
  );
  const { unit } = await unary<orgV1.CreateUnitResponse>((cb) =>
    tp.clients.org.createUnit(
      orgV1.CreateUnitRequest.fromPartial({ agencyId: agency!.id, code: 'VP', name: 'Văn phòng', validFrom: '2020-01-01' }),
      admin,
      cb,
    ),
  );
  const { official, token: officialToken } = await person(tp, [], { agencyId: agency!.id, unitId: unit!.id }, 'Nguyễn Văn An').then(
    async (p) => ({
      official: (await unary<orgV1.GetOfficialResponse>((cb) => tp.clients.org.getOfficial({ id: p.officialId }, admin, cb))).official!,
      token: p.token,
    }),
  );
  const workItem = await publishedWorkItem(tp, admin, {
    code: `${code}.B01`,
    // Wide coefficient ranges: any minutes from 1 to a whole day are within the item's range, so
    // that tests about other things may declare whatever time they need.
    fields: {
      name: 'Soạn thảo văn bản',
      group: catalogV1.WorkItemGroup.WORK_ITEM_GROUP_B,
      productUnit: 'văn bản',
      standardMinutes: 120,
      difficulty: { minHundredths: 10, maxHundredths: 1000 },
      urgency: { minHundredths: 10, maxHundredths: 1000 },
    },
  });
  // worklog learns work items from catalog's events; wait until it has it.
  await until('worklog to know the work item', async () => {
    const rows = await tp.sql('worklog', 'SELECT count(*)::int AS n FROM work_item_revision_ref WHERE work_item_id = $1', [workItem!.id]);
    return rows[0].n >= 1;
  });
  return { agency: agency!, unit: unit!, official, workItem: workItem!, officialToken };
}

export type OrgFixture = Awaited<ReturnType<typeof createOrgFixture>>;

/** A work item drafted, submitted and approved: in force from today (or the date its fields give). */
export async function publishedWorkItem(
  tp: TestPlatform,
  md: Metadata,
  req: { code: string; fields: Partial<catalogV1.WorkItemFields> },
): Promise<catalogV1.WorkItem> {
  const c = tp.clients.catalog;
  const { workItem: draft } = await unary<catalogV1.CreateWorkItemResponse>((cb) =>
    c.createWorkItem(catalogV1.CreateWorkItemRequest.fromPartial({ code: req.code, fields: req.fields }), md, cb),
  );
  const { workItem: submitted } = await unary<catalogV1.SubmitWorkItemResponse>((cb) =>
    c.submitWorkItem({ id: draft!.id, version: draft!.version }, md, cb),
  );
  const { workItem } = await unary<catalogV1.ApproveWorkItemResponse>((cb) =>
    c.approveWorkItem({ id: submitted!.id, version: submitted!.version }, md, cb),
  );
  return workItem!;
}

/** LogWork for a fixture's official, as that official; fields of the request may be overridden. */
export function logWorkFor(tp: TestPlatform, fx: OrgFixture, req: Partial<worklogV1.LogWorkRequest> = {}) {
  return unary<worklogV1.LogWorkResponse>((cb) =>
    tp.clients.worklog.logWork(
      worklogV1.LogWorkRequest.fromPartial({
        officialId: fx.official.id,
        workDate: todayInVietnam(),
        workItemId: fx.workItem.id,
        quantityDecimal: '1',
        minutes: 60,
        ...req,
      }),
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
