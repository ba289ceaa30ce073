import type { OutboxRecord } from '@thuocdo/db';
import { uuidv7 } from '@thuocdo/db';
import { type EventType, eventsV1 } from '@thuocdo/proto';

export type EventEnvelope = eventsV1.EventEnvelope;

export interface NewEvent<T> {
  type: EventType<T>;
  payload: T;
  producer: string;
  tenantId: string;
  aggregateId: string;
  aggregateVersion?: number;
  occurredAt?: Date;
}

/** Builds the envelope and the outbox row for one fact. */
export function toOutboxRecord<T>(e: NewEvent<T>): OutboxRecord {
  const eventId = uuidv7();
  const envelope = eventsV1.EventEnvelope.encode({
    eventId,
    eventType: e.type.typeName,
    occurredAt: e.occurredAt ?? new Date(),
    producer: e.producer,
    tenantId: e.tenantId,
    aggregateId: e.aggregateId,
    aggregateVersion: e.aggregateVersion ?? 1,
    payload: Buffer.from(e.type.codec.encode(e.payload).finish()),
  }).finish();
  return { eventId, topic: e.type.topic, key: e.aggregateId, envelope };
}

export function decodeEnvelope(bytes: Uint8Array): EventEnvelope {
  const env = eventsV1.EventEnvelope.decode(bytes);
  if (!env.eventId || !env.eventType) throw new Error('envelope without event_id or event_type');
  return env;
}

/** Decodes the payload, checking that the envelope carries the expected type. */
export function decodePayload<T>(env: EventEnvelope, type: EventType<T>): T {
  if (env.eventType !== type.typeName) throw new Error(`expected ${type.typeName}, got ${env.eventType}`);
  return type.codec.decode(env.payload);
}
