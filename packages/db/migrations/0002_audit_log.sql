-- Audit log (nhật ký kiểm tra): every change a service makes, with who made it, from which
-- client, and the record before and after, written in the same transaction as the change.
CREATE TABLE audit_log (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at  timestamptz NOT NULL,
  tenant_id    text        NOT NULL,
  -- The identity provider's subject and, when the caller is an official, their record.
  actor_subject  text      NOT NULL,
  actor_official_id text,
  -- The OAuth client the call came through (the web app, an integrator's service account).
  client_id    text        NOT NULL DEFAULT '',
  -- The RPC's action (packages/kit policy.ts) and the record changed.
  action       text        NOT NULL,
  entity_type  text        NOT NULL,
  entity_id    text        NOT NULL,
  before       jsonb,
  after        jsonb,
  trace_id     text
);
CREATE INDEX audit_log_tenant_time ON audit_log (tenant_id, occurred_at DESC, id DESC);
CREATE INDEX audit_log_entity ON audit_log (tenant_id, entity_type, entity_id, id);
