import type { Principal, Role } from './auth';
import { type DirectoryView, inRange } from './directory';
import { PermissionDeniedError } from './errors';

/**
 * Authorization, in one place (docs/architecture.md, Authorization): role × the org subtree the
 * grant covers × the action. Every RPC names the action it performs where it is bound; a
 * server with an RPC that names none refuses to start. A caller's scope for an action comes
 * from the role grants org holds for them (kept in each service's directory), plus their own
 * records when they are an official; a caller with no scope is refused before the handler
 * runs, and the handler keeps the data inside the scope. Deny by default.
 */

/** How an action is granted. */
export interface Permission {
  /** Roles whose grants reach the action, each over the node its grant covers (the tenant, an agency, a unit and its subtree). */
  over?: readonly Role[];
  /** An official, on their own records. */
  self?: boolean;
  /** Every member of the tenant (an official of it, or a holder of a grant in force), over the whole tenant. */
  members?: boolean;
  /** Any verified caller, on what concerns only themselves (WhoAmI). */
  anyone?: boolean;
}

/** Read the whole tenant: province leaders, HR, auditors, administrators. */
const TENANT_READERS: readonly Role[] = ['province_leader', 'hr_admin', 'auditor', 'sys_admin'];

/** Every action of the platform and how it is granted. */
export const PERMISSIONS = {
  /** Agencies, units and job positions: the structure every member of the tenant sees. */
  'org.structure.read': { members: true },
  'org.agency.manage': { over: ['sys_admin', 'hr_admin'] },
  'org.unit.manage': { over: ['sys_admin', 'hr_admin', 'agency_leader'] },
  /** Officials and their posts (memberships); integrators sync them from HR systems. */
  'org.official.manage': { over: ['sys_admin', 'hr_admin', 'agency_leader', 'integrator'] },
  /** Officials carry names and emails: the managers over them, tenant-wide readers, and each official their own record. */
  'org.official.read': { over: [...TENANT_READERS, 'unit_head', 'agency_leader', 'integrator'], self: true },
  /** Role grants decide what everyone may do: administrators and HR grant within their scope, auditors read. */
  'org.grant.manage': { over: ['sys_admin', 'hr_admin'] },
  'org.grant.read': { over: ['sys_admin', 'hr_admin', 'auditor'] },
  /** The caller's own record, posts and grants. */
  'org.self.read': { anyone: true, self: true },
  /** Importing an agency's org chart and staff from spreadsheets: HR and administrators over the whole agency. */
  'org.import': { over: ['sys_admin', 'hr_admin'] },
  /** Exporting an agency's org chart and staff (names and emails): those who read the whole agency's officials. */
  'org.export': { over: [...TENANT_READERS, 'agency_leader'] },
  /** Publishing the organisation again for consumers that rebuild (operators). */
  'org.republish': { over: ['sys_admin'] },
  /** The catalog, objectives and KPI definitions: the shared language of work every member reads. */
  'catalog.read': { members: true },
  /**
   * Drafting work items: the province's shared items (groups A, B, D) need the whole tenant;
   * an agency's own items (group C) need that agency (its head, or a catalog administrator of it).
   */
  'catalog.manage': { over: ['sys_admin', 'catalog_admin', 'agency_leader'] },
  /** Publishing or returning submitted items: shared ones by catalog administrators over the tenant, group C by the agency's head. */
  'catalog.approve': { over: ['sys_admin', 'catalog_admin', 'agency_leader'] },
  'catalog.approve.shared': { over: ['sys_admin', 'catalog_admin'] },
  'catalog.approve.agency': { over: ['sys_admin', 'agency_leader'] },
  /**
   * Objectives and key results at a level the caller manages: the tenant's (catalog
   * administrators), an agency's (its head), a unit's (its head and those over it), an
   * official's (the official and the managers over them). Check-ins as well by integrators
   * reporting for an agency.
   */
  'okr.manage': { over: ['sys_admin', 'catalog_admin', 'agency_leader', 'unit_head'], self: true },
  'okr.check_in': { over: ['sys_admin', 'catalog_admin', 'agency_leader', 'unit_head', 'integrator'], self: true },
  /** KPI sets of units and job positions: HR and catalog administrators, and an agency's head for its own. */
  'kpi.manage': { over: ['sys_admin', 'catalog_admin', 'hr_admin', 'agency_leader'] },
  /** An official's own diary; integrators write for the officials of their agency. Edits and deletions too. */
  'worklog.write': { over: ['integrator'], self: true },
  'worklog.read': { over: [...TENANT_READERS, 'unit_head', 'agency_leader', 'integrator'], self: true },
  /** Approving or returning diary entries: the managers over the official on the entry's date (never their own). */
  'worklog.review': { over: ['sys_admin', 'agency_leader', 'unit_head'] },
  /** Who logged nothing on which working days (kê khai sót): the managers and tenant-wide readers; each official their own. */
  'worklog.missed.read': { over: [...TENANT_READERS, 'unit_head', 'agency_leader'], self: true },
  /** The working calendar and the diary's rules every member reads; HR over the tenant changes them and closes months. */
  'worklog.settings.read': { members: true },
  'worklog.settings.manage': { over: ['sys_admin', 'hr_admin'] },
  /**
   * Assigning tasks (giao việc) and cancelling them: the managers over the lead assignee, a
   * document system's service account for its agency, and an official for themselves where the
   * tenant's diary settings allow it.
   */
  'task.assign': { over: ['sys_admin', 'agency_leader', 'unit_head', 'integrator'], self: true },
  /** Working on a task: its lead assignee starts, submits and asks for more time; a document system may hand in products. */
  'task.work': { over: ['integrator'], self: true },
  /** Judging tasks: approving, returning, deciding extensions, confirming objective causes (managers over the lead assignee). */
  'task.review': { over: ['sys_admin', 'agency_leader', 'unit_head'] },
  'task.read': { over: [...TENANT_READERS, 'unit_head', 'agency_leader', 'integrator'], self: true },
  'analytics.read': { over: [...TENANT_READERS, 'agency_leader', 'unit_head'] },
  /** The rule packs scores are made by: every member of the tenant reads the rules they are scored by. */
  'scoring.rules.read': { members: true },
  /** Choosing the pack of a year and category: tenant-wide HR (the decision checks the whole tenant is in scope). */
  'scoring.rules.manage': { over: ['sys_admin', 'hr_admin'] },
  /** Scores with their breakdown: each official their own, the managers over them, HR and tenant-wide readers. */
  'score.read': { over: [...TENANT_READERS, 'agency_leader', 'unit_head'], self: true },
  /** Recording the general criteria, a leader's đ and e, disqualifiers: the managers over the official and HR (never the official). */
  'score.assess': { over: ['sys_admin', 'hr_admin', 'agency_leader', 'unit_head'] },
  /**
   * The evaluation's steps (quy trình đánh giá): the official's own self-assessment, comments and
   * appeals; the manager's review (managers over the official); the collective's review and the
   * approval (those who reach the official's whole agency: its leaders, HR); HR's consolidation.
   */
  'evaluation.self': { self: true },
  'evaluation.review': { over: ['sys_admin', 'hr_admin', 'agency_leader', 'unit_head'] },
  'evaluation.committee': { over: ['sys_admin', 'hr_admin', 'agency_leader'] },
  'evaluation.consolidate': { over: ['sys_admin', 'hr_admin'] },
  'evaluation.approve': { over: ['sys_admin', 'hr_admin', 'agency_leader'] },
  /** A period's state, read by every member; closed and reopened by tenant-wide HR (the decision checks the whole tenant is in scope). */
  'scoring.period.read': { members: true },
  'scoring.period.manage': { over: ['sys_admin', 'hr_admin'] },
  /** An agency's consolidated results: those who reach the whole agency (the decision checks it). */
  'scoring.results.read': { over: [...TENANT_READERS, 'agency_leader'] },
  /** Units' KPI results: every member of the tenant (unit results are public within the province). */
  'scoring.unit_kpi.read': { members: true },
  /**
   * Recording the actual values a unit reached on its KPIs: HR, the agency's leaders and its
   * service accounts (a statistics or document system), never a unit head, whose own unit
   * result (d) the values may feed. The decision checks the set's unit is in scope.
   */
  'scoring.unit_kpi.record': { over: ['sys_admin', 'hr_admin', 'agency_leader', 'integrator'] },
  /** Quota exceptions: tenant-wide HR (the decision checks the whole tenant is in scope). */
  'scoring.quota.manage': { over: ['sys_admin', 'hr_admin'] },
  /** Every service's audit log. */
  'audit.read': { over: ['auditor', 'sys_admin'] },
} as const satisfies Record<string, Permission>;

export type Action = keyof typeof PERMISSIONS;

export const isAction = (a: unknown): a is Action => typeof a === 'string' && Object.hasOwn(PERMISSIONS, a);

/** What a caller may reach for one action. */
export interface Scope {
  /** The whole tenant. */
  readonly tenant: boolean;
  /** Whole agencies. */
  readonly agencies: ReadonlySet<string>;
  /** Granted units, each with its subtree, and the units they came from by a merge or a split. */
  readonly units: ReadonlySet<string>;
  /** The caller's own records, when they are an official. */
  readonly officialId: string | null;
  /** For `anyone` actions: the caller is verified, whatever else they hold. */
  readonly verified: boolean;
}

const EMPTY: ReadonlySet<string> = new Set();

export const TENANT_SCOPE: Scope = Object.freeze({ tenant: true, agencies: EMPTY, units: EMPTY, officialId: null, verified: true });

export const isEmptyScope = (s: Scope) => !s.tenant && !s.agencies.size && !s.units.size && !s.officialId && !s.verified;

/**
 * The caller as the directory knows them: the official id from the token, or the official whose
 * identity-provider subject the token carries.
 */
export function identify(p: Principal, dir: DirectoryView): Principal {
  if (p.officialId || p.serviceAccount) return p;
  const known = identified.get(p);
  if (known?.version === dir.version) return known.principal;
  const o = dir.officialBySubject(p.tenantId, p.subject);
  const principal = o ? { ...p, officialId: o.id } : p;
  identified.set(p, { version: dir.version, principal });
  return principal;
}
const identified = new WeakMap<Principal, { version: number; principal: Principal }>();

/** Grants to a client apply only to that client's own service account, never to people signing in through it. */
const granteeOf = (p: Principal) => ({ officialId: p.officialId || null, clientId: p.serviceAccount ? p.clientId || null : null });

/** The granted unit and every unit it came from, transitively. */
function extent(dir: DirectoryView, unitId: string, into: Set<string>): void {
  if (into.has(unitId)) return;
  into.add(unitId);
  for (const p of dir.unit(unitId)?.predecessors ?? []) extent(dir, p, into);
}

// Scopes are worked out once per principal (verified tokens are cached), action and directory version.
const scopes = new WeakMap<Principal, { version: number; today: string; byAction: Map<Action, Scope> }>();

/** The caller's scope for an action on a day: empty (isEmptyScope) when nothing grants it. */
export function scopeFor(p: Principal, action: Action, dir: DirectoryView, today: string): Scope {
  let known = scopes.get(p);
  if (!known || known.version !== dir.version || known.today !== today) {
    known = { version: dir.version, today, byAction: new Map() };
    scopes.set(p, known);
  }
  let scope = known.byAction.get(action);
  if (!scope) {
    scope = Object.freeze(workOutScope(p, action, dir, today));
    known.byAction.set(action, scope);
  }
  return scope;
}

function workOutScope(p: Principal, action: Action, dir: DirectoryView, today: string): Scope {
  const perm: Permission = PERMISSIONS[action];
  const grants = dir.grantsOf(p.tenantId, granteeOf(p), today);
  const official = p.officialId ? dir.official(p.officialId) : undefined;
  const isOfficial = official !== undefined && official.tenantId === p.tenantId;
  // sys_admin in the token itself: the operator's way in before any grant exists.
  const tokenAdmin = p.roles.includes('sys_admin');
  let tenant = Boolean(perm.members && (isOfficial || grants.length > 0 || tokenAdmin));
  if (tokenAdmin && perm.over?.includes('sys_admin')) tenant = true;
  const agencies = new Set<string>();
  const units = new Set<string>();
  for (const g of grants) {
    if (!perm.over?.includes(g.role)) continue;
    if (g.nodeKind === 'TENANT') tenant ||= g.nodeId === p.tenantId;
    else if (g.nodeKind === 'AGENCY') agencies.add(g.nodeId);
    else extent(dir, g.nodeId, units);
  }
  return {
    tenant,
    agencies: tenant ? EMPTY : agencies,
    units: tenant ? EMPTY : units,
    officialId: perm.self && isOfficial ? p.officialId : null,
    verified: Boolean(perm.anyone),
  };
}

export function requireScope(p: Principal, action: Action, dir: DirectoryView, today: string): Scope {
  const scope = scopeFor(p, action, dir, today);
  if (isEmptyScope(scope)) throw new PermissionDeniedError();
  return scope;
}

/** Whether the scope reaches the whole tenant (creating agencies, tenant-wide grants, the shared catalog). */
export const coversTenant = (scope: Scope) => scope.tenant;

/** Whether the scope reaches every record of an agency. */
export const coversAgency = (scope: Scope, agencyId: string) => scope.tenant || scope.agencies.has(agencyId);

/** Whether the scope reaches a unit's records of a date: the unit lay, that day, under a unit the scope holds, or in an agency it holds. */
export function coversUnit(scope: Scope, dir: DirectoryView, unitId: string, date: string): boolean {
  if (scope.tenant) return true;
  const u = dir.unit(unitId);
  if (!u) return false;
  if (scope.agencies.has(u.agencyId)) return true;
  if (!scope.units.size) return false;
  return dir.ancestryOn(unitId, date).some((id) => scope.units.has(id));
}

/** Whether the scope reaches an official's records of a date: their own, or a post they held that day in reach. */
export function coversOfficial(scope: Scope, dir: DirectoryView, officialId: string, date: string): boolean {
  if (scope.officialId === officialId || scope.tenant) return true;
  if (!scope.agencies.size && !scope.units.size) return false;
  return dir.postsOn(officialId, date).some((m) => scope.agencies.has(m.agencyId) || coversUnit(scope, dir, m.unitId, date));
}

/** Whether the scope reaches an org node (a grant's node, say): the tenant, an agency, or a unit as it stands on the date. */
export function coversNode(scope: Scope, dir: DirectoryView, kind: 'TENANT' | 'AGENCY' | 'UNIT', id: string, date: string): boolean {
  if (kind === 'TENANT') return scope.tenant;
  if (kind === 'AGENCY') return coversAgency(scope, id);
  return coversUnit(scope, dir, id, date);
}

/**
 * The agency filter of a list: what the caller asked for, when their scope holds that whole
 * agency; null (every agency) only for tenant-wide callers. Asking for an agency out of reach
 * is refused.
 */
export function agencyFilter(scope: Scope, requested: string | null): string | null {
  if (scope.tenant || (requested && scope.agencies.has(requested))) return requested;
  if (requested) throw new PermissionDeniedError();
  return null;
}

/** Of two "YYYY-MM-DD" dates (which sort as text), the later and the earlier. */
const laterDate = (a: string, b: string) => (a > b ? a : b);
const earlierDate = (a: string, b: string) => (a < b ? a : b);

/** A unit's dates inside the scope: [from, to) ranges, to null for "still". */
export interface UnitInterval {
  unitId: string;
  from: string;
  to: string | null;
}

const intervalCache = new WeakMap<Scope, { version: number; intervals: UnitInterval[] }>();

/**
 * Where and when a unit-scoped caller reaches records: for every unit of the agencies their
 * granted units belong to, the dates on which it lay under one of them. Stores filter rows that
 * carry a unit and a date by these (exactly, including units that moved or merged).
 */
export function unitIntervals(scope: Scope, dir: DirectoryView): UnitInterval[] {
  const cached = intervalCache.get(scope);
  if (cached && cached.version === dir.version) return cached.intervals;
  const agencies = new Set([...scope.units].map((id) => dir.unit(id)?.agencyId).filter((a): a is string => Boolean(a)));
  const memo = new Map<string, [string, string | null][]>();
  const within = (unitId: string, path: Set<string>): [string, string | null][] => {
    const known = memo.get(unitId);
    if (known) return known;
    const u = dir.unit(unitId);
    if (!u || path.has(unitId)) return [];
    if (scope.units.has(unitId)) {
      const all: [string, string | null][] = [[u.validFrom, u.validTo]];
      memo.set(unitId, all);
      return all;
    }
    path.add(unitId);
    const out: [string, string | null][] = [];
    for (const p of u.periods) {
      if (!p.parentUnitId) continue;
      for (const [f, t] of within(p.parentUnitId, path)) {
        const from = laterDate(f, p.validFrom);
        const to = t === null ? p.validTo : p.validTo === null ? t : earlierDate(t, p.validTo);
        if (to === null || from < to) out.push([from, to]);
      }
    }
    path.delete(unitId);
    memo.set(unitId, out);
    return out;
  };
  const intervals: UnitInterval[] = [];
  for (const a of agencies)
    for (const u of dir.unitsOfAgency(a)) for (const [from, to] of within(u.id, new Set())) intervals.push({ unitId: u.id, from, to });
  intervalCache.set(scope, { version: dir.version, intervals });
  return intervals;
}

/** The units that lie, on a date, under a unit the scope holds (for filters on records of one day, such as today's posts). */
export function unitsInScopeOn(scope: Scope, dir: DirectoryView, date: string): string[] {
  return unitIntervals(scope, dir)
    .filter((i) => inRange({ validFrom: i.from, validTo: i.to }, date))
    .map((i) => i.unitId);
}

/**
 * What a list of current records (officials, posts, grants) is filtered by: everything for a
 * tenant-wide caller; else the agencies and units (as they stand on the date) the scope
 * reaches, and the caller's own records.
 */
export interface Reach {
  all: boolean;
  agencies: string[];
  units: string[];
  officialId: string | null;
  /** The day the units were worked out for (posts in force that day count). */
  onDate: string;
}

export function reachOn(scope: Scope, dir: DirectoryView, date: string): Reach {
  return {
    onDate: date,
    all: scope.tenant,
    agencies: [...scope.agencies],
    units: scope.tenant || !scope.units.size ? [] : unitsInScopeOn(scope, dir, date),
    officialId: scope.officialId,
  };
}

/**
 * What a list of dated records (diary entries, tasks) is filtered by: everything, or records of
 * the agencies the scope holds, of the units on the dates they lay in reach, and the caller's own.
 */
export interface DatedReach {
  all: boolean;
  agencies: string[];
  intervals: UnitInterval[];
  officialId: string | null;
}

export function datedReach(scope: Scope, dir: DirectoryView): DatedReach {
  return {
    all: scope.tenant,
    agencies: [...scope.agencies],
    intervals: scope.tenant || !scope.units.size ? [] : unitIntervals(scope, dir),
    officialId: scope.officialId,
  };
}
