import { orgV1 } from '@thuocdo/proto';
import { enumName, enumValue } from '@thuocdo/service';
import type { Agency, JobPosition, Membership, Official, RoleGrant, Unit, UnitLineage, UnitPeriod } from '../domain/model';

// Protobuf ↔ domain, for the RPCs (grpc/) and the events' payloads (events/). Enums travel by
// name in the domain ('CIVIL_SERVANT'); unspecified or unknown values become '' so that the
// domain's validation names the field.

export const kindName = (k: orgV1.AgencyKind) => enumName(k, orgV1.agencyKindToJSON, 'AGENCY_KIND_');
export const categoryName = (c: orgV1.OfficialCategory) => enumName(c, orgV1.officialCategoryToJSON, 'OFFICIAL_CATEGORY_');
export const positionCategoryName = (c: orgV1.PositionCategory) => enumName(c, orgV1.positionCategoryToJSON, 'POSITION_CATEGORY_');
export const membershipKindName = (k: orgV1.MembershipKind) => enumName(k, orgV1.membershipKindToJSON, 'MEMBERSHIP_KIND_');
export const endReasonName = (r: orgV1.EndReason) => enumName(r, orgV1.endReasonToJSON, 'END_REASON_');
export const nodeKindName = (k: orgV1.OrgNodeKind) => enumName(k, orgV1.orgNodeKindToJSON, 'ORG_NODE_KIND_');

export const toProtoAgency = (a: Agency): orgV1.Agency => ({
  id: a.id,
  tenantId: a.tenantId,
  code: a.code,
  name: a.name,
  kind: enumValue(a.kind, orgV1.agencyKindFromJSON, 'AGENCY_KIND_'),
  createTime: a.createdAt,
  version: a.version,
});

export const toProtoUnit = (u: Unit): orgV1.Unit => ({
  id: u.id,
  tenantId: u.tenantId,
  agencyId: u.agencyId,
  parentUnitId: u.parentUnitId ?? '',
  code: u.code,
  name: u.name,
  createTime: u.createdAt,
  version: u.version,
  validFrom: u.validFrom,
  validTo: u.validTo ?? '',
  path: u.path,
});

export const toProtoUnitPeriod = (p: UnitPeriod): orgV1.UnitPeriod => ({
  validFrom: p.validFrom,
  validTo: p.validTo ?? '',
  code: p.code,
  name: p.name,
  parentUnitId: p.parentUnitId ?? '',
});

export const toProtoUnitLineage = (l: UnitLineage): orgV1.UnitLineage => ({
  predecessorId: l.predecessorId,
  successorId: l.successorId,
  kind: enumValue(l.kind, orgV1.lineageKindFromJSON, 'LINEAGE_KIND_'),
  effectiveDate: l.effectiveDate,
});

export const toProtoJobPosition = (p: JobPosition): orgV1.JobPosition => ({
  id: p.id,
  tenantId: p.tenantId,
  agencyId: p.agencyId,
  unitId: p.unitId,
  code: p.code,
  title: p.title,
  duties: p.duties,
  category: enumValue(p.category, orgV1.positionCategoryFromJSON, 'POSITION_CATEGORY_'),
  leadership: p.leadership,
  createTime: p.createdAt,
  version: p.version,
});

export const toProtoOfficial = (o: Official): orgV1.Official => ({
  id: o.id,
  tenantId: o.tenantId,
  agencyId: o.agencyId,
  unitId: o.unitId,
  fullName: o.fullName,
  email: o.email ?? '',
  category: enumValue(o.category, orgV1.officialCategoryFromJSON, 'OFFICIAL_CATEGORY_'),
  createTime: o.createdAt,
  version: o.version,
  staffCode: o.staffCode ?? '',
  idpSubject: o.idpSubject ?? '',
  positionId: o.positionId ?? '',
  active: o.active,
});

export const toProtoMembership = (m: Membership): orgV1.Membership => ({
  id: m.id,
  tenantId: m.tenantId,
  officialId: m.officialId,
  agencyId: m.agencyId,
  unitId: m.unitId,
  positionId: m.positionId ?? '',
  kind: enumValue(m.kind, orgV1.membershipKindFromJSON, 'MEMBERSHIP_KIND_'),
  validFrom: m.validFrom,
  validTo: m.validTo ?? '',
  endReason: m.endReason ? enumValue(m.endReason, orgV1.endReasonFromJSON, 'END_REASON_') : orgV1.EndReason.END_REASON_UNSPECIFIED,
  version: m.version,
});

export const toProtoRoleGrant = (g: RoleGrant): orgV1.RoleGrant => ({
  id: g.id,
  tenantId: g.tenantId,
  officialId: g.officialId ?? '',
  clientId: g.clientId ?? '',
  role: g.role,
  nodeKind: enumValue(g.nodeKind, orgV1.orgNodeKindFromJSON, 'ORG_NODE_KIND_'),
  nodeId: g.nodeId,
  validFrom: g.validFrom,
  validTo: g.validTo ?? '',
  version: g.version,
});
