import {
  type Actor,
  AlreadyExistsError,
  check,
  coversAgency,
  FailedPreconditionError,
  isStringTuple,
  NotFoundError,
  type Page,
  type Reach,
  type Role,
  reachOn,
  readPage,
  unchanged,
  ValidationError,
} from '@thuocdo/kit';
import { authorize, effectiveDate, NODE_KINDS, type NodeKind, next, type OrgDecision, type RoleGrant, reachesUnit, role } from './model';
import { idTaken, type PageRequest } from './structure';

// ---------------------------------------------------------------------------------------------
// Role grants: a role over an org node (the tenant, an agency, or a unit and its subtree) for a
// date range, to an official or to an integrator's client. Authorization everywhere reads these
// (docs/architecture.md, Authorization).

/** A client id as Keycloak allows it: letters, digits, ".", "_", "-", at most 255 characters. */
const clientId = (field: string, value: string) => {
  const v = check.required(field, value);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/.test(v))
    throw new ValidationError(field, {
      vi: 'Mã ứng dụng chỉ gồm chữ, số, dấu chấm, gạch dưới, gạch ngang',
      en: 'client_id must be letters, digits, dots, underscores or dashes',
    });
  return v;
};

export interface NewRoleGrant {
  id: string | null;
  officialId: string | null;
  clientId: string | null;
  role: Role;
  nodeKind: NodeKind;
  nodeId: string;
  validFrom: string;
  validTo: string | null;
}

export function parseGrantRole(
  r: {
    id: string;
    officialId: string;
    clientId: string;
    role: string;
    nodeKind: string;
    nodeId: string;
    validFrom: string;
    validTo: string;
  },
  actor: Actor,
): NewRoleGrant {
  if (Boolean(r.officialId) === Boolean(r.clientId))
    throw new ValidationError('official_id', {
      vi: 'Cần đúng một trong official_id và client_id',
      en: 'Exactly one of official_id and client_id is required',
    });
  const nodeKind = check.oneOf('node_kind', r.nodeKind as NodeKind, NODE_KINDS);
  const grant: NewRoleGrant = {
    id: check.optionalId('id', r.id),
    officialId: r.officialId ? check.id('official_id', r.officialId) : null,
    clientId: r.clientId ? clientId('client_id', r.clientId) : null,
    role: role('role', r.role),
    nodeKind,
    nodeId: nodeKind === 'TENANT' ? r.nodeId || actor.principal.tenantId : check.id('node_id', r.nodeId),
    validFrom: effectiveDate('valid_from', r.validFrom, actor.now),
    validTo: r.validTo ? check.date('valid_to', r.validTo) : null,
  };
  if (grant.validTo !== null && grant.validTo <= grant.validFrom)
    throw new ValidationError('valid_to', { vi: 'Ngày kết thúc phải sau ngày bắt đầu', en: 'valid_to must be after valid_from' });
  if (nodeKind === 'TENANT' && grant.nodeId !== actor.principal.tenantId)
    throw new ValidationError('node_id', { vi: 'Chỉ cấp quyền trong tỉnh của mình', en: 'Grants are made within your own tenant' });
  if (grant.clientId && grant.role !== 'integrator')
    throw new ValidationError('role', {
      vi: 'Ứng dụng tích hợp chỉ được cấp vai trò integrator',
      en: 'An integration client can only be granted the integrator role',
    });
  return grant;
}

export interface GrantState {
  /** The official, when the grantee is one, in this tenant. */
  officialExists: boolean;
  /** The agency or unit the grant covers, in this tenant. */
  nodeExists: boolean;
  /** The unit a unit grant covers, with its path, to judge the caller's reach. */
  unit?: { agencyId: string; path: string };
  sameId?: RoleGrant;
  idUsedElsewhere: boolean;
  /** Grants of the same role over the same node to the same grantee. */
  existing: RoleGrant[];
}

const overlaps = (a: { validFrom: string; validTo: string | null }, b: { validFrom: string; validTo: string | null }) =>
  (a.validTo === null || b.validFrom < a.validTo) && (b.validTo === null || a.validFrom < b.validTo);

/**
 * Whether the caller may grant over, or end a grant over, this node: the tenant only
 * tenant-wide, an agency within their agencies, a unit within their reach. Only a tenant-wide
 * caller gives out sys_admin.
 */
function mayGrant(
  actor: Actor,
  g: { role: Role; nodeKind: NodeKind; nodeId: string },
  unit: { agencyId: string; path: string } | undefined,
) {
  const s = actor.scope;
  if (g.role === 'sys_admin' && !s.tenant) return false;
  if (g.nodeKind === 'TENANT') return s.tenant;
  if (g.nodeKind === 'AGENCY') return coversAgency(s, g.nodeId);
  return unit ? reachesUnit(actor, unit) : s.tenant;
}

export function grantRole(g: NewRoleGrant, s: GrantState, actor: Actor): OrgDecision<RoleGrant> {
  authorize(mayGrant(actor, g, s.unit));
  if (s.sameId) {
    const x = s.sameId;
    if (
      x.role === g.role &&
      x.nodeId === g.nodeId &&
      x.officialId === g.officialId &&
      x.clientId === g.clientId &&
      x.validFrom === g.validFrom
    )
      return unchanged(x);
    throw idTaken({ vi: 'Quyền', en: 'A role grant' });
  }
  if (s.idUsedElsewhere) throw idTaken({ vi: 'Quyền', en: 'A role grant' });
  if (g.officialId && !s.officialExists)
    throw new NotFoundError({ vi: 'Không tìm thấy công chức', en: 'Official not found' }, 'official_id');
  if (!s.nodeExists) throw new NotFoundError({ vi: 'Không tìm thấy cơ quan hoặc đơn vị', en: 'Agency or unit not found' }, 'node_id');
  const clash = s.existing.find((x) => overlaps(x, g));
  if (clash)
    throw new AlreadyExistsError(
      {
        vi: `Đã có quyền ${g.role} trên nút này từ ${clash.validFrom}${clash.validTo ? ` đến ${clash.validTo}` : ''}`,
        en: `The same role over this node is already granted from ${clash.validFrom}${clash.validTo ? ` to ${clash.validTo}` : ''}`,
      },
      'valid_from',
    );
  const grant: RoleGrant = {
    id: g.id ?? actor.newId(),
    tenantId: actor.principal.tenantId,
    officialId: g.officialId,
    clientId: g.clientId,
    role: g.role,
    nodeKind: g.nodeKind,
    nodeId: g.nodeId,
    validFrom: g.validFrom,
    validTo: g.validTo,
    version: 1,
    createdAt: actor.now,
  };
  return { entity: grant, events: [{ type: 'role_grant', before: null, after: grant }] };
}

export function parseEndRoleGrant(r: { id: string; validTo: string }, now: Date): { id: string; validTo: string } {
  return { id: check.id('id', r.id), validTo: effectiveDate('valid_to', r.validTo, now) };
}

/** Ends a grant at a date; a grant ended on or before its start never applied and is withdrawn (a tombstone). */
export function endRoleGrant(
  e: { id: string; validTo: string },
  s: { grant?: RoleGrant; unit?: { agencyId: string; path: string } },
  actor: Actor,
): OrgDecision<RoleGrant> {
  const grant = s.grant;
  // A grant out of reach reads as missing.
  if (!grant || !mayGrant(actor, grant, s.unit)) throw new NotFoundError({ vi: 'Không tìm thấy quyền', en: 'Role grant not found' }, 'id');
  if (grant.validTo !== null && grant.validTo <= e.validTo) {
    if (grant.validTo === e.validTo) return unchanged(grant);
    throw new FailedPreconditionError(
      { vi: `Quyền đã kết thúc từ ${grant.validTo}`, en: `The grant already ended on ${grant.validTo}` },
      'valid_to',
    );
  }
  const after = e.validTo <= grant.validFrom ? null : next(grant, { validTo: e.validTo });
  return { entity: after ?? grant, events: [{ type: 'role_grant', before: grant, after }] };
}

export interface RoleGrantQuery {
  filters: { officialId: string | null; clientId: string | null; nodeId: string | null; role: Role | null; onDate: string | null };
  /** Grants over nodes the caller reaches (everything for tenant-wide callers). */
  reach: Reach;
  /** After [valid from, id]. */
  page: Page<string[]>;
}

export function planListRoleGrants(
  r: PageRequest & { officialId: string; clientId: string; nodeId: string; role: string; onDate: string },
  actor: Actor,
): RoleGrantQuery {
  const filters = {
    officialId: check.optionalId('official_id', r.officialId),
    clientId: r.clientId ? clientId('client_id', r.clientId) : null,
    nodeId: r.nodeId ? check.maxLength('node_id', r.nodeId, 100) : null,
    role: r.role ? role('role', r.role) : null,
    onDate: r.onDate ? check.date('on_date', r.onDate) : null,
  };
  return { filters, reach: reachOn(actor.scope, actor.directory, actor.today), page: readPage(r, filters, isStringTuple(2)) };
}
