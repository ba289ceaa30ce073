import { createHash } from 'node:crypto';
import { hundredthsFromNumber, type Logger, parseHundredths } from '@thuocdo/kit';
import { type ConsumerConfig, ConsumerRunner, decodePayload, type FetchOptions, type Kafka, type Producer } from '@thuocdo/messaging';
import { Events, type worklogV1 } from '@thuocdo/proto';
import { consumerTopics } from '@thuocdo/registry';
import type { AgencyName, WorkLogFact } from '../domain/dashboard';
import type { AnalyticsStore } from '../store/analytics-store';

export const FACT_GROUP = 'analytics.facts';

/** A WorkLogged payload as a fact; quantity from the exact field, or the deprecated double of older events. */
export function factOf(entry: worklogV1.WorkLogEntry, eventId: string, version: number): WorkLogFact {
  return {
    tenantId: entry.tenantId,
    agencyId: entry.agencyId,
    unitId: entry.unitId,
    officialId: entry.officialId,
    workItemId: entry.workItemId,
    entryId: entry.id,
    workDate: entry.workDate,
    quantity: (entry.quantityDecimal ? parseHundredths(entry.quantityDecimal) : hundredthsFromNumber(entry.quantity)) ?? 0,
    minutes: entry.minutes,
    eventId,
    version,
    createdAt: entry.createTime ?? new Date(0),
  };
}

/**
 * Feeds ClickHouse from Kafka: each partition's batch becomes one insert per table, with an
 * insert_deduplication_token built from the batch's event ids (a retried batch is dropped by
 * ClickHouse) and a check that skips entries already stored (a redelivered event in a
 * different batch is counted once).
 */
export function factConsumer(deps: {
  kafka: Kafka;
  producer: Producer;
  log: Logger;
  store: AnalyticsStore;
  settings: ConsumerConfig;
  fetch: Partial<FetchOptions>;
}) {
  return new ConsumerRunner({
    kafka: deps.kafka,
    producer: deps.producer,
    log: deps.log,
    settings: deps.settings,
    fetch: deps.fetch,
    groupId: FACT_GROUP,
    topics: consumerTopics(FACT_GROUP),
    async handleBatch(events, info) {
      const facts: WorkLogFact[] = [];
      const agencies: AgencyName[] = [];
      for (const e of events) {
        if (e.envelope.eventType === Events.WorkLogged.typeName) {
          const { entry } = decodePayload(e.envelope, Events.WorkLogged);
          if (entry) facts.push(factOf(entry, e.envelope.eventId, e.envelope.aggregateVersion));
        } else if (e.envelope.eventType === Events.AgencyChanged.typeName) {
          const { agency } = decodePayload(e.envelope, Events.AgencyChanged);
          if (agency)
            agencies.push({
              tenantId: agency.tenantId,
              agencyId: agency.id,
              code: agency.code,
              name: agency.name,
              version: e.envelope.aggregateVersion,
            });
        } else {
          throw new Error(`${FACT_GROUP}: no handler for ${e.envelope.eventType}`);
        }
      }
      // The token names the batch's content, not its offsets: offsets start again at 0 on a
      // new local broker while ClickHouse keeps its deduplication window.
      const token = createHash('sha256')
        .update(`${info.topic}:${facts.map((f) => f.eventId).join(',')}`)
        .digest('hex');
      await deps.store.addWorkLogFacts(facts, token);
      await deps.store.addAgencies(agencies);
    },
  });
}
