/**
 * Helpers for unit tests of domain code (no I/O): a caller as a decision sees it, and the field
 * a validation error names. Imported by path (`@thuocdo/testing/src/domain-fixtures`) so that
 * unit tests do not load the database, broker and process fixtures of this package.
 */
import {
  type Action,
  type Actor,
  type DirectoryRecord,
  DomainError,
  type GrantNodeKind,
  isEmptyScope,
  OrgDirectory,
  type Principal,
  type Role,
  scopeFor,
  todayInVietnam,
  ValidationError,
} from '@thuocdo/kit';

export const TENANT = 'test-province';

export function principal(extra: Partial<Principal> = {}): Principal {
  return { subject: 'subject-1', tenantId: TENANT, officialId: '', roles: [], clientId: 'thuocdo-web', serviceAccount: false, ...extra };
}

let ids = 0;
let grantIds = 0;

/** A grant for a test: a role over the tenant (no node), an agency or a unit. */
export interface TestGrant {
  role: Role;
  agencyId?: string;
  unitId?: string;
}

/** Adds the records a test's decisions look up: units (with parents), officials' posts, grants. */
export function directoryWith(records: DirectoryRecord[] = [], dir = new OrgDirectory()): OrgDirectory {
  for (const r of records) dir.apply(r);
  return dir;
}

/** A unit record for a test directory. */
export function unitRecord(id: string, agencyId: string, parentUnitId: string | null = null, validFrom = '2020-01-01'): DirectoryRecord {
  return {
    kind: 'unit',
    id,
    version: 1,
    removed: false,
    value: {
      id,
      tenantId: TENANT,
      agencyId,
      validFrom,
      validTo: null,
      periods: [{ validFrom, validTo: null, parentUnitId }],
      predecessors: [],
    },
  };
}

/** An official and their main post, for a test directory. */
export function postRecords(officialId: string, agencyId: string, unitId: string, validFrom = '2020-01-01'): DirectoryRecord[] {
  return [
    {
      kind: 'official',
      id: officialId,
      version: 1,
      removed: false,
      value: { id: officialId, tenantId: TENANT, idpSubject: null, active: true },
    },
    {
      kind: 'membership',
      id: `m-${officialId}`,
      version: 1,
      removed: false,
      value: { id: `m-${officialId}`, tenantId: TENANT, officialId, agencyId, unitId, kind: 'MAIN', validFrom, validTo: null },
    },
  ];
}

/** A grant record for a test directory; in force from 2000 unless a range is given. */
export function grantRecord(
  grantee: { officialId: string | null; clientId: string | null },
  g: TestGrant,
  range: { validFrom?: string; validTo?: string | null } = {},
): DirectoryRecord {
  const id = `grant-${++grantIds}`;
  const [nodeKind, nodeId]: [GrantNodeKind, string] = g.unitId
    ? ['UNIT', g.unitId]
    : g.agencyId
      ? ['AGENCY', g.agencyId]
      : ['TENANT', TENANT];
  return {
    kind: 'role_grant',
    id,
    version: 1,
    removed: false,
    value: {
      id,
      tenantId: TENANT,
      ...grantee,
      role: g.role,
      nodeKind,
      nodeId,
      validFrom: range.validFrom ?? '2000-01-01',
      validTo: range.validTo ?? null,
    },
  };
}

/**
 * The actor of a call to `action` by a caller holding tenant-wide grants of `roles`, plus the
 * grants in `extra.grants` (agency or unit), over `extra.directory` (units and posts the test
 * needs). Throws when the policy grants the caller nothing for the action.
 */
export function actorFor(
  action: Action,
  roles: Role[],
  extra: Partial<Principal> & { grants?: TestGrant[]; directory?: OrgDirectory } = {},
  now = new Date('2026-11-20T03:00:00Z'),
): Actor {
  const { grants = [], directory, ...fields } = extra;
  const given = principal({ subject: `subject-${++ids}`, ...fields });
  // A person holds grants as an official: one is made up when the test names none.
  const p =
    given.officialId || given.serviceAccount ? given : { ...given, officialId: `0190f3a2-0000-7000-9000-${String(ids).padStart(12, '0')}` };
  const dir = directory ?? new OrgDirectory();
  const grantee = p.serviceAccount ? { officialId: null, clientId: p.clientId } : { officialId: p.officialId, clientId: null };
  for (const g of [...roles.map((role) => ({ role })), ...grants]) dir.apply(grantRecord(grantee, g));
  if (!p.serviceAccount && !dir.official(p.officialId))
    dir.apply({
      kind: 'official',
      id: p.officialId,
      version: 1,
      removed: false,
      value: { id: p.officialId, tenantId: TENANT, idpSubject: null, active: true },
    });
  const today = todayInVietnam(now);
  const scope = scopeFor(p, action, dir, today);
  if (isEmptyScope(scope)) throw new Error(`${[...roles, ...grants.map((g) => g.role)].join(', ')} have no scope for ${action}`);
  return {
    principal: p,
    action,
    scope,
    directory: dir,
    now,
    today,
    newId: () => `0190f3a2-0000-7000-8000-${String(++ids).padStart(12, '0')}`,
  };
}

/** The field named by the ValidationError fn throws; undefined when it throws none. Other errors are rethrown. */
export function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.field;
    throw err;
  }
  return undefined;
}

/** The reason and field of the DomainError fn throws. */
export function failureOf(fn: () => unknown): { reason: string; field: string } | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return { reason: err.reason, field: err.field };
    throw err;
  }
  return undefined;
}
