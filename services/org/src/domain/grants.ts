import {
  type Actor,
  AlreadyExistsError,
  check,
  FailedPreconditionError,
  isStringTuple,
  NotFoundError,
  type Page,
  type Role,
  readPage,
  unchanged,
  ValidationError,
} from '@thuocdo/kit';
import { effectiveDate, NODE_KINDS, type NodeKind, next, type OrgDecision, type RoleGrant, role } from './model';
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
  sameId?: RoleGrant;
  idUsedElsewhere: boolean;
  /** Grants of the same role over the same node to the same grantee. */
  existing: RoleGrant[];
}

const overlaps = (a: { validFrom: string; validTo: string | null }, b: { validFrom: string; validTo: string | null }) =>
  (a.validTo === null || b.validFrom < a.validTo) && (b.validTo === null || a.validFrom < b.validTo);

export function grantRole(g: NewRoleGrant, s: GrantState, actor: Actor): OrgDecision<RoleGrant> {
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
export function endRoleGrant(e: { id: string; validTo: string }, grant: RoleGrant | undefined): OrgDecision<RoleGrant> {
  if (!grant) throw new NotFoundError({ vi: 'Không tìm thấy quyền', en: 'Role grant not found' }, 'id');
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
  /** After [valid from, id]. */
  page: Page<string[]>;
}

export function planListRoleGrants(
  r: PageRequest & { officialId: string; clientId: string; nodeId: string; role: string; onDate: string },
): RoleGrantQuery {
  const filters = {
    officialId: check.optionalId('official_id', r.officialId),
    clientId: r.clientId ? clientId('client_id', r.clientId) : null,
    nodeId: r.nodeId ? check.maxLength('node_id', r.nodeId, 100) : null,
    role: r.role ? role('role', r.role) : null,
    onDate: r.onDate ? check.date('on_date', r.onDate) : null,
  };
  return { filters, page: readPage(r, filters, isStringTuple(2)) };
}
