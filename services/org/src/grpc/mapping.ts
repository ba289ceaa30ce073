import { orgV1 } from '@thuocdo/proto';
import { enumName, enumValue } from '@thuocdo/service';
import type { Agency, Official, Unit } from '../domain/org';

// Protobuf ↔ domain, for the RPCs (grpc/) and the events' payloads (events/).

export const kindName = (k: orgV1.AgencyKind) => enumName(k, orgV1.agencyKindToJSON, 'AGENCY_KIND_');
export const categoryName = (c: orgV1.OfficialCategory) => enumName(c, orgV1.officialCategoryToJSON, 'OFFICIAL_CATEGORY_');

export const toProtoAgency = (a: Agency): orgV1.Agency => ({
  id: a.id,
  tenantId: a.tenantId,
  code: a.code,
  name: a.name,
  kind: enumValue(a.kind, orgV1.agencyKindFromJSON, 'AGENCY_KIND_'),
  createTime: a.createdAt,
});

export const toProtoUnit = (u: Unit): orgV1.Unit => ({
  id: u.id,
  tenantId: u.tenantId,
  agencyId: u.agencyId,
  parentUnitId: u.parentUnitId ?? '',
  code: u.code,
  name: u.name,
  createTime: u.createdAt,
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
});
