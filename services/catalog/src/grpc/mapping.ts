import { catalogV1, orgV1 } from '@thuocdo/proto';
import { enumName, enumValue } from '@thuocdo/service';
import type { ConversionScale } from '../domain/conversion';
import type { FieldsInput, SavedScale, Stamp, WorkItem } from '../domain/work-item';

// Protobuf ↔ domain, for the RPCs (grpc/) and the events' payloads (events/).

export const groupName = (g: catalogV1.WorkItemGroup) => enumName(g, catalogV1.workItemGroupToJSON, 'WORK_ITEM_GROUP_');
export const statusName = (s: catalogV1.WorkItemStatus) => enumName(s, catalogV1.workItemStatusToJSON, 'WORK_ITEM_STATUS_');
export const viewName = (v: catalogV1.WorkItemView) => enumName(v, catalogV1.workItemViewToJSON, 'WORK_ITEM_VIEW_');
export const positionCategoryName = (c: orgV1.PositionCategory) => enumName(c, orgV1.positionCategoryToJSON, 'POSITION_CATEGORY_');

const step = (s: Stamp | null): catalogV1.LifecycleStep | undefined => (s ? { by: s.by, time: s.at } : undefined);

export const toProtoWorkItem = (w: WorkItem): catalogV1.WorkItem => ({
  id: w.id,
  tenantId: w.tenantId,
  code: w.code,
  name: w.name,
  productUnit: w.productUnit,
  standardMinutes: w.standardMinutes,
  createTime: w.created.at,
  group: enumValue(w.group, catalogV1.workItemGroupFromJSON, 'WORK_ITEM_GROUP_'),
  sector: w.sector,
  product: w.product,
  complexityGroup: w.complexityGroup,
  difficulty: { minHundredths: w.difficulty.min, maxHundredths: w.difficulty.max },
  urgency: { minHundredths: w.urgency.min, maxHundredths: w.urgency.max },
  positionCategories: w.positionCategories.map((c) => enumValue(c, orgV1.positionCategoryFromJSON, 'POSITION_CATEGORY_')),
  agencyId: w.agencyId ?? '',
  status: enumValue(w.status, catalogV1.workItemStatusFromJSON, 'WORK_ITEM_STATUS_'),
  revision: w.revision,
  effectiveFrom: w.effectiveFrom,
  effectiveTo: w.effectiveTo ?? '',
  publishedRevision: w.publishedRevision,
  created: step(w.created),
  submitted: step(w.submitted),
  approved: step(w.approved),
  retired: step(w.retired),
  returnReason: w.returnReason,
  version: w.version,
  updateTime: w.updatedAt,
});

/** The editable fields of a request, as the domain parses them. */
export const fieldsInput = (f: catalogV1.WorkItemFields): FieldsInput => ({
  name: f.name,
  group: groupName(f.group),
  sector: f.sector,
  product: f.product,
  productUnit: f.productUnit,
  standardMinutes: f.standardMinutes,
  complexityGroup: f.complexityGroup,
  difficulty: f.difficulty,
  urgency: f.urgency,
  positionCategories: f.positionCategories.map(positionCategoryName),
  agencyId: f.agencyId,
  effectiveFrom: f.effectiveFrom,
});

/**
 * CreateWorkItem before items had groups: code, name, unit and minutes only. Such a request
 * drafts a shared item of group B, as the catalog held before.
 */
export const legacyFields = (r: catalogV1.CreateWorkItemRequest): FieldsInput => ({
  name: r.name,
  group: 'B',
  sector: '',
  product: '',
  productUnit: r.productUnit,
  standardMinutes: r.standardMinutes,
  complexityGroup: '',
  positionCategories: [],
  agencyId: '',
  effectiveFrom: '',
});

export const toProtoScale = (s: SavedScale): catalogV1.ConversionScale => ({
  standardProductName: s.standardProductName,
  standardProductMinutes: s.standardProductMinutes,
  complexityGroups: s.complexityGroups,
  version: s.version,
  updateTime: s.updatedAt,
});

export const fromProtoScale = (s: catalogV1.ConversionScale | undefined): ConversionScale & { version: number } => ({
  standardProductName: s?.standardProductName.trim() ?? '',
  standardProductMinutes: s?.standardProductMinutes ?? 0,
  complexityGroups: (s?.complexityGroups ?? []).map((g) => ({ code: g.code.trim(), coefficientHundredths: g.coefficientHundredths })),
  version: s?.version ?? 0,
});
