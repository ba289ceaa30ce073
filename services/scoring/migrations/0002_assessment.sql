-- What people enter about an official's period: general criteria points, the leader's reduced
-- organisation (đ) or unity (e), disqualifiers. One row per official and period, replaced as a
-- whole by each recording (version + 1); the audit log keeps every earlier one.
CREATE TABLE assessment (
  tenant_id             text        NOT NULL,
  period                text        NOT NULL,
  official_id           uuid        NOT NULL,
  -- Criterion code → hundredths of a point.
  general               jsonb       NOT NULL,
  organisation_reduced  boolean     NOT NULL DEFAULT false,
  unity_reduced         boolean     NOT NULL DEFAULT false,
  disqualifiers         text[]      NOT NULL DEFAULT '{}',
  comment               text        NOT NULL DEFAULT '',
  assessed_by           text        NOT NULL,
  assessed_at           timestamptz NOT NULL,
  version               bigint      NOT NULL CHECK (version > 0),
  PRIMARY KEY (tenant_id, period, official_id)
);
