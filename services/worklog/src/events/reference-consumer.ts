import type { Pool } from '@thuocdo/db';
import type { Logger } from '@thuocdo/kit';
import { type ConsumerConfig, ConsumerRunner, type Kafka, on, type Producer, withInbox } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import { consumerTopics } from '@thuocdo/registry';
import type { WorklogStore } from '../store/worklog-store';

export const REFERENCE_GROUP = 'worklog.references';

/** Keeps work_item_ref current from the catalog's events (inbox-deduplicated). */
export function referenceConsumer(deps: {
  kafka: Kafka;
  producer: Producer;
  pool: Pool;
  log: Logger;
  store: WorklogStore;
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
      // What officials log against is the revision last published; drafts of an item are not.
      on(Events.WorkItemChanged, async (client, { published }, env) => {
        if (published) await deps.store.upsertWorkItem(client, published, env.aggregateVersion);
      }),
    ]),
  });
}
