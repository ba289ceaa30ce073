import { formatHundredths } from '@thuocdo/kit';
import type { worklogV1 } from '@thuocdo/proto';
import type { LogWorkRequest, WorkLogEntry } from '../domain/work-log';

// Protobuf ↔ domain, for the RPCs (grpc/) and the events' payloads (events/).

export const fromLogWorkRequest = (r: worklogV1.LogWorkRequest): LogWorkRequest => ({
  officialId: r.officialId,
  workDate: r.workDate,
  workItemId: r.workItemId,
  quantityDecimal: r.quantityDecimal,
  legacyQuantity: r.quantity,
  minutes: r.minutes,
  note: r.note,
  requestId: r.requestId,
});

export const toProtoEntry = (e: WorkLogEntry): worklogV1.WorkLogEntry => ({
  id: e.id,
  tenantId: e.tenantId,
  officialId: e.officialId,
  agencyId: e.agencyId,
  unitId: e.unitId,
  workDate: e.workDate,
  workItemId: e.workItemId,
  quantityDecimal: formatHundredths(e.quantity),
  // The deprecated double, for clients that have not moved to quantity_decimal yet.
  quantity: e.quantity / 100,
  minutes: e.minutes,
  note: e.note,
  createTime: e.createdAt,
});
