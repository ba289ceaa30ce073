import { type Principal, ROLES, type Role } from './auth';
import { PermissionDeniedError } from './errors';

/**
 * Authorization, in one place (docs/architecture.md, Authorization). Every RPC names the
 * action it performs where it is bound; a server with an RPC that names none refuses to start,
 * and a caller whose roles grant no scope for the action is refused before the handler runs.
 * The handler gets the scope and keeps the data inside it.
 */

/** How much of the tenant a caller may act on. */
export type Scope =
  | { level: 'tenant' }
  | { level: 'agency'; agencyId: string }
  /** Only the caller's own records (an official's own diary). */
  | { level: 'self'; officialId: string };

/** For each scope level, the roles that grant it. */
export interface Permission {
  tenant?: readonly Role[];
  agency?: readonly Role[];
  self?: readonly Role[];
}

const EVERY_ROLE: readonly Role[] = ROLES;
/** Read the whole tenant: province leaders, HR, auditors, administrators. */
const TENANT_READERS: readonly Role[] = ['province_leader', 'hr_admin', 'auditor', 'sys_admin'];

/**
 * Every action of the platform and who may perform it at which level. An integrator (a document
 * or HR system's service account) acts for its agency, or for the whole tenant when its token
 * names no agency.
 */
export const PERMISSIONS = {
  /** Agencies and units: the structure every signed-in user of the tenant sees. */
  'org.structure.read': { tenant: EVERY_ROLE },
  'org.agency.manage': { tenant: ['sys_admin', 'hr_admin'] },
  'org.unit.manage': { tenant: ['sys_admin', 'hr_admin'], agency: ['agency_leader'] },
  /** Officials and their posts (memberships). */
  'org.official.manage': { tenant: ['sys_admin', 'hr_admin'], agency: ['agency_leader', 'integrator'] },
  /** Officials carry names and emails: their agency's managers, tenant-wide readers, and each official their own record. */
  'org.official.read': { tenant: TENANT_READERS, agency: ['unit_head', 'agency_leader', 'integrator'], self: EVERY_ROLE },
  /** Role grants decide what everyone may do: administrators and HR grant, auditors read. */
  'org.grant.manage': { tenant: ['sys_admin', 'hr_admin'] },
  'org.grant.read': { tenant: ['sys_admin', 'hr_admin', 'auditor'] },
  /** The caller's own record, posts and grants (WhoAmI). */
  'org.self.read': { tenant: EVERY_ROLE, agency: EVERY_ROLE, self: EVERY_ROLE },
  'catalog.read': { tenant: EVERY_ROLE },
  'catalog.manage': { tenant: ['sys_admin', 'catalog_admin'] },
  'worklog.write': { agency: ['integrator'], self: ['official'] },
  'worklog.read': { tenant: TENANT_READERS, agency: ['unit_head', 'agency_leader', 'integrator'], self: EVERY_ROLE },
  'analytics.read': { tenant: TENANT_READERS, agency: ['agency_leader', 'unit_head'] },
} as const satisfies Record<string, Permission>;

export type Action = keyof typeof PERMISSIONS;

export const isAction = (a: unknown): a is Action => typeof a === 'string' && Object.hasOwn(PERMISSIONS, a);

// Principals are cached by the token verifier, so a caller's scopes are worked out once per token.
const scopes = new WeakMap<Principal, Map<Action, Scope | undefined>>();

/** The widest scope the caller's roles grant for an action; undefined when none does. */
export function scopeOf(p: Principal, action: Action): Scope | undefined {
  let known = scopes.get(p);
  if (!known) {
    known = new Map();
    scopes.set(p, known);
  }
  if (known.has(action)) return known.get(action);
  const found = widestScope(p, action);
  const scope = found && Object.freeze(found);
  known.set(action, scope);
  return scope;
}

function widestScope(p: Principal, action: Action): Scope | undefined {
  const perm: Permission = PERMISSIONS[action];
  const has = (roles: readonly Role[] | undefined) => Boolean(roles?.some((r) => p.roles.includes(r)));
  if (has(perm.tenant)) return { level: 'tenant' };
  if (perm.agency?.includes('integrator') && p.roles.includes('integrator') && !p.agencyId) return { level: 'tenant' };
  if (p.agencyId && has(perm.agency)) return { level: 'agency', agencyId: p.agencyId };
  if (p.officialId && has(perm.self)) return { level: 'self', officialId: p.officialId };
  return undefined;
}

export function requireScope(p: Principal, action: Action): Scope {
  const scope = scopeOf(p, action);
  if (!scope) throw new PermissionDeniedError();
  return scope;
}

/** Whether the scope reaches records of this agency. */
export function coversAgency(scope: Scope, agencyId: string): boolean {
  return scope.level === 'tenant' || (scope.level === 'agency' && scope.agencyId === agencyId);
}

/** Whether the scope reaches this official's records. An unknown official (no agency) is reached only tenant-wide or as oneself. */
export function coversOfficial(scope: Scope, officialId: string, agencyId: string | undefined): boolean {
  if (scope.level === 'self') return scope.officialId === officialId;
  return scope.level === 'tenant' || (agencyId !== undefined && scope.agencyId === agencyId);
}

/**
 * The agency filter a list call runs with: what the caller asked for, pinned to their own
 * agency when their scope is one agency (asking for another is refused). Null means every agency.
 */
export function agencyFilter(scope: Scope, requested: string | null): string | null {
  if (scope.level === 'tenant') return requested;
  if (scope.level === 'agency' && (!requested || requested === scope.agencyId)) return scope.agencyId;
  throw new PermissionDeniedError();
}
