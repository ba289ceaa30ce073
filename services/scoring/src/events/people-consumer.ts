import type { Pool } from '@thuocdo/db';
import type { Logger } from '@thuocdo/kit';
import { type ConsumerConfig, ConsumerRunner, type Kafka, on, type Producer, withInbox } from '@thuocdo/messaging';
import { Events, orgV1 } from '@thuocdo/proto';
import { consumerTopics } from '@thuocdo/registry';
import { enumName } from '@thuocdo/service';
import type { OfficialCategory } from '../domain/rule-pack';
import type { FactStore } from '../store/fact-store';

export const PEOPLE_GROUP = 'scoring.people';

/**
 * Keeps what scoring needs to know of people beyond the authorization directory: each
 * official's category (which pack scores them), each job position's leadership and group of
 * similar duties, and which position each post holds.
 */
export function peopleConsumer(deps: {
  kafka: Kafka;
  producer: Producer;
  pool: Pool;
  log: Logger;
  facts: FactStore;
  settings: ConsumerConfig;
}) {
  return new ConsumerRunner({
    kafka: deps.kafka,
    producer: deps.producer,
    log: deps.log,
    settings: deps.settings,
    groupId: PEOPLE_GROUP,
    topics: consumerTopics(PEOPLE_GROUP),
    handleBatch: withInbox(deps.pool, PEOPLE_GROUP, [
      on(Events.OfficialChanged, async (client, { official: o, removed }, env) => {
        if (!o) return;
        const category = (enumName(o.category, orgV1.officialCategoryToJSON, 'OFFICIAL_CATEGORY_') || 'CIVIL_SERVANT') as OfficialCategory;
        await deps.facts.applyOfficial(
          client,
          { id: o.id, tenantId: o.tenantId, category, fullName: o.fullName, staffCode: o.staffCode, removed },
          env.aggregateVersion,
        );
      }),
      on(Events.JobPositionChanged, async (client, { jobPosition: p, removed }, env) => {
        if (!p) return;
        await deps.facts.applyJobPosition(
          client,
          {
            id: p.id,
            tenantId: p.tenantId,
            agencyId: p.agencyId,
            category: enumName(p.category, orgV1.positionCategoryToJSON, 'POSITION_CATEGORY_'),
            leadership: p.leadership,
            removed,
          },
          env.aggregateVersion,
        );
      }),
      on(Events.MembershipChanged, async (client, { membership: m, removed }, env) => {
        if (!m) return;
        await deps.facts.applyMembership(
          client,
          {
            id: m.id,
            tenantId: m.tenantId,
            officialId: m.officialId,
            agencyId: m.agencyId,
            unitId: m.unitId,
            positionId: m.positionId || null,
            kind: m.kind === orgV1.MembershipKind.MEMBERSHIP_KIND_CONCURRENT ? 'CONCURRENT' : 'MAIN',
            validFrom: m.validFrom,
            validTo: m.validTo || null,
            removed,
          },
          env.aggregateVersion,
        );
      }),
    ]),
  });
}
