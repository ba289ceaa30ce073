-- Requests to publish every record again as *-changed events (republishing): a consumer whose
-- store was lost, restored from a backup or is new rebuilds from them, applying them
-- idempotently (newer versions only). The org service works through pending requests in
-- batches, each batch's events and its progress in one transaction, under a lease that another
-- replica takes over when it lapses.
CREATE TABLE republish_request (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- NULL: every tenant.
  tenant_id     text,
  requested_at  timestamptz NOT NULL DEFAULT now(),
  requested_by  text        NOT NULL,
  -- Progress: the kind of record being published and the last id done.
  kind          text,
  after_id      uuid,
  published     bigint      NOT NULL DEFAULT 0,
  leased_until  timestamptz,
  done_at       timestamptz
);
CREATE INDEX republish_request_pending ON republish_request (id) WHERE done_at IS NULL;

-- Records written before the *-changed events existed are published once.
INSERT INTO republish_request (tenant_id, requested_by) VALUES (NULL, 'migration 0004');
