import {
  type AuditLogQuery,
  check,
  coversTenant,
  isStringTuple,
  PermissionDeniedError,
  readPage,
  type StoredAuditRecord,
  ValidationError,
} from '@thuocdo/kit';
import { auditV1 } from '@thuocdo/proto';
import { bindService, rpc } from './grpc-server';

const optional = (field: string, v: string, max = 200) => (v.trim() ? check.maxLength(field, v.trim(), max) : null);

/** A moment of the log: from 1970 to 9999 (the store keeps nothing outside). */
function moment(field: string, t: Date | undefined): string | null {
  if (!t) return null;
  const ms = t.getTime();
  if (!Number.isFinite(ms) || ms < 0 || ms >= Date.UTC(10000, 0, 1))
    throw new ValidationError(field, {
      vi: `${field} phải trong khoảng năm 1970 đến 9999`,
      en: `${field} must be within the years 1970 to 9999`,
    });
  return t.toISOString();
}

/** The filters of a ListAuditRecords call, validated. */
export function planAuditQuery(r: auditV1.ListAuditRecordsRequest): AuditLogQuery {
  const fromTime = moment('from_time', r.fromTime);
  const toTime = moment('to_time', r.toTime);
  if (fromTime && toTime && toTime <= fromTime)
    throw new ValidationError('to_time', { vi: 'to_time phải sau from_time', en: 'to_time must be after from_time' });
  const filters = {
    entityType: optional('entity_type', r.entityType, 50),
    entityId: optional('entity_id', r.entityId),
    actorSubject: optional('actor_subject', r.actorSubject),
    actorOfficialId: r.actorOfficialId ? check.uuid('actor_official_id', r.actorOfficialId) : null,
    fromTime,
    toTime,
  };
  return { filters, page: readPage(r, filters, isStringTuple(2)) };
}

/**
 * The audit log of one service over gRPC (thuocdo.audit.v1.AuditService): auditors and
 * administrators of the whole tenant read it; the gateway merges every service's log.
 */
export function auditService(
  service: string,
  list: (tenantId: string, q: AuditLogQuery) => Promise<{ items: StoredAuditRecord[]; nextPageToken: string }>,
) {
  return bindService('thuocdo.audit.v1.AuditService', auditV1.AuditServiceService, {
    listAuditRecords: rpc('audit.read', async (req, { actor }) => {
      // The log tells of every record of the tenant: only tenant-wide readers see it.
      if (!coversTenant(actor.scope)) throw new PermissionDeniedError();
      const { items, nextPageToken } = await list(actor.principal.tenantId, planAuditQuery(req));
      return {
        records: items.map((a) => ({
          id: a.id,
          service,
          occurTime: a.occurredAt,
          tenantId: a.tenantId,
          actorSubject: a.actorSubject,
          actorOfficialId: a.actorOfficialId ?? '',
          clientId: a.clientId,
          action: a.action,
          entityType: a.entityType,
          entityId: a.entityId,
          beforeJson: a.before === null || a.before === undefined ? '' : JSON.stringify(a.before),
          afterJson: a.after === null || a.after === undefined ? '' : JSON.stringify(a.after),
          traceId: a.traceId ?? '',
        })),
        nextPageToken,
      };
    }),
  });
}
