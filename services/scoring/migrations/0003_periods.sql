-- Evaluation periods (kỳ đánh giá) of a tenant. A period without a row is open: scores are worked
-- out on request from the facts as they stand. Closing one stores every official's result with
-- its breakdown (period_result) and freezes it: late events no longer change it. An HR
-- administrator may reopen it (audited, with the reason); its results are then worked out live
-- again until it closes anew.
CREATE TABLE period (
  tenant_id    text        NOT NULL,
  period       text        NOT NULL,
  status       text        NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
  closed_at    timestamptz,
  closed_by    text,
  reason       text        NOT NULL DEFAULT '',
  results      integer     NOT NULL DEFAULT 0,
  version      bigint      NOT NULL CHECK (version > 0),
  PRIMARY KEY (tenant_id, period)
);

-- Each official's result of a closed period, as it was when the period closed.
CREATE TABLE period_result (
  tenant_id     text        NOT NULL,
  period        text        NOT NULL,
  official_id   uuid        NOT NULL,
  agency_id     uuid        NOT NULL,
  duty_group    text        NOT NULL,
  pack_code     text        NOT NULL,
  pack_version  integer     NOT NULL,
  total         integer     NOT NULL,
  grade         text        NOT NULL,
  -- The score with its breakdown and the assessment it included: thuocdo.scoring.v1.OfficialScore
  -- in protobuf, as GetOfficialScore answers it (a province-month's breakdowns name every diary
  -- entry; binary keeps them a fraction of their JSON and quick to write).
  breakdown     bytea       NOT NULL,
  computed_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, period, official_id)
);
CREATE INDEX period_result_agency ON period_result (tenant_id, period, agency_id, total DESC);
-- Kept out of line without compression: PostgreSQL's default compression (pglz) took most of
-- the time of closing a province-month, for breakdowns read one at a time.
ALTER TABLE period_result ALTER COLUMN breakdown SET STORAGE EXTERNAL;
