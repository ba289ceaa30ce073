-- Unit KPI sets (KPI nền tảng, chức năng, đặc thù) as catalog publishes them, newest version
-- kept (event_version), and the actual values each unit reached in a month or quarter. A unit's
-- score is worked out from both when asked; its leaders' unit result (d) may take it.
CREATE TABLE unit_kpi_set (
  id             uuid        PRIMARY KEY,
  tenant_id      text        NOT NULL,
  agency_id      uuid        NOT NULL,
  -- Null for an agency's own set.
  unit_id        uuid,
  year           integer     NOT NULL,
  name           text        NOT NULL,
  -- The indicators as @thuocdo/kpi scores them (code, group, type, targets, cap, steps, weight).
  indicators     jsonb       NOT NULL,
  set_version    bigint      NOT NULL,
  event_version  bigint      NOT NULL
);
CREATE INDEX unit_kpi_set_year ON unit_kpi_set (tenant_id, year, agency_id);

CREATE TABLE unit_kpi_actual (
  tenant_id    text        NOT NULL,
  kpi_set_id   uuid        NOT NULL,
  period       text        NOT NULL,
  -- Indicator code → actual value.
  actuals      jsonb       NOT NULL,
  recorded_by  text        NOT NULL,
  recorded_at  timestamptz NOT NULL,
  version      integer     NOT NULL CHECK (version > 0),
  PRIMARY KEY (tenant_id, period, kpi_set_id)
);
