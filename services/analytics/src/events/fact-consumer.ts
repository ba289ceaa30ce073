import { createHash } from 'node:crypto';
import { ConsumerRunner, decodePayload, type Kafka, type Producer } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import type { Logger } from 'pino';
import { toFact, type WorkLogFact } from '../domain/dashboard';
import type { AgencyRow, AnalyticsStore } from '../store/analytics-store';

export const FACT_GROUP = 'analytics.facts';

/**
 * Feeds ClickHouse from Kafka: each partition's batch becomes one insert per table, with an
 * insert_deduplication_token built from the batch's event ids (a retried batch is dropped by
 * ClickHouse) and a check that skips entries already stored (a redelivered event in a
 * different batch is counted once).
 */
export function factConsumer(deps: { kafka: Kafka; producer: Producer; log: Logger; store: AnalyticsStore }) {
  return new ConsumerRunner({
    kafka: deps.kafka,
    producer: deps.producer,
    log: deps.log,
    groupId: FACT_GROUP,
    topics: [Events.WorkLogged.topic, Events.AgencyCreated.topic],
    // ClickHouse wants few, large inserts: let the broker gather up to ~1 s of events.
    maxBatchSize: 10_000,
    fetchWaitMs: 1000,
    fetchMinBytes: 1024 * 1024,
    partitionsConsumedConcurrently: 1,
    async handleBatch(events, info) {
      const facts: WorkLogFact[] = [];
      const agencies: AgencyRow[] = [];
      for (const e of events) {
        if (e.envelope.eventType === Events.WorkLogged.typeName) {
          const { entry } = decodePayload(e.envelope, Events.WorkLogged);
          if (entry) facts.push(toFact(entry, e.envelope.eventId, e.envelope.aggregateVersion));
        } else if (e.envelope.eventType === Events.AgencyCreated.typeName) {
          const { agency } = decodePayload(e.envelope, Events.AgencyCreated);
          if (agency)
            agencies.push({
              tenant_id: agency.tenantId,
              agency_id: agency.id,
              code: agency.code,
              name: agency.name,
              version: e.envelope.aggregateVersion,
            });
        }
      }
      // The token names the batch's content, not its offsets: offsets start again at 0 on a
      // new local broker while ClickHouse keeps its deduplication window.
      const token = createHash('sha256')
        .update(`${info.topic}:${facts.map((f) => f.event_id).join(',')}`)
        .digest('hex');
      await deps.store.addWorkLogFacts(facts, token);
      await deps.store.addAgencies(agencies);
    },
  });
}
