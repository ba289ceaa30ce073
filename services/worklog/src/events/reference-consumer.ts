import type { Pool } from '@thuocdo/db';
import type { Logger } from '@thuocdo/kit';
import { type ConsumerConfig, ConsumerRunner, type Kafka, on, type Producer, withInbox } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import { consumerTopics } from '@thuocdo/registry';
import type { WorkItemRefs } from '../store/work-item-refs';

export const REFERENCE_GROUP = 'worklog.references';

/** Keeps the catalog's published work-item revisions from its events (inbox-deduplicated). */
export function referenceConsumer(deps: {
  kafka: Kafka;
  producer: Producer;
  pool: Pool;
  log: Logger;
  workItems: WorkItemRefs;
  settings: ConsumerConfig;
}) {
  return new ConsumerRunner({
    kafka: deps.kafka,
    producer: deps.producer,
    log: deps.log,
    settings: deps.settings,
    groupId: REFERENCE_GROUP,
    topics: consumerTopics(REFERENCE_GROUP),
    handleBatch: withInbox(deps.pool, REFERENCE_GROUP, [
      // Officials log against published revisions (never drafts), each in force over its dates.
      on(Events.WorkItemChanged, async (client, { published }, env) => {
        if (published) await deps.workItems.apply(client, published, env.aggregateVersion);
      }),
    ]),
  });
}
