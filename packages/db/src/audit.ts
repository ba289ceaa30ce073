import type { Actor } from '@thuocdo/kit';
import { currentTraceparent } from '@thuocdo/telemetry';

/** One row of the audit log (migrations/0002_audit_log.sql): who changed what, before and after. */
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

export const AUDIT_COLUMNS = 11;

/** The values of one audit row, in the order of AUDIT_INSERT's columns. */
export function auditValues(r: AuditRecord): unknown[] {
  const traceId = currentTraceparent()?.split('-')[1] ?? null;
  return [
    r.occurredAt,
    r.tenantId,
    r.actorSubject,
    r.actorOfficialId,
    r.clientId,
    r.action,
    r.entityType,
    r.entityId,
    r.before === null || r.before === undefined ? null : JSON.stringify(r.before),
    r.after === null || r.after === undefined ? null : JSON.stringify(r.after),
    traceId,
  ];
}

export const AUDIT_INSERT =
  'INSERT INTO audit_log (occurred_at, tenant_id, actor_subject, actor_official_id, client_id, action, entity_type, entity_id, before, after, trace_id)';

/** "($b, $b+1, …)" placeholders of one audit row whose first parameter is number b. */
export const auditPlaceholders = (b: number) =>
  `($${b}::timestamptz, $${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}::jsonb, $${b + 9}::jsonb, $${b + 10})`;
