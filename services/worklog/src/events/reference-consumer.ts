import type { Pool } from '@thuocdo/db';
import { ConsumerRunner, decodePayload, type Kafka, type Producer, withInbox } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import type { Logger } from 'pino';
import type { WorklogStore } from '../store/worklog-store';

export const REFERENCE_GROUP = 'worklog.references';

/** Keeps official_ref and work_item_ref current from org and catalog events (inbox-deduplicated). */
export function referenceConsumer(deps: { kafka: Kafka; producer: Producer; pool: Pool; log: Logger; store: WorklogStore }) {
  return new ConsumerRunner({
    kafka: deps.kafka,
    producer: deps.producer,
    log: deps.log,
    groupId: REFERENCE_GROUP,
    topics: [Events.OfficialCreated.topic, Events.WorkItemCreated.topic],
    handleBatch: withInbox(deps.pool, REFERENCE_GROUP, async (client, e) => {
      if (e.envelope.eventType === Events.OfficialCreated.typeName) {
        const { official } = decodePayload(e.envelope, Events.OfficialCreated);
        if (official) await deps.store.upsertOfficial(client, official);
      } else if (e.envelope.eventType === Events.WorkItemCreated.typeName) {
        const { workItem } = decodePayload(e.envelope, Events.WorkItemCreated);
        if (workItem) await deps.store.upsertWorkItem(client, workItem);
      }
    }),
  });
}
