-- The evaluation of an official's period (quy trình đánh giá): its steps and the official's
-- comments, as JSON arrays that only grow (a step is never rewritten, only marked withdrawn when
-- the period reopens). One row per official and period; version + 1 at each change.
CREATE TABLE evaluation (
  tenant_id     text        NOT NULL,
  period        text        NOT NULL,
  official_id   uuid        NOT NULL,
  stage         text        NOT NULL,
  steps         jsonb       NOT NULL,
  comments      jsonb       NOT NULL,
  appeal_until  timestamptz,
  version       bigint      NOT NULL CHECK (version > 0),
  PRIMARY KEY (tenant_id, period, official_id)
);

-- The tenant's chain of approved results: each entry's hash covers its content and the hash of
-- the entry before it (services/scoring/src/domain/chain.ts). Rows are only ever added.
CREATE TABLE evaluation_chain (
  tenant_id       text        NOT NULL,
  seq             bigint      NOT NULL CHECK (seq > 0),
  kind            text        NOT NULL CHECK (kind IN ('APPROVED', 'WITHDRAWN')),
  period          text        NOT NULL,
  official_id     uuid        NOT NULL,
  total           integer     NOT NULL,
  grade           text        NOT NULL,
  pack_code       text        NOT NULL,
  pack_version    integer     NOT NULL,
  result_digest   text        NOT NULL,
  approved_by     text        NOT NULL,
  approved_at     timestamptz NOT NULL,
  prev_hash       text        NOT NULL,
  hash            text        NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);
