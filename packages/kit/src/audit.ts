import type { Actor } from './decision';
import type { Page } from './paging';

/**
 * The audit log (nhật ký kiểm tra): every change a service makes records who made it (subject,
 * official, OAuth client), the action, the record, and the record before and after, in the same
 * transaction as the change (packages/db audit.ts writes and reads it; every service serves its
 * own log through thuocdo.audit.v1.AuditService).
 */

/** One row of the audit log (packages/db/migrations/0002_audit_log.sql): who changed what, before and after. */
export interface AuditRecord {
  occurredAt: Date;
  tenantId: string;
  actorSubject: string;
  actorOfficialId: string | null;
  clientId: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** The audit record of a change the actor made: `before` null for a creation, `after` null for a deletion. */
export function auditOf(actor: Actor, entityType: string, entityId: string, before: unknown, after: unknown): AuditRecord {
  return {
    occurredAt: actor.now,
    tenantId: actor.principal.tenantId,
    actorSubject: actor.principal.subject,
    actorOfficialId: actor.principal.officialId || null,
    clientId: actor.principal.clientId,
    action: actor.action,
    entityType,
    entityId,
    before,
    after,
  };
}

/** One row of the audit log as read back. */
export interface StoredAuditRecord extends AuditRecord {
  id: string;
  traceId: string | null;
}

export interface AuditLogQuery {
  filters: {
    entityType: string | null;
    entityId: string | null;
    actorSubject: string | null;
    actorOfficialId: string | null;
    fromTime: string | null;
    toTime: string | null;
  };
  /** After [occurred_at as ISO text, id] of the last row seen (newest first). */
  page: Page<string[]>;
}
