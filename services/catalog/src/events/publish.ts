import type { OutboxRecord } from '@thuocdo/db';
import { aboutEntity, type EventEncoder } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import type { CatalogEvent } from '../domain/work-item';
import { toProtoScale, toProtoWorkItem } from '../grpc/mapping';

/** The catalog's facts as outbox rows: work items keyed by their id, the conversion scale by its tenant. */
export function catalogEvents(encoder: EventEncoder) {
  return (e: CatalogEvent): OutboxRecord => {
    if (e.kind === 'ConversionScaleChanged')
      return encoder.encode({
        type: Events.ConversionScaleChanged,
        payload: { tenantId: e.tenantId, scale: toProtoScale(e.scale) },
        tenantId: e.tenantId,
        aggregateId: e.tenantId,
        aggregateVersion: e.scale.version,
        occurredAt: e.scale.updatedAt,
      });
    return encoder.encode({
      type: Events.WorkItemChanged,
      payload: { workItem: toProtoWorkItem(e.workItem), published: e.published ? toProtoWorkItem(e.published) : undefined },
      ...aboutEntity(e.workItem, e.workItem.updatedAt),
    });
  };
}
