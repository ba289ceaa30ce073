import type { OutboxRecord } from '@thuocdo/db';
import { aboutEntity, type EventEncoder } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import type { OkrChange } from '../domain/objective';
import { toProtoCheckIn, toProtoCommitment, toProtoKeyResult, toProtoObjective } from '../grpc/objective-mapping';

/**
 * Objectives and key results as outbox rows: each change publishes the record as it is after
 * it, keyed by its id with its version. An objective's carries its progress; a key result's its
 * objective's commitment and the check-in that changed it, if one did.
 */
export function objectiveEvents(encoder: EventEncoder) {
  return (c: OkrChange, occurredAt: Date): OutboxRecord =>
    c.type === 'objective'
      ? encoder.encode({
          type: Events.ObjectiveChanged,
          payload: { objective: toProtoObjective(c.after) },
          ...aboutEntity(c.after, occurredAt),
        })
      : encoder.encode({
          type: Events.KeyResultChanged,
          payload: {
            keyResult: toProtoKeyResult(c.after),
            checkIn: c.checkIn ? toProtoCheckIn(c.checkIn) : undefined,
            commitment: toProtoCommitment(c.commitment),
          },
          ...aboutEntity(c.after, occurredAt),
        });
}
