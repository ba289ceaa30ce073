-- A tenant's scoring settings: the day of the month after a period by which it closes. No row:
-- the deployment's default (SCORING_CLOSING_DAY).
CREATE TABLE scoring_settings (
  tenant_id    text        PRIMARY KEY,
  closing_day  integer     NOT NULL CHECK (closing_day BETWEEN 0 AND 28),
  version      integer     NOT NULL CHECK (version > 0),
  updated_by   text        NOT NULL,
  updated_at   timestamptz NOT NULL
);
