import type { OutboxRecord } from '@thuocdo/db';
import { aboutEntity, type EventEncoder } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import type { OrgChange } from '../domain/model';
import {
  toProtoAgency,
  toProtoJobPosition,
  toProtoMembership,
  toProtoOfficial,
  toProtoRoleGrant,
  toProtoUnit,
  toProtoUnitLineage,
  toProtoUnitPeriod,
} from '../grpc/mapping';

/**
 * org's facts as outbox rows: each change of a record publishes the record as it is after the
 * change (keyed by its id, with its version), or a tombstone (`removed`) with its last state
 * under the next version, so that it supersedes every earlier event of the record.
 */
export function orgEvents(encoder: EventEncoder) {
  return (c: OrgChange, occurredAt: Date): OutboxRecord => {
    const removed = c.after === null;
    const about = aboutEntity(c.after ?? { ...c.before!, version: c.before!.version + 1 }, occurredAt);
    switch (c.type) {
      case 'agency':
        return encoder.encode({ type: Events.AgencyChanged, payload: { agency: toProtoAgency(c.after), removed }, ...about });
      case 'unit':
        return encoder.encode({
          type: Events.UnitChanged,
          payload: {
            unit: toProtoUnit(c.after),
            removed,
            lineage: c.after.lineage.map(toProtoUnitLineage),
            history: c.after.periods.map(toProtoUnitPeriod),
          },
          ...about,
        });
      case 'job_position':
        return encoder.encode({
          type: Events.JobPositionChanged,
          payload: { jobPosition: toProtoJobPosition(c.after), removed },
          ...about,
        });
      case 'official':
        return encoder.encode({ type: Events.OfficialChanged, payload: { official: toProtoOfficial(c.after), removed }, ...about });
      case 'membership':
        return encoder.encode({
          type: Events.MembershipChanged,
          payload: { membership: toProtoMembership(c.after ?? { ...c.before!, version: about.aggregateVersion }), removed },
          ...about,
        });
      case 'role_grant':
        return encoder.encode({
          type: Events.RoleGrantChanged,
          payload: { roleGrant: toProtoRoleGrant(c.after ?? { ...c.before!, version: about.aggregateVersion }), removed },
          ...about,
        });
    }
  };
}
