import type { DirectoryRecord, GrantNodeKind, Role } from '@thuocdo/kit';
import { decodePayload, type EventEnvelope } from '@thuocdo/messaging';
import { Events, orgV1 } from '@thuocdo/proto';

const orNull = (s: string) => s || null;
const nodeKind = (k: orgV1.OrgNodeKind): GrantNodeKind => orgV1.orgNodeKindToJSON(k).replace('ORG_NODE_KIND_', '') as GrantNodeKind;

/**
 * The directory record an org event carries: the record after the change, or its removal, with
 * the envelope's aggregate version (the newest wins). Undefined for an event without its record.
 */
export function directoryRecordOf(env: EventEnvelope): DirectoryRecord | undefined {
  const version = env.aggregateVersion;
  switch (env.eventType) {
    case Events.AgencyChanged.typeName: {
      const { agency: a, removed } = decodePayload(env, Events.AgencyChanged);
      return a && { kind: 'agency', id: a.id, version, removed, value: { id: a.id, tenantId: a.tenantId, code: a.code, name: a.name } };
    }
    case Events.UnitChanged.typeName: {
      const { unit: u, removed, history, lineage } = decodePayload(env, Events.UnitChanged);
      return (
        u && {
          kind: 'unit',
          id: u.id,
          version,
          removed,
          value: {
            id: u.id,
            tenantId: u.tenantId,
            agencyId: u.agencyId,
            name: u.name,
            validFrom: u.validFrom,
            validTo: orNull(u.validTo),
            periods: history.map((p) => ({ validFrom: p.validFrom, validTo: orNull(p.validTo), parentUnitId: orNull(p.parentUnitId) })),
            predecessors: lineage.filter((l) => l.successorId === u.id).map((l) => l.predecessorId),
          },
        }
      );
    }
    case Events.OfficialChanged.typeName: {
      const { official: o, removed } = decodePayload(env, Events.OfficialChanged);
      return (
        o && {
          kind: 'official',
          id: o.id,
          version,
          removed,
          value: { id: o.id, tenantId: o.tenantId, idpSubject: orNull(o.idpSubject), active: o.active },
        }
      );
    }
    case Events.MembershipChanged.typeName: {
      const { membership: m, removed } = decodePayload(env, Events.MembershipChanged);
      return (
        m && {
          kind: 'membership',
          id: m.id,
          version,
          removed,
          value: {
            id: m.id,
            tenantId: m.tenantId,
            officialId: m.officialId,
            agencyId: m.agencyId,
            unitId: m.unitId,
            kind: m.kind === orgV1.MembershipKind.MEMBERSHIP_KIND_CONCURRENT ? 'CONCURRENT' : 'MAIN',
            validFrom: m.validFrom,
            validTo: orNull(m.validTo),
          },
        }
      );
    }
    case Events.RoleGrantChanged.typeName: {
      const { roleGrant: g, removed } = decodePayload(env, Events.RoleGrantChanged);
      return (
        g && {
          kind: 'role_grant',
          id: g.id,
          version,
          removed,
          value: {
            id: g.id,
            tenantId: g.tenantId,
            officialId: orNull(g.officialId),
            clientId: orNull(g.clientId),
            role: g.role as Role,
            nodeKind: nodeKind(g.nodeKind),
            nodeId: g.nodeId,
            validFrom: g.validFrom,
            validTo: orNull(g.validTo),
          },
        }
      );
    }
    default:
      throw new Error(`not an org directory event: ${env.eventType}`);
  }
}

/** Of several records of one kind and id, the newest: a batch may carry a record's every change. */
export function newestOf(records: DirectoryRecord[]): DirectoryRecord[] {
  const newest = new Map<string, DirectoryRecord>();
  for (const r of records) {
    const key = `${r.kind}:${r.id}`;
    const known = newest.get(key);
    if (!known || known.version < r.version) newest.set(key, r);
  }
  return [...newest.values()];
}
