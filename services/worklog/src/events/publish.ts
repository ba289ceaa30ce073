import type { OutboxRecord } from '@thuocdo/db';
import { aboutEntity, type EventEncoder } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import type { WorklogEvent } from '../domain/work-log';
import { toProtoChange, toProtoEntry } from '../grpc/mapping';

/** The diary's facts as outbox rows, keyed by the entry's id: a new entry, then each change with the values before it. */
export function worklogEvents(encoder: EventEncoder) {
  return (e: WorklogEvent): OutboxRecord => {
    if (e.kind === 'WorkLogged')
      return encoder.encode({
        type: Events.WorkLogged,
        payload: { entry: toProtoEntry(e.entry) },
        ...aboutEntity(e.entry, e.entry.createdAt),
      });
    return encoder.encode({
      type: Events.WorkLogChanged,
      payload: { entry: toProtoEntry(e.entry), previous: toProtoEntry(e.previous), change: toProtoChange(e.change) },
      ...aboutEntity(e.entry, e.entry.updatedAt),
    });
  };
}
