-- KPI definitions (bộ chỉ số KPI): a unit's set for a year (KPI nền tảng / chức năng / đặc thù)
-- or a job position's individual template. The indicators are the set's own and always change
-- with it, so they live on its row as jsonb: one statement writes a set whole, with its version.
CREATE TABLE kpi_set (
  id               uuid PRIMARY KEY,
  tenant_id        text        NOT NULL,
  kind             text        NOT NULL CHECK (kind IN ('UNIT', 'POSITION_TEMPLATE')),
  agency_id        uuid        NOT NULL,
  -- UNIT: the unit, or NULL for the agency as a whole.
  unit_id          uuid,
  -- POSITION_TEMPLATE: the job position (org's; recorded as given).
  job_position_id  uuid,
  year             integer     NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  name             text        NOT NULL,
  indicators       jsonb       NOT NULL,
  version          bigint      NOT NULL,
  updated_by       text        NOT NULL,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  CHECK ((kind = 'UNIT' AND job_position_id IS NULL) OR (kind = 'POSITION_TEMPLATE' AND unit_id IS NULL AND job_position_id IS NOT NULL)),
  -- One set per owner and year; an agency-wide set (no unit) is an owner too.
  CONSTRAINT kpi_set_owner_year UNIQUE NULLS NOT DISTINCT (tenant_id, kind, agency_id, unit_id, job_position_id, year)
);

-- ListKpiSets: by year, then name (the page's keyset), filtered.
CREATE INDEX kpi_set_list ON kpi_set (tenant_id, year, name, id);
