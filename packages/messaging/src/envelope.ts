import type { OutboxRecord } from '@thuocdo/db';
import { uuidv7 } from '@thuocdo/db';
import { type EventType, eventsV1 } from '@thuocdo/proto';

export type EventEnvelope = eventsV1.EventEnvelope;

/** A fact about to be published: its type and payload and the aggregate it is about. */
export interface NewEvent<T> {
  type: EventType<T>;
  payload: T;
  tenantId: string;
  aggregateId: string;
  /** The aggregate's row version after the change: consumers keep the highest. */
  aggregateVersion: number;
  occurredAt: Date;
}

/**
 * Turns facts into outbox rows for one producer (a service's OTEL_SERVICE_NAME), which may
 * publish only the event types it declares in the service registry.
 */
export class EventEncoder {
  private readonly allowed: Set<string>;

  constructor(
    readonly producer: string,
    produces: readonly EventType<any>[],
  ) {
    this.allowed = new Set(produces.map((t) => t.typeName));
  }

  encode<T>(e: NewEvent<T>): OutboxRecord {
    if (!this.allowed.has(e.type.typeName))
      throw new Error(`${this.producer} does not declare ${e.type.typeName} among the events it produces`);
    const eventId = uuidv7();
    const envelope = eventsV1.EventEnvelope.encode({
      eventId,
      eventType: e.type.typeName,
      occurredAt: e.occurredAt,
      producer: this.producer,
      tenantId: e.tenantId,
      aggregateId: e.aggregateId,
      aggregateVersion: e.aggregateVersion,
      payload: Buffer.from(e.type.codec.encode(e.payload).finish()),
    }).finish();
    return { eventId, topic: e.type.topic, key: e.aggregateId, envelope };
  }
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

/** The envelope fields of a fact about an entity that has an id, a tenant and a version. */
export const aboutEntity = (x: { id: string; tenantId: string; version: number }, occurredAt: Date) => ({
  tenantId: x.tenantId,
  aggregateId: x.id,
  aggregateVersion: x.version,
  occurredAt,
});
