/**
 * Seeds the province-scale demo (province-generator.ts) through org's gRPC API, as seed.ts seeds
 * the small one, so that events, audit rows and every service's copy of the organisation follow
 * the same path as any integrator's writes. A bounded number of calls are in flight at once;
 * records already there (listed first) are skipped and a creation that finds its record
 * (ALREADY_EXISTS) is left as it is, so a second run completes an interrupted one and otherwise
 * changes nothing.
 */
import { type Metadata, status } from '@grpc/grpc-js';
import { catalogV1, orgV1, worklogV1 } from '@thuocdo/proto';
import { callMetadata, insecure, unary } from '@thuocdo/service';
import { AGENCIES, officialId } from './demo-province';
import { generateProvince, type ProvinceDataset } from './province-generator';
import { DEMO_START, grantDemoRoles, type SeedTargets, seedCatalog, seedDiary } from './seed';
import { seedObjectives } from './seed-okr';

/** Calls in flight at once: org's connection pool is 10, a few more keep it busy. */
export const PROVINCE_CONCURRENCY = 16;

export interface ProvinceSeedResult {
  agencies: number;
  units: number;
  positions: number;
  officials: number;
  concurrentPosts: number;
  grants: number;
  entries: number;
  seconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const n = (x: number) => x.toLocaleString('en-US');
const secondsSince = (t: number) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

/** Transient failures (org restarting, a lost race, a deadline) are tried again. */
const TRANSIENT = new Set<number>([status.UNAVAILABLE, status.ABORTED, status.DEADLINE_EXCEEDED, status.RESOURCE_EXHAUSTED]);

/** One creation: 'created', or 'existed' when the record is there already. */
async function create(call: () => Promise<unknown>): Promise<'created' | 'existed'> {
  for (let attempt = 1; ; attempt++) {
    try {
      await call();
      return 'created';
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code === status.ALREADY_EXISTS) return 'existed';
      if (!TRANSIENT.has(code ?? -1) || attempt >= 6) throw err;
      await sleep(100 * 2 ** attempt);
    }
  }
}

/**
 * Runs `work` over `items` with at most `limit` in flight, reporting every `every` items done
 * and at the end ("officials 3,000/7,000"); the first failure stops the others.
 */
async function inPool<T>(
  label: string,
  items: T[],
  alreadyThere: number,
  work: (item: T) => Promise<'created' | 'existed'>,
  log: (m: string) => void,
  { limit = PROVINCE_CONCURRENCY, every = 1000 } = {},
): Promise<void> {
  const t0 = Date.now();
  const total = items.length + alreadyThere;
  let next = 0;
  let done = alreadyThere;
  let created = 0;
  let failed: unknown;
  const lane = async () => {
    while (next < items.length && failed === undefined) {
      const item = items[next++];
      try {
        if ((await work(item)) === 'created') created++;
      } catch (err) {
        failed ??= err;
        return;
      }
      done++;
      if (done % every === 0 && done < total) log(`${label} ${n(done)}/${n(total)}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, Math.max(1, items.length)) }, lane));
  if (failed !== undefined) throw failed;
  const kept = total - created;
  log(`${label} ${n(done)}/${n(total)} in ${secondsSince(t0)}${kept ? ` (${n(created)} created, ${n(kept)} already there)` : ''}`);
}

/** The ids of every record a list call answers, page after page. */
async function listIds<Res extends { nextPageToken: string }>(
  page: (pageToken: string) => Promise<Res>,
  items: (r: Res) => { id: string }[],
): Promise<Set<string>> {
  const ids = new Set<string>();
  let token = '';
  do {
    const r = await page(token);
    for (const x of items(r)) ids.add(x.id);
    token = r.nextPageToken;
  } while (token);
  return ids;
}

const AGENCY_KIND = {
  DEPARTMENT: orgV1.AgencyKind.AGENCY_KIND_DEPARTMENT,
  COMMUNE: orgV1.AgencyKind.AGENCY_KIND_COMMUNE,
  PUBLIC_SERVICE_UNIT: orgV1.AgencyKind.AGENCY_KIND_PUBLIC_SERVICE_UNIT,
} as const;
const POSITION_CATEGORY = {
  LEADERSHIP: orgV1.PositionCategory.POSITION_CATEGORY_LEADERSHIP,
  SPECIALIST: orgV1.PositionCategory.POSITION_CATEGORY_SPECIALIST,
  SHARED_SPECIALIST: orgV1.PositionCategory.POSITION_CATEGORY_SHARED_SPECIALIST,
  SUPPORT: orgV1.PositionCategory.POSITION_CATEGORY_SUPPORT,
} as const;
const OFFICIAL_CATEGORY = {
  CADRE: orgV1.OfficialCategory.OFFICIAL_CATEGORY_CADRE,
  CIVIL_SERVANT: orgV1.OfficialCategory.OFFICIAL_CATEGORY_CIVIL_SERVANT,
  PUBLIC_EMPLOYEE: orgV1.OfficialCategory.OFFICIAL_CATEGORY_PUBLIC_EMPLOYEE,
  CONTRACT_WORKER: orgV1.OfficialCategory.OFFICIAL_CATEGORY_CONTRACT_WORKER,
} as const;
const NODE_KIND = {
  TENANT: orgV1.OrgNodeKind.ORG_NODE_KIND_TENANT,
  AGENCY: orgV1.OrgNodeKind.ORG_NODE_KIND_AGENCY,
  UNIT: orgV1.OrgNodeKind.ORG_NODE_KIND_UNIT,
} as const;

/** Writes the province's organisation to org: agencies, units level by level, positions, officials, concurrent posts, grants. */
export async function seedProvinceOrganisation(
  org: orgV1.OrgServiceClient,
  md: () => Metadata,
  data: ProvinceDataset,
  log: (m: string) => void,
): Promise<void> {
  // What is there already (an earlier run), by id.
  const page = (pageToken: string) => ({ pageSize: 1000, pageToken });
  const have = {
    agencies: await listIds(
      (t) => unary<orgV1.ListAgenciesResponse>((cb) => org.listAgencies(orgV1.ListAgenciesRequest.fromPartial(page(t)), md(), cb)),
      (r) => r.agencies,
    ),
    units: await listIds(
      (t) => unary<orgV1.ListUnitsResponse>((cb) => org.listUnits(orgV1.ListUnitsRequest.fromPartial(page(t)), md(), cb)),
      (r) => r.units,
    ),
    positions: await listIds(
      (t) =>
        unary<orgV1.ListJobPositionsResponse>((cb) => org.listJobPositions(orgV1.ListJobPositionsRequest.fromPartial(page(t)), md(), cb)),
      (r) => r.jobPositions,
    ),
    officials: await listIds(
      (t) =>
        unary<orgV1.ListOfficialsResponse>((cb) =>
          org.listOfficials(orgV1.ListOfficialsRequest.fromPartial({ ...page(t), includeInactive: true }), md(), cb),
        ),
      (r) => r.officials,
    ),
  };
  const missing = <T extends { id: string }>(items: T[], ids: Set<string>) => items.filter((x) => !ids.has(x.id));

  const agencies = missing(data.agencies, have.agencies);
  await inPool(
    'agencies',
    agencies,
    data.agencies.length - agencies.length,
    (a) => create(() => unary((cb) => org.createAgency({ id: a.id, code: a.code, name: a.name, kind: AGENCY_KIND[a.kind] }, md(), cb))),
    log,
  );

  // A unit's parent first: one level of the trees at a time.
  const units = missing(data.units, have.units);
  const t0 = Date.now();
  for (let depth = 1; data.units.some((u) => u.depth === depth); depth++) {
    const level = units.filter((u) => u.depth === depth);
    await inPool(
      `units at level ${depth}`,
      level,
      data.units.filter((u) => u.depth === depth).length - level.length,
      (u) =>
        create(() =>
          unary((cb) =>
            org.createUnit(
              {
                id: u.id,
                agencyId: u.agencyId,
                parentUnitId: u.parentUnitId,
                code: u.code,
                name: u.name,
                validFrom: DEMO_START,
              },
              md(),
              cb,
            ),
          ),
        ),
      log,
    );
  }
  log(`units ${n(data.units.length)} in ${secondsSince(t0)}`);

  const positions = missing(data.positions, have.positions);
  await inPool(
    'job positions',
    positions,
    data.positions.length - positions.length,
    (p) =>
      create(() =>
        unary((cb) =>
          org.createJobPosition(
            {
              id: p.id,
              unitId: p.unitId,
              code: p.code,
              title: p.title,
              duties: '',
              category: POSITION_CATEGORY[p.category],
              leadership: p.leadership,
            },
            md(),
            cb,
          ),
        ),
      ),
    log,
  );

  const officials = missing(data.officials, have.officials);
  await inPool(
    'officials',
    officials,
    data.officials.length - officials.length,
    (o) =>
      create(() =>
        unary((cb) =>
          org.createOfficial(
            orgV1.CreateOfficialRequest.fromPartial({
              id: o.id,
              agencyId: o.agencyId,
              unitId: o.unitId,
              positionId: o.positionId,
              fullName: o.fullName,
              email: o.email,
              staffCode: o.staffCode,
              category: OFFICIAL_CATEGORY[o.category],
              validFrom: DEMO_START,
            }),
            md(),
            cb,
          ),
        ),
      ),
    log,
  );

  await inPool(
    'concurrent posts',
    data.concurrentPosts,
    0,
    (p) =>
      create(() =>
        unary((cb) =>
          org.assignPost(
            orgV1.AssignPostRequest.fromPartial({
              id: p.id,
              officialId: p.officialId,
              unitId: p.unitId,
              positionId: p.positionId,
              kind: orgV1.MembershipKind.MEMBERSHIP_KIND_CONCURRENT,
              validFrom: DEMO_START,
            }),
            md(),
            cb,
          ),
        ),
      ),
    log,
  );

  await inPool(
    'role grants',
    data.grants,
    0,
    (g) =>
      create(() =>
        unary((cb) =>
          org.grantRole(
            orgV1.GrantRoleRequest.fromPartial({
              id: g.id,
              officialId: g.officialId,
              role: g.role,
              nodeKind: NODE_KIND[g.nodeKind],
              nodeId: g.nodeId,
              validFrom: DEMO_START,
            }),
            md(),
            cb,
          ),
        ),
      ),
    log,
  );
  // The integrations' grants (and the demo people's again, unchanged).
  await grantDemoRoles(org, md);
}

/**
 * Seeds the province: its organisation, the demo's work items, and a week of diary entries for
 * the small demo's people and for one official in 25 of the province, so that the dashboard
 * shows every agency.
 */
export async function seedProvince(targets: SeedTargets, token: string, log: (m: string) => void = () => {}): Promise<ProvinceSeedResult> {
  const t0 = Date.now();
  const data = generateProvince();
  log(
    `province generated in ${secondsSince(t0)}: ${n(data.agencies.length)} agencies, ${n(data.units.length)} units, ` +
      `${n(data.positions.length)} job positions, ${n(data.officials.length)} officials, ` +
      `${n(data.concurrentPosts.length)} concurrent posts, ${n(data.grants.length)} role grants`,
  );
  const org = new orgV1.OrgServiceClient(targets.org, insecure());
  const catalog = new catalogV1.CatalogServiceClient(targets.catalog, insecure());
  const worklog = new worklogV1.WorklogServiceClient(targets.worklog, insecure());
  const md = () => callMetadata(token);
  try {
    await seedProvinceOrganisation(org, md, data, log);
    log(`province organisation in place in ${secondsSince(t0)}`);
    const items = await seedCatalog(catalog, md, new Set(data.agencies.map((a) => a.code)), log);
    await seedObjectives(targets.catalog, md, log);
    // The small demo's people first, in its order, so that their week is the small demo's week.
    const small = AGENCIES.flatMap((a) => a.units.flatMap((u) => u.officials.map((name) => ({ key: name, officialId: officialId(name) }))));
    const inSmall = new Set(small.map((p) => p.officialId));
    const sample = data.officials
      .filter((o, i) => i % 25 === 12 && !inSmall.has(o.id))
      .map((o) => ({ key: o.staffCode, officialId: o.id }));
    const people = [...small, ...sample];
    const entries = await seedDiary(worklog, md, people, items, log, { concurrency: PROVINCE_CONCURRENCY, patienceSeconds: 180 });
    const seconds = (Date.now() - t0) / 1000;
    log(`province seeded in ${seconds.toFixed(1)} s`);
    return {
      agencies: data.agencies.length,
      units: data.units.length,
      positions: data.positions.length,
      officials: data.officials.length,
      concurrentPosts: data.concurrentPosts.length,
      grants: data.grants.length,
      entries,
      seconds,
    };
  } finally {
    org.close();
    catalog.close();
    worklog.close();
  }
}
