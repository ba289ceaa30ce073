-- HR's consolidation of a closed period: what the list ranks by, officials' names for the list
-- and its spreadsheet, and the audited overrides of the EXCELLENT quota.
ALTER TABLE period_result
  ADD COLUMN unit_id        uuid,
  ADD COLUMN general_points integer NOT NULL DEFAULT 0,
  ADD COLUMN task_points    integer NOT NULL DEFAULT 0,
  -- Kept shares of assigned products, in basis points: the quota's ranking after the total.
  ADD COLUMN quality_bp     integer NOT NULL DEFAULT 0,
  ADD COLUMN timeliness_bp  integer NOT NULL DEFAULT 0;

ALTER TABLE official_ref
  ADD COLUMN full_name  text NOT NULL DEFAULT '',
  ADD COLUMN staff_code text NOT NULL DEFAULT '';

-- A candidate for EXCELLENT kept beyond the quota (the exception for organisations with
-- outstanding results), up to the pack's ceiling; granted by tenant-wide HR with the reason.
CREATE TABLE quota_override (
  tenant_id    text        NOT NULL,
  period       text        NOT NULL,
  official_id  uuid        NOT NULL,
  reason       text        NOT NULL,
  granted_by   text        NOT NULL,
  granted_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, period, official_id)
);
