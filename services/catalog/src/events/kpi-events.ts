import type { OutboxRecord } from '@thuocdo/db';
import { aboutEntity, type EventEncoder } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import type { KpiSetChange } from '../domain/kpi-set';
import { toProtoKpiSet } from '../grpc/kpi-mapping';

/** A KPI set after each change, whole, keyed by its id with its version (consumers keep the highest). */
export function kpiEvents(encoder: EventEncoder) {
  return (c: KpiSetChange): OutboxRecord =>
    encoder.encode({
      type: Events.KpiSetChanged,
      payload: { kpiSet: toProtoKpiSet(c.after) },
      ...aboutEntity(c.after, c.after.updatedAt),
    });
}
