import type { OutboxRecord } from '@thuocdo/db';
import { aboutEntity, type EventEncoder } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import type { WorklogEvent } from '../domain/work-log';
import { toProtoEntry } from '../grpc/mapping';

/** worklog's facts as outbox rows, keyed by the entry's id. */
export function worklogEvents(encoder: EventEncoder) {
  return (e: WorklogEvent): OutboxRecord =>
    encoder.encode({ type: Events.WorkLogged, payload: { entry: toProtoEntry(e.entry) }, ...aboutEntity(e.entry, e.entry.createdAt) });
}
