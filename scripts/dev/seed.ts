import { type Metadata, status } from '@grpc/grpc-js';
import { addDays, todayInVietnam } from '@thuocdo/kit';
import { catalogV1, orgV1, tasksV1, worklogV1 } from '@thuocdo/proto';
import { callMetadata, insecure, readErrorDetail, unary } from '@thuocdo/service';
import provinceCatalog from '../../services/catalog/data/province-catalog.json';
import {
  AGENCIES,
  agencyId,
  DEMO_INTEGRATIONS,
  DEMO_PEOPLE,
  type DemoGrant,
  officialId,
  stableUuid,
  unitId,
  WORK_ITEMS,
} from './demo-province';
import { seedProvinceCatalog } from './seed-catalog';
import { seedUnitKpis } from './seed-kpi';
import { seedObjectives } from './seed-okr';

/** The demo organisation exists from this day, so that its history covers every demo date. */
export const DEMO_START = '2025-01-01';

export interface SeedTargets {
  org: string;
  catalog: string;
  worklog: string;
  scoring: string;
}

export interface SeedResult {
  agencies: number;
  officials: number;
  workItems: number;
  entries: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Deterministic pseudo-random numbers (mulberry32), so the demo week is the same each time. */
function random(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The last `days` working days (Monday–Friday) up to today, in Asia/Ho_Chi_Minh. */
export function recentWorkingDays(days: number, today = todayInVietnam()): string[] {
  const out: string[] = [];
  for (let d = Date.parse(`${today}T00:00:00Z`); out.length < days; d -= 86_400_000) {
    const wd = new Date(d).getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(new Date(d).toISOString().slice(0, 10));
  }
  return out.reverse();
}

/** Runs a create call; a record that exists already (an earlier seed) is fine: creations with a given id repeat idempotently. */
export async function ensure(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (err) {
    if ((err as { code?: number }).code === status.ALREADY_EXISTS) return false;
    throw err;
  }
}

/**
 * Asks org to publish the organisation again: the local broker starts empty every time, so the
 * services' directories (kept in their databases) catch up with whatever they missed when the
 * last run stopped.
 */
export async function republishOrganisation(orgAddress: string, token: string): Promise<void> {
  const org = new orgV1.OrgServiceClient(orgAddress, insecure());
  try {
    await unary((cb) => org.republishRecords({}, callMetadata(token), cb));
  } finally {
    org.close();
  }
}

/**
 * Seeds the demo province through the public gRPC APIs (so it exercises the same path as
 * any integrator). Idempotent: ids and request ids are derived from names and dates, so a
 * second run, or a run after an interrupted one, completes the data without duplicates; on a
 * later day it adds that week's diary.
 */
export async function seedDemo(targets: SeedTargets, token: string, log: (m: string) => void = () => {}): Promise<SeedResult> {
  const org = new orgV1.OrgServiceClient(targets.org, insecure());
  const catalog = new catalogV1.CatalogServiceClient(targets.catalog, insecure());
  const worklog = new worklogV1.WorklogServiceClient(targets.worklog, insecure());
  const tasks = new tasksV1.TaskServiceClient(targets.worklog, insecure());
  const md = () => callMetadata(token);
  try {
    for (const a of AGENCIES) {
      const aid = agencyId(a.code);
      await ensure(() => unary((cb) => org.createAgency({ id: aid, code: a.code, name: a.name, kind: a.kind }, md(), cb)));
      for (const u of a.units) {
        const uid = unitId(a.code, u.code);
        await ensure(() =>
          unary((cb) =>
            org.createUnit({ id: uid, agencyId: aid, parentUnitId: '', code: u.code, name: u.name, validFrom: DEMO_START }, md(), cb),
          ),
        );
        for (const name of u.officials) {
          await ensure(() =>
            unary((cb) =>
              org.createOfficial(
                orgV1.CreateOfficialRequest.fromPartial({
                  id: officialId(name),
                  agencyId: aid,
                  unitId: uid,
                  fullName: name,
                  category: orgV1.OfficialCategory.OFFICIAL_CATEGORY_CIVIL_SERVANT,
                  validFrom: DEMO_START,
                }),
                md(),
                cb,
              ),
            ),
          );
        }
      }
    }
    await grantDemoRoles(org, md);
    const items = await seedCatalog(catalog, md, new Set(AGENCIES.map((a) => a.code)), log);
    const people = AGENCIES.flatMap((a) =>
      a.units.flatMap((u) => u.officials.map((name) => ({ key: name, officialId: officialId(name) }))),
    );
    log(`demo organisation and catalog in place: ${AGENCIES.length} agencies, ${people.length} officials, ${items.length} work items`);
    await seedObjectives(targets.catalog, md, log);
    await seedUnitKpis(targets, md, log);
    await seedTasks(tasks, md, items, log);
    const entries = await seedDiary(worklog, md, people, items, log);
    return { agencies: AGENCIES.length, officials: people.length, workItems: items.length, entries };
  } finally {
    org.close();
    catalog.close();
    worklog.close();
    tasks.close();
  }
}

/**
 * The sample province catalog (with group C items of the agencies in `agencyCodes`), published
 * when missing; answers the ids of the items the demo diary uses, in WORK_ITEMS' order.
 */
export async function seedCatalog(
  catalog: catalogV1.CatalogServiceClient,
  md: () => Metadata,
  agencyCodes: ReadonlySet<string>,
  log: (m: string) => void = () => {},
): Promise<DiaryItem[]> {
  const ids = await seedProvinceCatalog(catalog, md, agencyCodes, DEMO_START, log);
  return WORK_ITEMS.flatMap((code) => {
    const id = ids.get(code);
    const item = provinceCatalog.items.find((i) => i.code === code);
    return id && item ? [{ id, ...item }] : [];
  });
}

/** A work item the demo diary logs, with what bounds its minutes. */
export interface DiaryItem {
  id: string;
  standardMinutes: number;
  difficulty: { min: number; max: number };
  urgency: { min: number; max: number };
}

/** The minutes the service allows for a quantity (hundredths) of an item: standard time × the coefficient ranges. */
const minutesRange = (i: DiaryItem, quantity: number) => {
  const base = (i.standardMinutes * quantity) / 100;
  return {
    min: Math.max(1, Math.floor((base * i.difficulty.min * i.urgency.min) / 10_000)),
    max: Math.ceil((base * i.difficulty.max * i.urgency.max) / 10_000),
  };
};

/**
 * A week of diary entries for each of `people` (their request ids derive from `key` and the
 * day); the first ones wait until worklog has learned the officials and items, for up to
 * `patienceSeconds`. `concurrency` calls at a time: the entries themselves do not depend on it.
 */
export async function seedDiary(
  worklog: worklogV1.WorklogServiceClient,
  md: () => Metadata,
  people: { key: string; officialId: string }[],
  items: DiaryItem[],
  log: (m: string) => void,
  { concurrency = 1, patienceSeconds = 30 } = {},
): Promise<number> {
  const rnd = random(20250401);
  const days = recentWorkingDays(5);
  const requests: worklogV1.LogWorkRequest[] = [];
  for (const p of people)
    for (const day of days) {
      // A working day of 7 to 8 hours: each item once (the diary refuses identical entries), in
      // quantities whose minutes fit what is left and the item's range.
      let left = 420 + Math.floor(rnd() * 60);
      const order = [...items].sort(() => rnd() - 0.5);
      for (let i = 0; i < order.length && left > 30; i++) {
        const item = order[i];
        const quantity = [300, 200, 100, 50, 25].find((q) => minutesRange(item, q).min <= left && rnd() < 0.7) ?? 25;
        const range = minutesRange(item, quantity);
        if (range.min > left) continue;
        const minutes = range.min + Math.floor(rnd() * (Math.min(range.max, left) - range.min + 1));
        left -= minutes;
        requests.push(
          worklogV1.LogWorkRequest.fromPartial({
            officialId: p.officialId,
            workDate: day,
            workItemId: item.id,
            quantityDecimal: (quantity / 100).toFixed(2),
            minutes,
            requestId: stableUuid(`demo-log:${p.key}:${day}:${i}`),
          }),
        );
      }
    }
  let next = 0;
  const lane = async () => {
    while (next < requests.length) await logWithRetry(worklog, requests[next++], md, patienceSeconds * 5);
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  log(`diary entries over ${days[0]} … ${days[days.length - 1]}: ${requests.length} in place`);
  return requests.length;
}

/** Tasks of the demo, as the document system would send them: keyed by an incoming document number, so a second seed finds them. */
const DEMO_TASKS: {
  number: string;
  title: string;
  assignee: string;
  supporting?: string[];
  item: number;
  quantity: string;
  dueInDays: number;
  source: tasksV1.TaskSource;
}[] = [
  {
    number: '1021/UBND-NC',
    title: 'Tham mưu báo cáo tình hình biên chế quý IV',
    assignee: 'Nguyễn Thị Lan',
    supporting: ['Trần Văn Hùng'],
    item: 1,
    quantity: '1',
    dueInDays: 7,
    source: tasksV1.TaskSource.TASK_SOURCE_ARISING,
  },
  {
    number: 'KH-45/SNV',
    title: 'Rà soát danh mục vị trí việc làm của các phòng',
    assignee: 'Nguyễn Thị Lan',
    item: 3,
    quantity: '2',
    dueInDays: 20,
    source: tasksV1.TaskSource.TASK_SOURCE_PLANNED,
  },
  {
    number: '877/SNV-VP',
    title: 'Chuẩn bị hồ sơ họp giao ban tháng',
    assignee: 'Nguyễn Thị Lan',
    item: 0,
    quantity: '1',
    dueInDays: -2,
    source: tasksV1.TaskSource.TASK_SOURCE_OTHER_ASSIGNED,
  },
  {
    number: '1100/UBND-TH',
    title: 'Tổng hợp số liệu dự toán ngân sách năm sau',
    assignee: 'Đặng Văn Khoa',
    supporting: ['Huỳnh Thị Mai'],
    item: 4,
    quantity: '1',
    dueInDays: 10,
    source: tasksV1.TaskSource.TASK_SOURCE_ARISING,
  },
];

/** The demo's tasks, created through TaskService as the seed's integration (idempotent by document number). */
async function seedTasks(tasks: tasksV1.TaskServiceClient, md: () => Metadata, items: DiaryItem[], log: (m: string) => void) {
  const today = todayInVietnam();
  const start = addDays(today, -14);
  // A later run sends other dates under the same document number: ALREADY_EXISTS, left as it is.
  for (const t of DEMO_TASKS)
    await ensure(() =>
      unary((cb) =>
        tasks.createTask(
          tasksV1.CreateTaskRequest.fromPartial({
            title: t.title,
            source: t.source,
            workItemId: items[t.item % items.length].id,
            expectedQuantity: t.quantity,
            leadAssigneeId: officialId(t.assignee),
            supportingAssigneeIds: (t.supporting ?? []).map(officialId),
            startDate: start,
            dueDate: addDays(today, t.dueInDays),
            sourceSystem: 'eoffice-demo',
            externalId: t.number,
          }),
          md(),
          cb,
        ),
      ),
    );
  log(`tasks in place: ${DEMO_TASKS.length}`);
}

/** The demo people's and integrations' grants (ids derive from them: a second seed repeats them). */
export async function grantDemoRoles(org: orgV1.OrgServiceClient, md: () => Metadata): Promise<void> {
  const node = (g: DemoGrant) =>
    g.unit
      ? { nodeKind: orgV1.OrgNodeKind.ORG_NODE_KIND_UNIT, nodeId: unitId(g.unit[0], g.unit[1]) }
      : g.agency
        ? { nodeKind: orgV1.OrgNodeKind.ORG_NODE_KIND_AGENCY, nodeId: agencyId(g.agency) }
        : { nodeKind: orgV1.OrgNodeKind.ORG_NODE_KIND_TENANT, nodeId: '' };
  const grantees = [
    ...DEMO_PEOPLE.map((p) => ({ key: p.username, officialId: officialId(p.fullName), clientId: '', grants: p.grants })),
    ...DEMO_INTEGRATIONS.map((i) => ({ key: i.clientId, officialId: '', clientId: i.clientId, grants: i.grants })),
  ];
  for (const who of grantees)
    for (const g of who.grants)
      await ensure(() =>
        unary((cb) =>
          org.grantRole(
            orgV1.GrantRoleRequest.fromPartial({
              id: stableUuid(`grant:${who.key}:${g.role}:${g.agency ?? ''}:${g.unit?.join('/') ?? ''}`),
              officialId: who.officialId,
              clientId: who.clientId,
              role: g.role,
              ...node(g),
              validFrom: DEMO_START,
            }),
            md(),
            cb,
          ),
        ),
      );
}

/** LogWork, tried again every 200 ms (at most `attempts` times) while worklog does not know the official or item yet. */
async function logWithRetry(
  worklog: worklogV1.WorklogServiceClient,
  req: worklogV1.LogWorkRequest,
  md: () => Metadata,
  attempts: number,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await unary((cb) => worklog.logWork(req, md(), cb));
      return;
    } catch (err) {
      const e = err as { code?: number; metadata?: Metadata };
      const field = readErrorDetail(e.metadata)?.field;
      // worklog learns officials, work items and the seed's own grant from events: wait for them.
      const notYetKnown =
        (e.code === status.INVALID_ARGUMENT && (field === 'official_id' || field === 'work_item_id')) ||
        e.code === status.PERMISSION_DENIED;
      // Two lanes writing the same official's day at once: the loser is told to retry (ABORTED).
      const lostRace = e.code === status.ABORTED;
      if (!(notYetKnown || lostRace) || attempt > attempts) throw err;
      await sleep(200);
    }
  }
}
