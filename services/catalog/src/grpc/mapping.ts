import type { catalogV1 } from '@thuocdo/proto';
import type { WorkItem } from '../domain/work-item';

// Protobuf ↔ domain, for the RPCs (grpc/) and the events' payloads (events/).

export const toProtoWorkItem = (w: WorkItem): catalogV1.WorkItem => ({
  id: w.id,
  tenantId: w.tenantId,
  code: w.code,
  name: w.name,
  productUnit: w.productUnit,
  standardMinutes: w.standardMinutes,
  createTime: w.createdAt,
});
