import type { OutboxRecord } from '@thuocdo/db';
import { aboutEntity, type EventEncoder } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import type { UnitKpiRecord, UnitKpiSet } from '../domain/unit-kpi';
import { toProtoUnitKpi } from '../grpc/mapping';

/**
 * A unit's KPI result of a period after a recording, as an outbox row keyed by the set (the
 * version is the record's, within its period: consumers key by set and period).
 */
export function unitKpiEvents(encoder: EventEncoder) {
  return (set: UnitKpiSet, record: UnitKpiRecord): OutboxRecord =>
    encoder.encode({
      type: Events.UnitKpiResultChanged,
      payload: { tenantId: set.tenantId, result: toProtoUnitKpi(set, record.period, record, false) },
      ...aboutEntity({ id: set.id, tenantId: set.tenantId, version: record.version }, record.at),
    });
}
