import type { OutboxRecord } from '@thuocdo/db';
import { aboutEntity, type EventEncoder } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import type { OrgEvent } from '../domain/org';
import { toProtoAgency, toProtoOfficial, toProtoUnit } from '../grpc/mapping';

/** org's facts as outbox rows: agencies, units and officials, keyed by their id. */
export function orgEvents(encoder: EventEncoder) {
  return (e: OrgEvent): OutboxRecord => {
    switch (e.kind) {
      case 'AgencyCreated':
        return encoder.encode({
          type: Events.AgencyCreated,
          payload: { agency: toProtoAgency(e.agency) },
          ...aboutEntity(e.agency, e.agency.createdAt),
        });
      case 'UnitCreated':
        return encoder.encode({
          type: Events.UnitCreated,
          payload: { unit: toProtoUnit(e.unit) },
          ...aboutEntity(e.unit, e.unit.createdAt),
        });
      case 'OfficialCreated':
        return encoder.encode({
          type: Events.OfficialCreated,
          payload: { official: toProtoOfficial(e.official) },
          ...aboutEntity(e.official, e.official.createdAt),
        });
    }
  };
}
