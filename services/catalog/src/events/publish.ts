import type { OutboxRecord } from '@thuocdo/db';
import { aboutEntity, type EventEncoder } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import type { CatalogEvent } from '../domain/work-item';
import { toProtoWorkItem } from '../grpc/mapping';

/** catalog's facts as outbox rows, keyed by the work item's id. */
export function catalogEvents(encoder: EventEncoder) {
  return (e: CatalogEvent): OutboxRecord =>
    encoder.encode({
      type: Events.WorkItemCreated,
      payload: { workItem: toProtoWorkItem(e.workItem) },
      ...aboutEntity(e.workItem, e.workItem.createdAt),
    });
}
