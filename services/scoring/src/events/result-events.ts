import type { OutboxRecord } from '@thuocdo/db';
import type { EventEncoder } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import type { ConsolidatedRow } from '../domain/consolidation';
import type { QuotaGroupSummary } from '../domain/quota';
import { toProtoQuotaGroup, toProtoResult } from '../grpc/mapping';

export interface AgencyResults {
  tenantId: string;
  period: string;
  agencyId: string;
  closed: boolean;
  rows: ConsolidatedRow[];
  groups: (QuotaGroupSummary & { packCode: string })[];
  at: Date;
}

/**
 * An agency's results of a period as an outbox row keyed by the agency. Its version is the
 * change's time in milliseconds: closing, an exception and reopening each come later than the last.
 */
export function resultEvents(encoder: EventEncoder) {
  return (r: AgencyResults): OutboxRecord =>
    encoder.encode({
      type: Events.PeriodResultsChanged,
      payload: {
        tenantId: r.tenantId,
        period: r.period,
        agencyId: r.agencyId,
        closed: r.closed,
        results: r.rows.map(toProtoResult),
        groups: r.groups.map(toProtoQuotaGroup),
      },
      tenantId: r.tenantId,
      aggregateId: r.agencyId,
      aggregateVersion: r.at.getTime(),
      occurredAt: r.at,
    });
}
