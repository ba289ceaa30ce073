import { personSortName, searchDocument } from '@thuocdo/kit';
import type { Agency, JobPosition, Membership, Official, RoleGrant, Unit, UnitLineage, UnitPeriod } from '../domain/model';

// Rows of org's tables as domain records, and the columns each record writes. Dates come back
// as "YYYY-MM-DD" (packages/db pool.ts), timestamps as Date.

/** A unit with its periods, oldest first, and the units it came from, in one row. */
export const UNIT_SELECT = `SELECT u.*,
    (SELECT json_agg(json_build_object('validFrom', p.valid_from, 'validTo', p.valid_to, 'code', p.code, 'name', p.name,
       'parentUnitId', p.parent_unit_id) ORDER BY p.valid_from) FROM unit_period p WHERE p.unit_id = u.id) AS periods,
    (SELECT json_agg(json_build_object('predecessorId', l.predecessor_id, 'successorId', l.successor_id, 'kind', l.kind,
       'effectiveDate', l.effective_date) ORDER BY l.predecessor_id) FROM unit_lineage l WHERE l.successor_id = u.id) AS lineage
  FROM unit u`;

export const agencyOf = (r: any): Agency => ({
  id: r.id,
  tenantId: r.tenant_id,
  code: r.code,
  name: r.name,
  kind: r.kind,
  version: r.version,
  createdAt: r.created_at,
});

export const unitOf = (r: any): Unit => ({
  id: r.id,
  tenantId: r.tenant_id,
  agencyId: r.agency_id,
  parentUnitId: r.parent_unit_id,
  code: r.code,
  name: r.name,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  path: r.path,
  periods: (r.periods as UnitPeriod[] | null) ?? [],
  lineage: (r.lineage as UnitLineage[] | null) ?? [],
  version: r.version,
  createdAt: r.created_at,
});

export const positionOf = (r: any): JobPosition => ({
  id: r.id,
  tenantId: r.tenant_id,
  agencyId: r.agency_id,
  unitId: r.unit_id,
  code: r.code,
  title: r.title,
  duties: r.duties,
  category: r.category,
  leadership: r.leadership,
  version: r.version,
  createdAt: r.created_at,
});

export const officialOf = (r: any): Official => ({
  id: r.id,
  tenantId: r.tenant_id,
  agencyId: r.agency_id,
  unitId: r.unit_id,
  positionId: r.position_id,
  fullName: r.full_name,
  email: r.email,
  staffCode: r.staff_code,
  idpSubject: r.idp_subject,
  category: r.category,
  active: r.active,
  version: r.version,
  createdAt: r.created_at,
});

export const membershipOf = (r: any): Membership => ({
  id: r.id,
  tenantId: r.tenant_id,
  officialId: r.official_id,
  agencyId: r.agency_id,
  unitId: r.unit_id,
  positionId: r.position_id,
  kind: r.kind,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  endReason: r.end_reason,
  version: r.version,
  createdAt: r.created_at,
});

export const grantOf = (r: any): RoleGrant => ({
  id: r.id,
  tenantId: r.tenant_id,
  officialId: r.official_id,
  clientId: r.client_id,
  role: r.role,
  nodeKind: r.node_kind,
  nodeId: r.node_id,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  version: r.version,
  createdAt: r.created_at,
});

// Column lists and values, in the same order, for inserts; updates set every column but the id.

export const AGENCY_COLUMNS = ['id', 'tenant_id', 'code', 'name', 'kind', 'version', 'created_at', 'search_key'];
export const agencyValues = (a: Agency) => [
  a.id,
  a.tenantId,
  a.code,
  a.name,
  a.kind,
  a.version,
  a.createdAt,
  searchDocument(`${a.code} ${a.name}`),
];

export const UNIT_COLUMNS = [
  'id',
  'tenant_id',
  'agency_id',
  'parent_unit_id',
  'code',
  'name',
  'version',
  'created_at',
  'valid_from',
  'valid_to',
  'path',
  'search_key',
];
export const unitValues = (u: Unit) => [
  u.id,
  u.tenantId,
  u.agencyId,
  u.parentUnitId,
  u.code,
  u.name,
  u.version,
  u.createdAt,
  u.validFrom,
  u.validTo,
  u.path,
  searchDocument(`${u.code} ${u.name}`),
];

export const POSITION_COLUMNS = [
  'id',
  'tenant_id',
  'agency_id',
  'unit_id',
  'code',
  'title',
  'duties',
  'category',
  'leadership',
  'version',
  'created_at',
];
export const positionValues = (p: JobPosition) => [
  p.id,
  p.tenantId,
  p.agencyId,
  p.unitId,
  p.code,
  p.title,
  p.duties,
  p.category,
  p.leadership,
  p.version,
  p.createdAt,
];

export const OFFICIAL_COLUMNS = [
  'id',
  'tenant_id',
  'agency_id',
  'unit_id',
  'position_id',
  'full_name',
  'email',
  'staff_code',
  'idp_subject',
  'category',
  'active',
  'version',
  'created_at',
  'search_key',
  'sort_name',
];
export const officialValues = (o: Official) => [
  o.id,
  o.tenantId,
  o.agencyId,
  o.unitId,
  o.positionId,
  o.fullName,
  o.email,
  o.staffCode,
  o.idpSubject,
  o.category,
  o.active,
  o.version,
  o.createdAt,
  searchDocument([o.fullName, o.email ?? '', o.staffCode ?? ''].join(' ')),
  personSortName(o.fullName),
];

export const MEMBERSHIP_COLUMNS = [
  'id',
  'tenant_id',
  'official_id',
  'agency_id',
  'unit_id',
  'position_id',
  'kind',
  'valid_from',
  'valid_to',
  'end_reason',
  'version',
  'created_at',
];
export const membershipValues = (m: Membership) => [
  m.id,
  m.tenantId,
  m.officialId,
  m.agencyId,
  m.unitId,
  m.positionId,
  m.kind,
  m.validFrom,
  m.validTo,
  m.endReason,
  m.version,
  m.createdAt,
];

export const GRANT_COLUMNS = [
  'id',
  'tenant_id',
  'official_id',
  'client_id',
  'role',
  'node_kind',
  'node_id',
  'valid_from',
  'valid_to',
  'version',
  'created_at',
];
export const grantValues = (g: RoleGrant) => [
  g.id,
  g.tenantId,
  g.officialId,
  g.clientId,
  g.role,
  g.nodeKind,
  g.nodeId,
  g.validFrom,
  g.validTo,
  g.version,
  g.createdAt,
];
