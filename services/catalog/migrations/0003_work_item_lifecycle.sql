-- The catalog of the KPI working group: groups, sectors, products, coefficients, positions, a
-- lifecycle with who and when, and revisions with the dates they are in force.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE work_item
  ADD COLUMN item_group          text        NOT NULL DEFAULT 'B' CHECK (item_group IN ('A', 'B', 'C', 'D')),
  ADD COLUMN sector              text        NOT NULL DEFAULT '',
  ADD COLUMN product             text        NOT NULL DEFAULT '',
  ADD COLUMN complexity_group    text        NOT NULL DEFAULT '',
  ADD COLUMN difficulty_min      integer     NOT NULL DEFAULT 100,
  ADD COLUMN difficulty_max      integer     NOT NULL DEFAULT 100,
  ADD COLUMN urgency_min         integer     NOT NULL DEFAULT 100,
  ADD COLUMN urgency_max         integer     NOT NULL DEFAULT 100,
  ADD COLUMN position_categories text[]      NOT NULL DEFAULT '{}',
  ADD COLUMN agency_id           uuid,
  -- Items made before the lifecycle existed were in use: published, revision 1, in force since they were made.
  ADD COLUMN status              text        NOT NULL DEFAULT 'PUBLISHED' CHECK (status IN ('DRAFT', 'SUBMITTED', 'PUBLISHED', 'RETIRED')),
  ADD COLUMN revision            integer     NOT NULL DEFAULT 1,
  ADD COLUMN effective_from      date,
  ADD COLUMN effective_to        date,
  ADD COLUMN published_revision  integer     NOT NULL DEFAULT 1,
  ADD COLUMN created_by          text        NOT NULL DEFAULT '',
  ADD COLUMN submitted_by        text,
  ADD COLUMN submitted_at        timestamptz,
  ADD COLUMN approved_by         text,
  ADD COLUMN approved_at         timestamptz,
  ADD COLUMN retired_by          text,
  ADD COLUMN retired_at          timestamptz,
  ADD COLUMN return_reason       text        NOT NULL DEFAULT '',
  ADD COLUMN updated_at          timestamptz,
  ADD COLUMN search_document     text        NOT NULL DEFAULT '',
  ADD CONSTRAINT work_item_group_agency CHECK ((item_group = 'C') = (agency_id IS NOT NULL));

-- The search document here is only lower-cased (SQL has no Vietnamese fold); the next edit writes the folded one.
UPDATE work_item SET effective_from = (created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, updated_at = created_at,
                     approved_at = created_at, search_document = ' ' || lower(code) || ' ' || lower(name);
ALTER TABLE work_item ALTER COLUMN effective_from SET NOT NULL, ALTER COLUMN updated_at SET NOT NULL;
ALTER TABLE work_item ALTER COLUMN status DROP DEFAULT, ALTER COLUMN published_revision DROP DEFAULT;

CREATE INDEX work_item_search ON work_item USING gin (search_document gin_trgm_ops);
CREATE INDEX work_item_queue ON work_item (tenant_id, status, code);

-- Every published revision, kept for good: work logged under it keeps its meaning. A revision is
-- in force on days in [effective_from, effective_to); the next one closes it.
CREATE TABLE work_item_revision (
  work_item_id        uuid        NOT NULL REFERENCES work_item (id),
  revision            integer     NOT NULL,
  tenant_id           text        NOT NULL,
  code                text        NOT NULL,
  name                text        NOT NULL,
  item_group          text        NOT NULL,
  sector              text        NOT NULL,
  product             text        NOT NULL,
  product_unit        text        NOT NULL,
  standard_minutes    integer     NOT NULL,
  complexity_group    text        NOT NULL,
  difficulty_min      integer     NOT NULL,
  difficulty_max      integer     NOT NULL,
  urgency_min         integer     NOT NULL,
  urgency_max         integer     NOT NULL,
  position_categories text[]      NOT NULL,
  agency_id           uuid,
  effective_from      date        NOT NULL,
  effective_to        date,
  created_by          text        NOT NULL,
  created_at          timestamptz NOT NULL,
  submitted_by        text,
  submitted_at        timestamptz,
  approved_by         text,
  approved_at         timestamptz NOT NULL,
  search_document     text        NOT NULL,
  PRIMARY KEY (work_item_id, revision),
  CHECK (effective_to IS NULL OR effective_to > effective_from)
);

INSERT INTO work_item_revision
SELECT id, 1, tenant_id, code, name, item_group, sector, product, product_unit, standard_minutes, complexity_group,
       difficulty_min, difficulty_max, urgency_min, urgency_max, position_categories, agency_id, effective_from, NULL,
       created_by, created_at, NULL, NULL, NULL, created_at, search_document
  FROM work_item;

CREATE INDEX work_item_revision_in_force ON work_item_revision (tenant_id, code, effective_from);
CREATE INDEX work_item_revision_search ON work_item_revision USING gin (search_document gin_trgm_ops);

-- The tenant's conversion scale (thang quy đổi).
CREATE TABLE conversion_scale (
  tenant_id                text        PRIMARY KEY,
  standard_product_name    text        NOT NULL,
  standard_product_minutes integer     NOT NULL CHECK (standard_product_minutes > 0),
  complexity_groups        jsonb       NOT NULL,
  version                  bigint      NOT NULL,
  updated_by               text        NOT NULL,
  updated_at               timestamptz NOT NULL
);
