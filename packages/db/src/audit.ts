import { type AuditLogQuery, type AuditRecord, type StoredAuditRecord, toPage } from '@thuocdo/kit';
import { currentTraceparent } from '@thuocdo/telemetry';
import type pg from 'pg';

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

/** A tenant's audit log, newest first, filtered and paged by keyset. */
export async function listAuditLog(pool: pg.Pool, tenantId: string, q: AuditLogQuery) {
  const f = q.filters;
  const [afterTime, afterId] = q.page.after ?? [null, null];
  const { rows } = await pool.query(
    `SELECT id::text, occurred_at, tenant_id, actor_subject, actor_official_id, client_id, action, entity_type, entity_id,
            before, after, trace_id
       FROM audit_log
      WHERE tenant_id = $1 AND ($2::text IS NULL OR entity_type = $2) AND ($3::text IS NULL OR entity_id = $3)
        AND ($4::text IS NULL OR actor_subject = $4) AND ($5::text IS NULL OR actor_official_id = $5)
        AND ($6::timestamptz IS NULL OR occurred_at >= $6) AND ($7::timestamptz IS NULL OR occurred_at < $7)
        AND ($8::timestamptz IS NULL OR (occurred_at, id) < ($8::timestamptz, $9::bigint))
      ORDER BY occurred_at DESC, id DESC LIMIT $10`,
    [tenantId, f.entityType, f.entityId, f.actorSubject, f.actorOfficialId, f.fromTime, f.toTime, afterTime, afterId, q.page.size + 1],
  );
  const records: StoredAuditRecord[] = rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at,
    tenantId: r.tenant_id,
    actorSubject: r.actor_subject,
    actorOfficialId: r.actor_official_id,
    clientId: r.client_id,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
    traceId: r.trace_id,
  }));
  return toPage(records, q.page, q.filters, (r) => [r.occurredAt.toISOString(), r.id]);
}
