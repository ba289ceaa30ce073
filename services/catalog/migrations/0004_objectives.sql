-- Objectives and key results (OKR: mục tiêu và kết quả then chốt), from the tenant down to one
-- official. Each objective keeps its rolled-up progress and how many key results and aligned
-- objectives it has, so that lists read rows and never walk the tree: every write that changes
-- them updates the objective and its ancestors in the same transaction (store/objective-store.ts).
CREATE TABLE objective (
  id                 uuid        PRIMARY KEY,
  tenant_id          text        NOT NULL,
  level              text        NOT NULL CHECK (level IN ('TENANT', 'AGENCY', 'UNIT', 'INDIVIDUAL')),
  -- Lists go from the tenant down: TENANT 1, AGENCY 2, UNIT 3, INDIVIDUAL 4.
  level_rank         smallint    NOT NULL GENERATED ALWAYS AS (
                       CASE level WHEN 'TENANT' THEN 1 WHEN 'AGENCY' THEN 2 WHEN 'UNIT' THEN 3 ELSE 4 END) STORED,
  -- The agency, unit or official it belongs to; none for the tenant's own.
  node_id            uuid,
  agency_id          uuid,
  owner_official_id  uuid        NOT NULL,
  title              text        COLLATE "vi-VN-x-icu" NOT NULL,
  description        text        NOT NULL DEFAULT '',
  parent_id          uuid        REFERENCES objective (id),
  -- The text it comes from (căn cứ): a resolution, programme or plan; all NULL when none is cited.
  source_kind        text        CHECK (source_kind IN ('RESOLUTION', 'PROGRAMME', 'PLAN', 'OTHER')),
  source_number      text,
  source_date        date,
  source_title       text,
  commitment         text        NOT NULL CHECK (commitment IN ('COMMITTED', 'ASPIRATIONAL')),
  period_year        smallint    NOT NULL CHECK (period_year BETWEEN 2000 AND 2100),
  -- 1–4, or 0 for the whole year.
  period_quarter     smallint    NOT NULL CHECK (period_quarter BETWEEN 0 AND 4),
  -- 0–1; NULL while neither its key results nor its aligned objectives give it any.
  progress           double precision CHECK (progress BETWEEN 0 AND 1),
  key_result_count   integer     NOT NULL DEFAULT 0,
  child_count        integer     NOT NULL DEFAULT 0,
  version            bigint      NOT NULL,
  created_by         text        NOT NULL,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  CONSTRAINT objective_node CHECK ((level = 'TENANT') = (node_id IS NULL)),
  CONSTRAINT objective_not_own_parent CHECK (parent_id <> id)
);
-- ListObjectives, ordered (level, title, id) for keyset pages: the roots of a period, the
-- objectives aligned to one, every objective of a period.
CREATE INDEX objective_roots ON objective (tenant_id, period_year, period_quarter, level_rank, title, id) WHERE parent_id IS NULL;
CREATE INDEX objective_children ON objective (parent_id, level_rank, title, id);
CREATE INDEX objective_period ON objective (tenant_id, period_year, period_quarter, level_rank, title, id);
CREATE INDEX objective_agency ON objective (agency_id, period_year, period_quarter);
CREATE INDEX objective_owner ON objective (owner_official_id, period_year, period_quarter);

CREATE TABLE key_result (
  id                 uuid        PRIMARY KEY,
  tenant_id          text        NOT NULL,
  objective_id       uuid        NOT NULL REFERENCES objective (id),
  title              text        NOT NULL,
  kind               text        NOT NULL CHECK (kind IN ('NUMBER', 'PERCENT', 'CURRENCY', 'MILESTONE')),
  measure_unit       text        NOT NULL DEFAULT '',
  start_value        double precision NOT NULL,
  target_value       double precision NOT NULL,
  -- The latest check-in's value (by date), the start before any.
  current_value      double precision NOT NULL,
  direction          text        NOT NULL CHECK (direction IN ('INCREASING', 'DECREASING')),
  weight             integer     NOT NULL CHECK (weight BETWEEN 1 AND 100),
  confidence         double precision NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  progress           double precision NOT NULL CHECK (progress BETWEEN 0 AND 1),
  last_check_in_date date,
  version            bigint      NOT NULL,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL
);
CREATE INDEX key_result_objective ON key_result (objective_id, created_at, id);

CREATE TABLE key_result_check_in (
  id                 uuid        PRIMARY KEY,
  tenant_id          text        NOT NULL,
  key_result_id      uuid        NOT NULL REFERENCES key_result (id),
  value              double precision NOT NULL,
  confidence         double precision NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  comment            text        NOT NULL DEFAULT '',
  check_in_date      date        NOT NULL,
  -- The caller's id for the check-in: a retry finds the one it recorded.
  request_id         uuid,
  created_by         text        NOT NULL,
  created_at         timestamptz NOT NULL
);
CREATE INDEX key_result_check_in_newest ON key_result_check_in (key_result_id, check_in_date DESC, id DESC);
CREATE UNIQUE INDEX key_result_check_in_request ON key_result_check_in (tenant_id, request_id) WHERE request_id IS NOT NULL;
